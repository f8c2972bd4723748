// The CLI and MCP tests run the real bin (dist/server/bin.js), so build it once per run.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
