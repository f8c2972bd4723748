// The login-shell environment resolver with fake shells: one that wraps the answer in banners (the
// markers find it), one that hangs (the resolver gives up at its timeout and keeps the app's own
// environment), one that fails, and Windows (nothing to do).
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergePath, parseMarked, resolveShellEnv } from '../../desktop/main/shell-env.js';

const dir = mkdtempSync(join(tmpdir(), 'cub-scout-shell-env-'));
const home = join(dir, 'home');
mkdirSync(home);

/** A fake shell: `$0 -l -i -c <script>`, as the resolver calls a login shell. */
function fakeShell(name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

const appEnv = { PATH: '/usr/bin:/bin', HOME: home, LANG: 'C' };

/** The app's own environment: every variable kept, PATH only extended after its own entries. */
function expectOriginal(env: NodeJS.ProcessEnv): void {
  expect({ ...env, PATH: appEnv.PATH }).toEqual(appEnv);
  expect(`${env.PATH}${delimiter}`.startsWith(`${appEnv.PATH}${delimiter}`)).toBe(true);
}

describe('resolveShellEnv', () => {
  it('reads the environment between the markers, whatever the shell prints around it', async () => {
    const shell = fakeShell(
      'banner-shell',
      `echo "Welcome to a chatty shell! Last login: today"
printf 'MOTD: no markers here\\n'
export PATH="/opt/cloud-tools/bin:$PATH" AWS_PROFILE=prod MULTI="line one
line two"
test "$1" = -l && test "$2" = -i && test "$3" = -c || exit 9
/bin/sh -c "$4"
echo "bye from the prompt"`,
    );
    const resolved = await resolveShellEnv({ shell, env: appEnv, platform: 'linux', home });
    expect(resolved.from).toBe('shell');
    expect(resolved.problem).toBeUndefined();
    expect(resolved.env.AWS_PROFILE).toBe('prod');
    expect(resolved.env.MULTI).toBe('line one\nline two');
    expect(resolved.env.LANG).toBe('C');
    expect(resolved.env.PATH?.split(delimiter).slice(0, 3)).toEqual([
      '/opt/cloud-tools/bin',
      '/usr/bin',
      '/bin',
    ]);
    expect(resolved.env.SHLVL).toBeUndefined();
    expect(Object.keys(resolved.env).some((k) => k.includes('Welcome') || k.includes('MOTD'))).toBe(false);
  });

  it('a shell that hangs: gives up at the timeout with the original environment', async () => {
    const shell = fakeShell('hanging-shell', 'echo "thinking..."\nsleep 300');
    const resolved = await resolveShellEnv({ shell, env: appEnv, platform: 'linux', timeoutMs: 300, home });
    expect(resolved.from).toBe('unchanged');
    expect(resolved.problem).toBe(`login shell ${shell} did not answer within 0.3 s`);
    expectOriginal(resolved.env);
  });

  it('a shell that exits 1: the original environment and why', async () => {
    const shell = fakeShell('failing-shell', 'echo "zshrc: syntax error" >&2\nexit 1');
    const resolved = await resolveShellEnv({ shell, env: appEnv, platform: 'darwin', home });
    expect(resolved).toMatchObject({ from: 'unchanged', problem: `login shell ${shell} exited with 1` });
    expectOriginal(resolved.env);
  });

  it('a shell that does not exist: the original environment and why', async () => {
    const resolved = await resolveShellEnv({
      shell: join(dir, 'no-such-shell'),
      env: appEnv,
      platform: 'linux',
      home,
    });
    expect(resolved.from).toBe('unchanged');
    expect(resolved.problem).toMatch(/^login shell .*no-such-shell could not start: .*ENOENT/);
  });

  it('does nothing on Windows', async () => {
    const shell = fakeShell('never-run', `touch ${join(dir, 'was-run')}`);
    const resolved = await resolveShellEnv({ shell, env: appEnv, platform: 'win32', home });
    expect(resolved).toEqual({ env: appEnv, from: 'unchanged' });
  });
});

describe('mergePath and parseMarked', () => {
  it('keeps the shell PATH first, adds tool folders that exist, never twice', () => {
    mkdirSync(join(home, '.krew', 'bin'), { recursive: true });
    const merged = mergePath(['/a:/b', '/b:/c'], 'linux', home).split(delimiter);
    expect(merged.slice(0, 3)).toEqual(['/a', '/b', '/c']);
    expect(merged).toContain(join(home, '.krew', 'bin'));
    expect(merged).not.toContain(join(home, 'google-cloud-sdk', 'bin'));
    expect(new Set(merged).size).toBe(merged.length);
  });

  it('finds nothing without both markers', () => {
    expect(parseMarked('junk M A=1\0 junk', 'M')).toBeUndefined();
    expect(parseMarked('junk MA=1\0B=x=y\0M junk', 'M')).toEqual({ A: '1', B: 'x=y' });
  });
});
