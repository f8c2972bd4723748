// The program around the commands: each command's code loads only when it runs (server/cli/main.ts),
// so what needs every command (--help, a typo, `help <command>`) must still see them all, and the
// bin package.json ships must be the bundle these tests run.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli } from '../helpers/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};

describe('cub-scout (the program)', () => {
  it('--version and -V print the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const { stdout, exitCode } = await cli([flag]);
      expect(stdout.trim()).toBe(manifest.version);
      expect(exitCode).toBe(0);
    }
  });

  it('--help lists every command', async () => {
    const { stdout, exitCode } = await cli(['--help']);
    expect(exitCode).toBe(0);
    for (const command of [
      'trace',
      'demo',
      'contexts',
      'snapshot',
      'mcp',
      'history',
      'pipelines',
      'scan',
      'ui',
    ])
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('a mistyped command is bad input with a suggestion', async () => {
    const { stderr, exitCode } = await cli(['trce', 'deployment/nginx']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain("unknown command 'trce'");
    expect(stderr).toContain('Did you mean trace?');
  });

  it('`help <command>` shows that command', async () => {
    const { stdout, exitCode } = await cli(['help', 'pipelines']);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('Usage: cub-scout pipelines');
  });

  it('the installed bin is the bundle the tests run', () => {
    expect(manifest.bin['cub-scout']).toBe(relative(ROOT, BIN));
  });
});
