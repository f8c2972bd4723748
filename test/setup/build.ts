// The CLI and MCP tests run the real bin (dist/cli/bin.js, the bundle users get), so build it once
// per run.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync('npm', ['run', '--silent', 'build:cli'], { stdio: 'inherit' });
}
