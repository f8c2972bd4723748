// What real clusters do to a tracer: RBAC that hides a kind, a CRD that is not installed, an exec
// credential plugin, a server that does not answer. Each must give a result with a warning or one
// clear line, never a crash, a hang or a false "orphaned" verdict.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Engine } from '../../shared/engine.js';
import type { TraceResult } from '../../shared/model/trace-result.js';
import { openLiveReader } from '../../shared/reader/live.js';
import type { KindInfo } from '../../shared/reader/types.js';
import { cli } from '../helpers/cli.js';
import { AdminClient, type LoadedScenario, loadScenario, objectPath } from '../helpers/fixtures.js';
import { DEMO_DIR, traceList } from '../helpers/scenario.js';
import { comparable } from './compare.js';
import { impersonatingKubeconfig, NOW, testbed } from './testbed.js';

const LIMITED_USER = 'cub-scout-limited';
const TARGET = { kind: 'deployment', name: 'nginx', namespace: 'demo' };

export function accessSuite(): void {
  describe('live: RBAC, missing CRDs, credentials, unreachable servers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-access-'));
    let loaded: LoadedScenario | undefined;
    let admin: AdminClient;

    beforeAll(async () => {
      const tb = testbed();
      admin = new AdminClient(tb.kubeconfig, tb.adminContext);
      loaded = await loadScenario(DEMO_DIR, tb.kubeconfig, tb.adminContext);
      await grantAllButKustomizations(admin);
    }, 120_000);

    afterAll(async () => {
      await loaded?.unload();
    }, 120_000);

    it('a user who may not list Kustomizations gets a warning naming them, not an orphan verdict', async () => {
      const tb = testbed();
      const { server, caData, token } = adminCredentials(tb.kubeconfig);
      const file = impersonatingKubeconfig(dir, LIMITED_USER, server, caData, token);
      const engine = await Engine.open({ kubeconfig: file });
      const result = await engine.trace(TARGET.kind, TARGET.name, TARGET.namespace, { now: NOW });
      expect(result.warnings.join('\n')).toMatch(/Kustomization.*forbidden/);
      expect(result.managed).not.toBe('orphaned');
      expect(result.diagnosis.summary).not.toMatch(/orphan/);
      expect(result.tool).toBe('flux');
      // The same through the CLI: exit 0 and the warning printed.
      const printed = await cli(['trace', 'deployment/nginx', '-n', 'demo', '--kubeconfig', file]);
      expect(printed.exitCode).toBe(0);
      expect(`${printed.stdout}\n${printed.stderr}`).toMatch(/Kustomization.*forbidden/);
      await expectTargetedEqualsBatch(() => Engine.open({ kubeconfig: file }));
    }, 120_000);

    it('runs an exec credential plugin like kubectl', async () => {
      const tb = testbed();
      const { server, caData } = adminCredentials(tb.kubeconfig);
      const readonlyToken = userToken(tb.kubeconfig, tb.readonlyContext);
      const credential = JSON.stringify({
        apiVersion: 'client.authentication.k8s.io/v1',
        kind: 'ExecCredential',
        status: { token: readonlyToken },
      });
      const file = join(dir, 'exec.kubeconfig');
      writeFileSync(
        file,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'testbed', cluster: { server, 'certificate-authority-data': caData } }],
          users: [
            {
              name: 'exec',
              user: {
                exec: {
                  apiVersion: 'client.authentication.k8s.io/v1',
                  command: process.execPath,
                  args: ['-e', `process.stdout.write(${JSON.stringify(credential)})`],
                  interactiveMode: 'Never',
                },
              },
            },
          ],
          contexts: [{ name: 'exec', context: { cluster: 'testbed', user: 'exec' } }],
          'current-context': 'exec',
        }),
      );
      const result = await cli([
        'trace',
        'deployment/nginx',
        '-n',
        'demo',
        '-o',
        'json',
        '--kubeconfig',
        file,
      ]);
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      expect(JSON.parse(result.stdout).chain.map((l: { name: string }) => l.name)).toContain('apps');
    });

    // A kind the cluster does not serve has no objects (Argo CD not being installed is normal); a
    // reference to one shows as a missing link, named in the diagnosis, with a warning that says
    // the CRD is not installed.
    it('a CRD that is not installed gives a result and a warning naming the missing CRD', async () => {
      const crdKind = (await admin.reader.kindFor(
        'apiextensions.k8s.io',
        'CustomResourceDefinition',
      )) as KindInfo;
      const crdPath = objectPath(crdKind, undefined, 'kustomizations.kustomize.toolkit.fluxcd.io');
      const saved = (await admin.expect('GET', crdPath, undefined, [200], 'read CRD')).body;
      await admin.expect('DELETE', crdPath, undefined, [200, 202], 'delete CRD');
      try {
        await waitUntil(async () => (await admin.request('GET', crdPath)).status === 404, 'CRD deleted');
        const tb = testbed();
        const reader = await openLiveReader({ kubeconfig: tb.kubeconfig, context: tb.readonlyContext });
        await waitUntil(
          async () => !(await freshKinds(tb.kubeconfig, tb.readonlyContext)),
          'Kustomization gone from discovery',
        );
        const result = await new Engine(reader).trace(TARGET.kind, TARGET.name, TARGET.namespace, {
          now: NOW,
        });
        expect(result.chain.at(-1)).toMatchObject({ kind: 'Deployment', name: 'nginx' });
        expect(result.chain.find((l) => l.kind === 'Kustomization')).toMatchObject({
          name: 'apps',
          missing: true,
        });
        expect(result.diagnosis.summary).toMatch(/Kustomization/);
        expect(result.warnings).toContain(
          'the cluster does not serve Kustomization (kustomize.toolkit.fluxcd.io): its CRD is not installed, so Kustomization flux-system/apps cannot exist',
        );
        const printed = await cli([
          'trace',
          'deployment/nginx',
          '-n',
          'demo',
          '--kubeconfig',
          tb.kubeconfig,
          '--context',
          tb.readonlyContext,
        ]);
        expect(printed.exitCode).toBe(0);
        expect(printed.stdout).toMatch(/warning: the cluster does not serve Kustomization/);
        expect(printed.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
        await expectTargetedEqualsBatch(
          async () =>
            new Engine(await openLiveReader({ kubeconfig: tb.kubeconfig, context: tb.readonlyContext })),
        );
      } finally {
        const {
          resourceVersion: _rv,
          uid: _uid,
          creationTimestamp: _ct,
          managedFields: _mf,
          ...metadata
        } = saved.metadata;
        await admin.expect(
          'POST',
          objectPath(crdKind, undefined),
          { ...saved, metadata, status: undefined },
          [201],
          'restore CRD',
        );
        const tb = testbed();
        await waitUntil(
          async () => freshKinds(tb.kubeconfig, tb.adminContext),
          'Kustomization back in discovery',
        );
      }
    }, 120_000);

    it('an unreachable server fails in under 10 s with exit code 3 and one line naming server and context', async () => {
      const port = await closedPort();
      for (const server of [`https://127.0.0.1:${port}`, 'https://10.255.255.1:6443']) {
        const file = join(dir, `unreachable-${port}.kubeconfig`);
        writeFileSync(
          file,
          JSON.stringify({
            apiVersion: 'v1',
            kind: 'Config',
            clusters: [{ name: 'nowhere', cluster: { server } }],
            users: [{ name: 'u', user: { token: 't' } }],
            contexts: [{ name: 'nowhere-ctx', context: { cluster: 'nowhere', user: 'u' } }],
            'current-context': 'nowhere-ctx',
          }),
        );
        const started = Date.now();
        const result = await cli(['trace', 'deployment/nginx', '-n', 'demo', '--kubeconfig', file]);
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(result.exitCode).toBe(3);
        const lines = result.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(server);
        expect(lines[0]).toContain('context nowhere-ctx');
      }
    }, 30_000);
  });
}

/** Every object of the demo traced alone (targeted reads, a fresh engine each) gives the chain and
 * verdict of the whole-cluster batch under the same RBAC and CRDs. The batch lists more kinds, so
 * it may warn about more (another kind forbidden), never less. */
async function expectTargetedEqualsBatch(open: () => Promise<Engine>): Promise<void> {
  const whole = await open();
  const batch = await whole.traceAll({ now: NOW });
  await whole.close();
  for (const target of traceList(DEMO_DIR)) {
    const single = await open();
    const alone = await single.trace(target.kind, target.name, target.namespace, { now: NOW });
    await single.close();
    const same = batch.results.find((r) => JSON.stringify(r.object) === JSON.stringify(alone.object));
    expect(same, target.line).toBeDefined();
    const { warnings: batchWarnings, ...inBatch } = comparable(same as TraceResult);
    const { warnings, ...targeted } = comparable(alone);
    expect(targeted, target.line).toEqual(inBatch);
    for (const warning of warnings) expect(batchWarnings, target.line).toContain(warning);
  }
}

/** A ClusterRole that reads everything a trace needs except Kustomizations (RBAC cannot deny, so
 * it lists what it allows), bound to LIMITED_USER. */
async function grantAllButKustomizations(admin: AdminClient): Promise<void> {
  const rules = [
    {
      apiGroups: ['', 'apps', 'batch', 'networking.k8s.io', 'policy', 'autoscaling'],
      resources: ['*'],
      verbs: ['get', 'list', 'watch'],
    },
    {
      apiGroups: [
        'source.toolkit.fluxcd.io',
        'source.extensions.fluxcd.io',
        'helm.toolkit.fluxcd.io',
        'notification.toolkit.fluxcd.io',
      ],
      resources: ['*'],
      verbs: ['get', 'list', 'watch'],
    },
    {
      apiGroups: ['argoproj.io', 'fluxcd.controlplane.io'],
      resources: ['*'],
      verbs: ['get', 'list', 'watch'],
    },
  ];
  await grantClusterRole(admin, LIMITED_USER, [LIMITED_USER], rules);
}

function kubeconfigDoc(file: string) {
  // biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
  return parse(readFileSync(file, 'utf8')) as any;
}

export function adminCredentials(file: string): { server: string; caData: string; token: string } {
  const doc = kubeconfigDoc(file);
  const tb = testbed();
  const context = doc.contexts.find((c: { name: string }) => c.name === tb.adminContext).context;
  const cluster = doc.clusters.find((c: { name: string }) => c.name === context.cluster).cluster;
  return {
    server: cluster.server,
    caData: cluster['certificate-authority-data'],
    token: userToken(file, tb.adminContext),
  };
}

function userToken(file: string, contextName: string): string {
  const doc = kubeconfigDoc(file);
  const context = doc.contexts.find((c: { name: string }) => c.name === contextName).context;
  return doc.users.find((u: { name: string }) => u.name === context.user).user.token;
}

/** Whether a fresh reader (no cached discovery) sees Kustomizations. */
async function freshKinds(kubeconfig: string, context: string): Promise<boolean> {
  const reader = await openLiveReader({ kubeconfig, context });
  await reader.refreshKinds?.(); // from the server, not the discovery kept on disk
  return (await reader.kindFor('kustomize.toolkit.fluxcd.io', 'Kustomization')) !== undefined;
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A port nothing listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 1;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A ClusterRole `name` with `rules`, bound to `users` (test setup, as admin). */
export async function grantClusterRole(
  admin: AdminClient,
  name: string,
  users: string[],
  rules: Record<string, string[]>[],
): Promise<void> {
  const rbac = (await admin.reader.kindFor('rbac.authorization.k8s.io', 'ClusterRole')) as KindInfo;
  const binding = (await admin.reader.kindFor('rbac.authorization.k8s.io', 'ClusterRoleBinding')) as KindInfo;
  const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules };
  const bind = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: users.map((user) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user })),
  };
  await admin.expect('POST', objectPath(rbac, undefined), role, [201, 409], `ClusterRole ${name}`);
  await admin.expect('POST', objectPath(binding, undefined), bind, [201, 409], `ClusterRoleBinding ${name}`);
}
