// Exec credential plugins (EKS, GKE, AKS) and broken kubeconfigs, as a user meets them: a plugin that
// hangs is stopped (its whole process group) within the exec time limit, and every failure is one
// line naming the plugin's command and the context, never a raw JavaScript error.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CubScoutError } from '../../shared/errors/index.js';
import { openLiveReader } from '../../shared/reader/live.js';
import { cli } from '../helpers/cli.js';
import { type FakeApiServer, startFakeApiServer } from '../helpers/fake-apiserver.js';

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A plugin script in a fresh directory; `body` runs under /bin/sh with $DIR set to that directory. */
function plugin(body: string): { dir: string; command: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-exec-'));
  const command = join(dir, 'kube-login');
  writeFileSync(command, `#!/bin/sh\nDIR="${dir}"\n${body}\n`);
  chmodSync(command, 0o755);
  return { dir, command };
}

async function kubeconfigWith(command: string, dir: string): Promise<string> {
  server = await startFakeApiServer({ token: 'from-plugin' });
  return server.kubeconfig(dir, {
    exec: { apiVersion: 'client.authentication.k8s.io/v1', command, interactiveMode: 'Never' },
  });
}

async function credentialError(kubeconfig: string, execTimeoutMs?: number) {
  const reader = await openLiveReader({ kubeconfig, ...(execTimeoutMs ? { execTimeoutMs } : {}) });
  const started = Date.now();
  const error = await reader.resolveKind('deploy').then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CubScoutError);
  const e = error as CubScoutError;
  expect(e.message).not.toContain('\n');
  expect(e.message).toContain('context fake');
  return { error: e, seconds: (Date.now() - started) / 1000 };
}

/** Whether a process still runs (a zombie waiting for its parent to reap it does not). */
function running(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  const state = readFileSync(stat, 'utf8').replace(/^.*\) /s, '')[0];
  return state !== 'Z' && state !== 'X';
}

async function eventually(check: () => boolean, ms = 2000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

describe('exec credential plugins', () => {
  it('a plugin that hangs is stopped at the time limit, its whole process group with it', async () => {
    const { dir, command } = plugin(
      'echo $$ > "$DIR/plugin.pid"\nsleep 600 &\necho $! > "$DIR/sleep.pid"\nwait',
    );
    const kubeconfig = await kubeconfigWith(command, dir);
    const { error, seconds } = await credentialError(kubeconfig, 500);
    expect(seconds).toBeLessThan(3);
    expect(error.message).toContain(command);
    expect(error.message).toMatch(/no credentials within 0.5 s/);
    const pids = ['plugin.pid', 'sleep.pid'].map((f) => Number(readFileSync(join(dir, f), 'utf8')));
    expect(pids.every((pid) => pid > 0)).toBe(true);
    expect(await eventually(() => pids.every((pid) => !running(pid)))).toBe(true);
  });

  it('the CLI stops a hanging plugin within CUB_SCOUT_EXEC_TIMEOUT, in one line with exit code 3', async () => {
    const { dir, command } = plugin('echo $$ > "$DIR/plugin.pid"\nexec sleep 600');
    const kubeconfig = await kubeconfigWith(command, dir);
    const started = Date.now();
    const result = await cli(['pipelines'], { KUBECONFIG: kubeconfig, CUB_SCOUT_EXEC_TIMEOUT: '1' });
    expect((Date.now() - started) / 1000).toBeLessThan(10);
    expect(result.exitCode).toBe(3);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(command);
    const pid = Number(readFileSync(join(dir, 'plugin.pid'), 'utf8'));
    expect(await eventually(() => !running(pid))).toBe(true);
  });

  it('a plugin that exits 1 and prints nothing names the command and the exit code', async () => {
    const { dir, command } = plugin('exit 1');
    const { error } = await credentialError(await kubeconfigWith(command, dir));
    expect(error.message).toContain(command);
    expect(error.message).toMatch(/exited with code 1/);
    expect(error.message).not.toMatch(/unknown error/);
  });

  it("a plugin's error output is its message", async () => {
    const { dir, command } = plugin('echo "token expired: run aws sso login" >&2\nexit 2');
    const { error } = await credentialError(await kubeconfigWith(command, dir));
    expect(error.message).toMatch(/exited with code 2: token expired: run aws sso login/);
  });

  it('a plugin that prints JSON without status, or no JSON at all, is a clear line', async () => {
    const noStatus = plugin(
      `echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"}'`,
    );
    const first = await credentialError(await kubeconfigWith(noStatus.command, noStatus.dir));
    expect(first.error.message).toMatch(/ExecCredential without status/);
    expect(first.error.message).not.toMatch(/TypeError|Cannot read/);
    await server?.close();
    const notJson = plugin('echo hello');
    const second = await credentialError(await kubeconfigWith(notJson.command, notJson.dir));
    expect(second.error.message).toMatch(/not an ExecCredential \(not JSON\)/);
  });

  it('a plugin that cannot be run says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-exec-'));
    const { error } = await credentialError(await kubeconfigWith(join(dir, 'no-such-plugin'), dir));
    expect(error.message).toMatch(/cannot run exec credential plugin .*no-such-plugin/);
  });

  it('runs the plugin once per reader, gives it KUBERNETES_EXEC_INFO and uses its token', async () => {
    const credential =
      '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-plugin"}}';
    const { dir, command } = plugin(
      `echo run >> "$DIR/runs"\necho "$KUBERNETES_EXEC_INFO" > "$DIR/info"\necho '${credential}'`,
    );
    const reader = await openLiveReader({ kubeconfig: await kubeconfigWith(command, dir) });
    await reader.list(await reader.resolveKind('cm'), { namespace: 'demo' });
    expect(readFileSync(join(dir, 'runs'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, 'info'), 'utf8'))).toMatchObject({
      kind: 'ExecCredential',
      spec: { interactive: false },
    });
    expect(server?.requests.every((r) => r.authorization === 'Bearer from-plugin')).toBe(true);
  });
});

describe('broken kubeconfigs', () => {
  it('an empty kubeconfig is one line that says so, exit code 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-exec-'));
    const file = join(dir, 'config');
    writeFileSync(file, '');
    for (const args of [['pipelines'], ['trace', 'deploy/x']]) {
      const result = await cli(args, { KUBECONFIG: file });
      expect(result.exitCode, args.join(' ')).toBe(3);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/defines no contexts/);
      expect(result.stderr).not.toMatch(/Cannot read properties/);
    }
  });
});
