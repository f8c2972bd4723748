// Running another CLI for trace --via: real processes (fake `flux` scripts on a PATH of their own).
// A missing CLI, a failing one and a hanging one each give one warning line; the hanging one and
// everything it started are killed; no shell ever sees the arguments.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { errorLine, runCli } from '../../shared/crosscheck/run-cli.js';
import { crossCheck } from '../../shared/crosscheck/via.js';
import type { TraceResult } from '../../shared/model/trace-result.js';
import { survivors } from '../helpers/via-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cub-scout-run-cli-'));
const bin = join(dir, 'bin');
mkdirSync(bin);

function fake(name: string, script: string): void {
  writeFileSync(join(bin, name), `#!/bin/bash\n${script}\n`);
  chmodSync(join(bin, name), 0o755);
}

const env = () => ({ PATH: `${bin}:/usr/bin:/bin`, HOME: dir });

const ours: TraceResult = {
  object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'web' },
  tool: 'flux',
  managed: 'managed',
  fullyManaged: true,
  chain: [],
  diagnosis: { healthy: true, brokenAt: null, running: null, expected: null, summary: 'ok' },
  warnings: [],
  tracedAt: '2026-11-28T01:00:00Z',
};

describe('running the flux / argocd CLI', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a CLI that is not on PATH: one line, no throw', async () => {
    const outcome = await runCli('flux', ['trace'], { env: { PATH: join(dir, 'empty') } });
    expect(outcome).toMatchObject({ ok: false, warning: 'flux not found in PATH' });
  });

  it('a CLI that hangs (and forks): stopped after the timeout with everything it started', async () => {
    const pids = join(dir, 'pids');
    fake('flux', `sleep 600 & echo $! >> ${pids}; echo $$ >> ${pids}; wait`);
    const outcome = await runCli('flux', ['trace'], { env: env(), timeoutSeconds: 1 });
    expect(outcome).toMatchObject({ ok: false, warning: 'flux did not answer within 1 s (stopped it)' });
    const startedPids = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(startedPids).toHaveLength(2);
    expect(await survivors(startedPids)).toEqual([]);
  });

  it('a non-zero exit keeps stdout and stderr for the caller; errorLine finds the message', async () => {
    fake('flux', 'echo "► checking" >&2; echo "✗ context \\"prod\\" does not exist" >&2; exit 1');
    const outcome = await runCli('flux', ['trace'], { env: env() });
    expect(outcome.ok).toBe(true);
    if (outcome.ok) {
      expect(outcome.run.exitCode).toBe(1);
      expect(errorLine(outcome.run.stderr)).toBe('context "prod" does not exist');
    }
    expect(errorLine('{"level":"fatal","msg":"configmap \\"argocd-cm\\" not found","time":"x"}')).toBe(
      'configmap "argocd-cm" not found',
    );
  });

  it('arguments reach the CLI as they are: no shell expands them', async () => {
    const args = join(dir, 'args');
    fake('flux', `printf '%s\\n' "$@" > ${args}`);
    const marker = join(dir, 'pwned');
    await runCli('flux', ['trace', `$(touch ${marker})`, '`id`', '; rm -rf /'], { env: env() });
    expect(readFileSync(args, 'utf8').split('\n').slice(0, 4)).toEqual([
      'trace',
      `$(touch ${marker})`,
      '`id`',
      '; rm -rf /',
    ]);
    expect(existsSync(marker)).toBe(false);
  });

  it('crossCheck: the command it runs for --via flux, and a failing flux as one warning line', async () => {
    const args = join(dir, 'flux-args');
    fake('flux', `printf '%s\\n' "$@" > ${args}; echo '✗ unable to connect' >&2; exit 1`);
    const check = await crossCheck('flux', ours, { context: 'prod', env: env() });
    expect(readFileSync(args, 'utf8').trim().split('\n')).toEqual([
      'trace',
      '--kind=Deployment',
      '--api-version=apps/v1',
      '--namespace=web',
      '--context=prod',
      '--',
      'web',
    ]);
    expect(check).toMatchObject({
      tool: 'flux',
      warning: 'flux trace failed (exit 1): unable to connect',
      differences: [],
    });
    expect(check.theirs).toBeUndefined();
  });

  it('crossCheck refuses names that would read as options or paths, without running anything', async () => {
    const bad = { ...ours, object: { ...ours.object, name: '--kubeconfig=/etc/passwd' } };
    const check = await crossCheck('flux', bad, { env: env() });
    expect(check.command).toEqual([]);
    expect(check.warning).toMatch(/may not contain "\/"|is not a name/);
    const dash = { ...ours, object: { ...ours.object, name: '-rf' } };
    expect((await crossCheck('flux', dash, { env: env() })).warning).toMatch(/is not a name/);
  });

  it('--via argocd on an object no Application manages: a warning, argocd is not run', async () => {
    const check = await crossCheck('argocd', ours, { env: env() });
    expect(check).toMatchObject({ command: [], differences: [] });
    expect(check.warning).toBe('no Argo CD Application manages Deployment web: nothing to ask argocd');
  });
});
