#!/usr/bin/env node
// The `cub-scout` command: CLI and MCP server share this bin.
import { VERSION } from './cli/version.js';

// `cub-scout demo | head`: a reader that goes away is not an error (as with kubectl).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const [, , first, ...rest] = process.argv;
if (rest.length === 0 && (first === '--version' || first === '-V')) {
  // What commander would print, without loading it and the command table: scripts and editors
  // ask for the version often, and it should cost no more than starting Node.
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import('./cli/main.js');
  process.exitCode = await main(process.argv);
}
