#!/usr/bin/env node
// The `cub-scout` command: CLI and MCP server share this bin.
import { main } from './cli/main.js';

// `cub-scout demo | head`: a reader that goes away is not an error (as with kubectl).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv);
