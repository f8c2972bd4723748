// The command line: one program, a command per question. Commands are thin adapters over the
// engine in shared/; they parse flags, call it, and print.
//
// Each command's module (and through it the engine, the Kubernetes client, the MCP SDK, zod, the
// YAML parsers) is imported only when that command runs: `cub-scout --version` loads none of
// them, `cub-scout trace` only trace's. `--help`, no command or an unknown one loads them all (the
// help lists every command, a typo gets a suggestion).
import { Command, CommanderError } from 'commander';
import { EXIT, reportError } from './common.js';
import { VERSION } from './version.js';

/** Every command by name, in the order `--help` lists them. Append new commands here. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  trace: async () => (await import('./trace.js')).traceCommand(),
  demo: async () => (await import('./demo.js')).demoCommand(),
  contexts: async () => (await import('./contexts.js')).contextsCommand(),
  snapshot: async () => (await import('./snapshot.js')).snapshotCommand(),
  mcp: async () => (await import('./mcp.js')).mcpCommand(),
  history: async () => (await import('./history.js')).historyCommand(),
  pipelines: async () => (await import('./pipelines.js')).pipelinesCommand(),
  scan: async () => (await import('./scan.js')).scanCommand(),
  ui: async () => (await import('./ui.js')).uiCommand(),
  diff: async () => (await import('./diff.js')).diffCommand(),
  logs: async () => (await import('./logs.js')).logsCommand(),
};

/** Which commands `argv` needs: the one it names, none for --version, else all of them. */
function commandsFor(argv: string[]): string[] {
  const first = argv[2];
  if (first !== undefined && Object.hasOwn(COMMANDS, first)) return [first];
  if (argv.length === 3 && (first === '--version' || first === '-V')) return [];
  return Object.keys(COMMANDS);
}

export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = new Command('cub-scout')
    .description('Where did this Kubernetes object come from, and where does its delivery chain break?')
    .version(VERSION)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      outputError: (text, write) => write(`error: ${text.replace(/^error: /, '').trim()}\n`),
    });
  const names = commandsFor(argv);
  for (const command of await Promise.all(
    names.map((name) => (COMMANDS[name] as () => Promise<Command>)()),
  )) {
    command.exitOverride();
    program.addCommand(command);
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  process.exitCode = undefined;
  try {
    await (await buildProgram(argv)).parseAsync(argv);
    return Number(process.exitCode ?? EXIT.ok);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; every other parse error is bad input.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    return reportError(error);
  }
}
