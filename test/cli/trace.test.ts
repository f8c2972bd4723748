// `cub-scout trace` and `cub-scout demo` run as a user runs them: the built bin, a child process.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceResultSchema } from '../../shared/model/trace-result.js';
import { cli } from '../helpers/cli.js';
import { scenarioPath } from '../helpers/scenario.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** One line on stderr, no stack trace. */
function expectOneLineError(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('cub-scout demo', () => {
  it('prints the demo traces with no cluster and no kubeconfig', async () => {
    const { stdout, exitCode } = await cli(['demo']);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('TRACE: deployment/nginx -n demo');
    expect(stdout).toMatch(/Kustomization\/apps\s+✗ Reconciliation failed/);
    expect(stdout).toMatch(/Deployment\/nginx\s+⚠ Running stale main@sha1:abc1230f9e8d/);
    expect(stdout).toContain('HelmRelease/podinfo');
    expect(stdout).toContain('OCIRepository/redis-manifests');
    expect(stdout).toMatch(/Kustomization\/monitoring\s+⚠ Suspended/);
    expect(stdout).toContain('not managed by GitOps');
  });
});

describe('cub-scout trace', () => {
  it('-o json follows the contract and names the failing Kustomization and both revisions', async () => {
    const { stdout, exitCode } = await cli([
      'trace',
      'deployment/nginx',
      '-n',
      'demo',
      '--demo',
      '-o',
      'json',
    ]);
    expect(exitCode).toBe(0);
    const result = TraceResultSchema.parse(JSON.parse(stdout));
    expect(result.object).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'nginx',
      namespace: 'demo',
    });
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining([
        'object',
        'tool',
        'managed',
        'fullyManaged',
        'chain',
        'diagnosis',
        'warnings',
        'tracedAt',
      ]),
    );
    for (const link of result.chain) {
      expect(Object.keys(link)).toEqual(
        expect.arrayContaining([
          'kind',
          'name',
          'apiVersion',
          'role',
          'ready',
          'status',
          'reason',
          'message',
          'revision',
          'path',
          'url',
          'suspended',
        ]),
      );
    }
    const broken = result.chain[result.diagnosis.brokenAt ?? -1];
    expect(broken).toMatchObject({ kind: 'Kustomization', name: 'apps', namespace: 'flux-system' });
    expect(result.diagnosis.running).toContain('abc1230f9e8d');
    expect(result.diagnosis.expected).toContain('def4560a1b2c');
    expect(Number.isNaN(Date.parse(result.tracedAt))).toBe(false);
  });

  it('accepts <kind> <name> and kubectl kind spellings', async () => {
    for (const args of [['deploy', 'nginx'], ['deployments.apps/nginx'], ['Deployment', 'nginx']]) {
      const { stdout, exitCode } = await cli(['trace', ...args, '-n', 'demo', '--demo']);
      expect(exitCode, args.join(' ')).toBe(0);
      expect(stdout).toContain('TRACE: deployment/nginx -n demo');
    }
  });

  it('reads a snapshot directory given with --snapshot', async () => {
    const { stdout, exitCode } = await cli([
      'trace',
      'pod/postgres-0',
      '-n',
      'data',
      '--snapshot',
      scenarioPath('flux-workload-owners'),
    ]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/StatefulSet\/postgres/);
    expect(stdout).toContain('HEALTHY');
  });

  it('-o wide adds URLs, paths and evidence', async () => {
    const { stdout } = await cli(['trace', 'deployment/nginx', '-n', 'demo', '--demo', '-o', 'wide']);
    expect(stdout).toContain('URL: https://github.com/acme/infra');
    expect(stdout).toContain('Path: ./clusters/prod/apps');
    expect(stdout).toContain('Evidence:');
  });

  it('--exit-code exits 1 for an unhealthy chain and 0 for a healthy one', async () => {
    expect((await cli(['trace', 'deployment/nginx', '-n', 'demo', '--demo', '--exit-code'])).exitCode).toBe(
      1,
    );
    expect((await cli(['trace', 'deployment/web', '-n', 'demo', '--demo', '--exit-code'])).exitCode).toBe(0);
    expect((await cli(['trace', 'deployment/nginx', '-n', 'demo', '--demo'])).exitCode).toBe(0);
  });

  it('colours only when asked: NO_COLOR and pipes give plain text', async () => {
    const plain = await cli(['trace', 'deployment/nginx', '-n', 'demo', '--demo']);
    expect(plain.stdout).not.toContain('\u001b[');
    const forced = await cli(['trace', 'deployment/nginx', '-n', 'demo', '--demo'], {
      NO_COLOR: '',
      FORCE_COLOR: '1',
    });
    expect(forced.stdout).toContain('\u001b[31m✗');
  });

  it('--help tells the truth about flags and exit codes', async () => {
    const { stdout, exitCode } = await cli(['trace', '--help']);
    expect(exitCode).toBe(0);
    for (const text of [
      '--namespace',
      '--snapshot',
      '--demo',
      '--context',
      '--exit-code',
      'Exit codes: 0 traced, 1 unhealthy',
    ]) {
      expect(stdout).toContain(text);
    }
  });
});

describe('bad input: one line, non-zero exit, no stack trace', () => {
  it.each([
    ['unknown kind', ['trace', 'frobnicator/x', '--demo'], 2, /^error: unknown kind "frobnicator"/],
    [
      'object not found',
      ['trace', 'deployment/nope', '-n', 'demo', '--demo'],
      2,
      /^error: Deployment\/nope not found in namespace demo/,
    ],
    ['no name', ['trace', 'deployment', '--demo'], 2, /^error: "deployment" names no object/],
    ['bad flag', ['trace', 'deployment/nginx', '--bogus'], 2, /^error: unknown option '--bogus'/],
    [
      'bad output format',
      ['trace', 'deployment/nginx', '--demo', '-o', 'yaml'],
      2,
      /^error: option .* argument 'yaml' is invalid/,
    ],
    [
      'malformed YAML',
      ['trace', 'cm/fine', '--snapshot', join(FIXTURES, 'malformed')],
      3,
      /^error: snapshot .*broken\.yaml:\d+: malformed YAML/,
    ],
    [
      'missing snapshot',
      ['trace', 'cm/fine', '--snapshot', '/nonexistent/snap.yaml'],
      3,
      /^error: snapshot .*no such file/,
    ],
    ['no kubeconfig', ['trace', 'deployment/nginx'], 3, /^error: no kubeconfig found .*--demo/],
  ])('%s', async (_name, args, code, pattern) => {
    const { stderr, exitCode } = await cli(args as string[]);
    expect(exitCode).toBe(code);
    expectOneLineError(stderr, pattern as RegExp);
  });

  it('an ownerReference cycle is traced with a warning, exit 0', async () => {
    const { stdout, exitCode } = await cli([
      'trace',
      'pod/loop-pod',
      '-n',
      'demo',
      '--snapshot',
      join(FIXTURES, 'owner-cycle'),
    ]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/warning: ownerReference cycle/);
  });

  it('a sourceRef to a missing object shows the missing link', async () => {
    const { stdout, exitCode } = await cli([
      'trace',
      'cm/payments-config',
      '-n',
      'legacy',
      '--snapshot',
      scenarioPath('flux-broken-refs'),
    ]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/GitRepository\/payments-repo\s+✗ Not found/);
  });
});
