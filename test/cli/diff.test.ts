// `cub-scout diff` and `cub-scout history --deployer` as a user runs them, on snapshots: exit codes
// like kubectl diff (0 in sync, 1 drift, 2 bad input), text and JSON, and never the canary.
import { describe, expect, it } from 'vitest';
import { DeployerHistorySchema } from '../../shared/model/deployer-history.js';
import { DiffResultSchema } from '../../shared/model/diff.js';
import { expectNoCanary } from '../helpers/canary.js';
import { cli } from '../helpers/cli.js';
import { scenarioPath } from '../helpers/scenario.js';

const DRIFT = ['--snapshot', scenarioPath('drift')];

describe('cub-scout diff', () => {
  it('exit 1 and the drifted fields with manager and time when someone edited the object', async () => {
    const r = await cli(['diff', 'deployment/web', '-n', 'drift', ...DRIFT]);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stdout).toContain(
      'desired:  Helm release drift/web revision 2 (Secret sh.helm.release.v1.web.v2)',
    );
    expect(r.stdout).toContain(
      '~ spec.template.spec.containers[name=web].image: "nginx:1.27" → "nginx:1.28"',
    );
    expect(r.stdout).toContain(
      'last written by kubectl-edit = kubectl edit (Update) at 2026-11-27T14:05:00Z',
    );
    expect(r.stdout).toContain(
      'kubectl = kubectl scale (Update, subresource scale) (time not recorded by the API server)',
    );
    expect(r.stdout).toMatch(
      /^DRIFT {2}Deployment drift\/web differs from its desired state in 2 field\(s\)/m,
    );
  });

  it('exit 0 when in sync; -o json is the DiffResult contract', async () => {
    const r = await cli(['diff', 'configmap', 'web-config', '-n', 'drift', '-o', 'json', ...DRIFT]);
    expect(r.exitCode, r.stderr).toBe(0);
    const diff = DiffResultSchema.parse(JSON.parse(r.stdout));
    expect(diff).toMatchObject({ drifted: false, desiredSource: 'helm-release', changes: [] });
  });

  it('never prints Secret or ConfigMap values, nor Helm values', async () => {
    for (const target of ['secret/web-creds', 'cm/web-config', 'deploy/web'])
      for (const output of ['text', 'json']) {
        const r = await cli(['diff', target, '-n', 'drift', '-o', output, ...DRIFT]);
        expect(r.exitCode, r.stderr).toBeLessThan(2);
        expectNoCanary(r.stdout + r.stderr, `diff ${target} -o ${output}`);
      }
  });

  it('exit 2 with one line for an unknown object or kind', async () => {
    const missing = await cli(['diff', 'deployment/nope', '-n', 'drift', ...DRIFT]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr.trim()).toBe(
      `error: Deployment drift/nope not found in snapshot ${scenarioPath('drift')}`,
    );
    const kind = await cli(['diff', 'frobnicator/x', ...DRIFT]);
    expect(kind.exitCode).toBe(2);
    expect(kind.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('cub-scout history --deployer', () => {
  it('lists the Helm revisions newest first, from labels only', async () => {
    const r = await cli([
      'history',
      'deployment/shop-web',
      '-n',
      'shop',
      '--deployer',
      '--snapshot',
      scenarioPath('helm-revisions'),
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.includes('DEPLOY'));
    expect(lines.map((l) => /revision (\d+) applied/.exec(l)?.[1])).toEqual(['3', '2', '1']);
    expectNoCanary(r.stdout + r.stderr, 'history --deployer');
  });

  it('-o json is the DeployerHistory contract; without an object it is bad input', async () => {
    const r = await cli([
      'history',
      'ks/web',
      '-n',
      'flux-system',
      '--deployer',
      '-o',
      'json',
      '--snapshot',
      scenarioPath('flux-real'),
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const history = DeployerHistorySchema.parse(JSON.parse(r.stdout));
    expect(history.deployer).toMatchObject({ kind: 'Kustomization', name: 'web' });
    expect(history.events[0]?.type).toBe('deploy');
    const bad = await cli(['history', '--deployer', '--demo']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim()).toBe('error: --deployer needs an object: <kind>/<name>');
  });
});
