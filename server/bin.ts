#!/usr/bin/env node
// The `cub-scout` command: CLI and MCP server share this bin.
import { main } from './cli/main.js';

process.exitCode = await main(process.argv);
