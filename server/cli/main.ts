// The command line: one program, a command per question. Commands are thin adapters over the
// engine in shared/; they parse flags, call it, and print.
import { Command, CommanderError } from 'commander';
import { EXIT, reportError } from './common.js';
import { contextsCommand } from './contexts.js';
import { demoCommand } from './demo.js';
import { historyCommand } from './history.js';
import { logsCommand } from './logs.js';
import { mcpCommand } from './mcp.js';
import { pipelinesCommand } from './pipelines.js';
import { scanCommand } from './scan.js';
import { snapshotCommand } from './snapshot.js';
import { traceCommand } from './trace.js';
import { uiCommand } from './ui.js';
import { VERSION } from './version.js';

export function buildProgram(): Command {
  const program = new Command('cub-scout')
    .description('Where did this Kubernetes object come from, and where does its delivery chain break?')
    .version(VERSION)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      outputError: (text, write) => write(`error: ${text.replace(/^error: /, '').trim()}\n`),
    });
  for (const command of [
    traceCommand(),
    demoCommand(),
    contextsCommand(),
    snapshotCommand(),
    mcpCommand(),
    historyCommand(),
    pipelinesCommand(),
    scanCommand(),
    uiCommand(),
    logsCommand(),
  ]) {
    command.exitOverride();
    program.addCommand(command);
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  process.exitCode = undefined;
  try {
    await buildProgram().parseAsync(argv);
    return Number(process.exitCode ?? EXIT.ok);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; every other parse error is bad input.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    return reportError(error);
  }
}
