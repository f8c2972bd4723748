// A real `helm install` (the helm CLI built by test/cluster/build.sh, the chart in
// test/cluster/fixtures/chart) traced through the live cluster: the Deployment leads to the release
// with its chart, version and revision, read from the real release Secret, and no Secret data or
// Helm value ever reaches a trace or a snapshot.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ClusterIndex } from '../../shared/index/cluster-index.js';
import { DeployerHistorySchema } from '../../shared/model/deployer-history.js';
import { DiffResultSchema } from '../../shared/model/diff.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import type { ClusterReader, KubeObject } from '../../shared/reader/types.js';
import { AdminClient } from '../helpers/admin-client.js';
import { cli } from '../helpers/cli.js';
import { helmPayload } from './helm-payload.js';
import { readonlyReader, testbed, traceWith } from './testbed.js';

const CHART_DIR = join(import.meta.dirname, '..', 'cluster', 'fixtures', 'chart');
const RELEASE = 'scout-chart';
const NAMESPACE = 'helm-live';
/** A Helm value that must never appear in anything cub-scout prints or writes. */
const SENTINEL = 'sentinel-value-that-must-not-leak-4f1c';

export function helmSuite(): void {
  describe('live: a real helm install', () => {
    const home = mkdtempSync(join(tmpdir(), 'cub-scout-helm-'));
    let reader: ClusterReader | undefined;

    const helm = (...args: string[]) => {
      const tb = testbed();
      return execa(
        join(tb.binDir, 'helm'),
        [...args, '--kubeconfig', tb.kubeconfig, '--kube-context', tb.adminContext],
        {
          env: {
            HELM_CACHE_HOME: join(home, 'cache'),
            HELM_CONFIG_HOME: join(home, 'config'),
            HELM_DATA_HOME: join(home, 'data'),
          },
          timeout: 120_000,
        },
      );
    };

    beforeAll(async () => {
      await helm(
        'install',
        RELEASE,
        CHART_DIR,
        '-n',
        NAMESPACE,
        '--create-namespace',
        '--set-string',
        `cubScoutSentinel=${SENTINEL}`,
      );
      reader = await readonlyReader();
    }, 180_000);

    afterAll(async () => {
      await reader?.close?.();
      await helm('uninstall', RELEASE, '-n', NAMESPACE).catch(() => undefined);
    }, 180_000);

    async function releaseDeployment(): Promise<KubeObject> {
      const deployments = await (reader as ClusterReader).list(
        await (reader as ClusterReader).resolveKind('deployments.apps'),
        { namespace: NAMESPACE },
      );
      const deployment = deployments.find(
        (d) => d.metadata.annotations?.['meta.helm.sh/release-name'] === RELEASE,
      );
      expect(deployment, 'the chart renders a Deployment').toBeDefined();
      return deployment as KubeObject;
    }

    it('traces the Deployment to its release: chart, version and revision', async () => {
      const chart = parse(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8')) as {
        name: string;
        version: string;
      };
      const deployment = await releaseDeployment();
      const result = await traceWith(reader as ClusterReader, {
        kind: 'deployment',
        name: deployment.metadata.name,
        namespace: NAMESPACE,
        line: '',
      });
      expect(result.tool).toBe('helm');
      expect(result.managed).toBe('managed');
      const release = result.chain.find((l) => l.role === 'release');
      expect(release).toMatchObject({
        kind: 'Release',
        name: RELEASE,
        namespace: NAMESPACE,
        status: 'deployed',
        revision: '1',
      });
      expect(release?.path).toBe(`${chart.name}-${chart.version}`);
      expect(result.chain.at(-1)).toMatchObject({
        kind: 'Deployment',
        name: deployment.metadata.name,
        role: 'object',
      });
      expect(result.diagnosis.running).toBe('revision 1');
      expect(result.fullyManaged).toBe(true);
    });

    it('follows an upgrade to revision 2', async () => {
      await helm(
        'upgrade',
        RELEASE,
        CHART_DIR,
        '-n',
        NAMESPACE,
        '--reuse-values',
        '--set-string',
        'cubScoutUpgrade=yes',
        // Rendered into the chart's ConfigMap: a Helm value inside the release manifest.
        '--set-string',
        `message=${SENTINEL}`,
      );
      const deployment = await releaseDeployment();
      const result = await traceWith(reader as ClusterReader, {
        kind: 'deploy',
        name: deployment.metadata.name,
        namespace: NAMESPACE,
        line: '',
      });
      expect(result.chain.find((l) => l.role === 'release')).toMatchObject({
        revision: '2',
        status: 'deployed',
      });
      expect(result.diagnosis).toMatchObject({ running: 'revision 2', expected: 'revision 2' });
    }, 120_000);

    it('diff: after a manual edit and a scale, names the edited fields, their managers and times', async () => {
      const tb = testbed();
      const deployment = await releaseDeployment();
      const name = deployment.metadata.name;
      const admin = new AdminClient(tb.kubeconfig, tb.adminContext);
      const base = `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/${name}`;
      const before = Date.now() - 1000;
      // What `kubectl edit` sends (field manager kubectl-edit), then what `kubectl scale` sends.
      const edit = await admin.request(
        'PATCH',
        `${base}?fieldManager=kubectl-edit`,
        { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27-edited' }] } } } },
        'application/strategic-merge-patch+json',
      );
      expect(edit.status, JSON.stringify(edit.body)).toBe(200);
      const scale = await admin.request(
        'PATCH',
        `${base}/scale?fieldManager=kubectl`,
        { spec: { replicas: 3 } },
        'application/merge-patch+json',
      );
      expect(scale.status, JSON.stringify(scale.body)).toBe(200);
      const as = ['--kubeconfig', tb.kubeconfig, '--context', tb.readonlyContext];
      const r = await cli(['diff', `deployment/${name}`, '-n', NAMESPACE, '-o', 'json', ...as]);
      expect(r.exitCode, r.stderr).toBe(1);
      const diff = DiffResultSchema.parse(JSON.parse(r.stdout));
      expect(diff.desiredSource).toBe('helm-release');
      expect(diff.desiredFrom).toBe(
        `Helm release ${NAMESPACE}/${RELEASE} revision 2 (Secret sh.helm.release.v1.${RELEASE}.v2)`,
      );
      const byPath = new Map(diff.changes.map((c) => [c.path, c]));
      expect(byPath.get('spec.replicas')).toMatchObject({
        desired: '1',
        live: '3',
        writer: { manager: 'kubectl', subresource: 'scale', what: 'kubectl scale' },
      });
      expect(byPath.get('spec.template.spec.containers[name=web].image')).toMatchObject({
        desired: '"nginx:1.27"',
        live: '"nginx:1.27-edited"',
        writer: { manager: 'kubectl-edit', operation: 'Update', what: 'kubectl edit' },
      });
      // Only the two edits: what the API server defaulted is not drift.
      expect([...byPath.keys()].sort()).toEqual([
        'spec.replicas',
        'spec.template.spec.containers[name=web].image',
      ]);
      // The edit's time; the API server records none for scale subresource writes.
      const edited = byPath.get('spec.template.spec.containers[name=web].image')?.writer?.time ?? '';
      expect(Date.parse(edited)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(diff.writers.map((w) => w.manager).sort()).toEqual(['kubectl', 'kubectl-edit']);
      const text = await cli(['diff', `deployment/${name}`, '-n', NAMESPACE, ...as]);
      expect(text.stdout).toContain(`last written by kubectl-edit = kubectl edit (Update) at ${edited}`);
      expect(text.stdout).toContain('kubectl = kubectl scale (Update, subresource scale) (time not recorded');
      // The ConfigMap holds a Helm value (message): compared by key, never printed.
      const configMap = await cli(['diff', `cm/${RELEASE}-config`, '-n', NAMESPACE, '-o', 'json', ...as]);
      expect(configMap.exitCode, configMap.stderr).toBe(0);
      expect(JSON.parse(configMap.stdout)).toMatchObject({ desiredSource: 'helm-release', drifted: false });
      for (const output of [r.stdout, text.stdout, configMap.stdout, r.stderr, configMap.stderr])
        expect(output).not.toContain(SENTINEL);
    }, 120_000);

    it('history --deployer lists both Helm revisions, newest first', async () => {
      const tb = testbed();
      const deployment = await releaseDeployment();
      const as = ['--kubeconfig', tb.kubeconfig, '--context', tb.readonlyContext];
      const r = await cli([
        'history',
        `deployment/${deployment.metadata.name}`,
        '-n',
        NAMESPACE,
        '--deployer',
        '-o',
        'json',
        ...as,
      ]);
      expect(r.exitCode, r.stderr).toBe(0);
      const history = DeployerHistorySchema.parse(JSON.parse(r.stdout));
      expect(history.deployer).toMatchObject({ kind: 'Release', name: RELEASE, namespace: NAMESPACE });
      const deploys = history.events.filter((e) => e.type === 'deploy');
      expect(deploys.map((e) => [e.revision, e.status])).toEqual([
        ['revision 2', 'deployed'],
        ['revision 1', 'superseded'],
      ]);
      for (const e of deploys) expect(Date.parse(e.at ?? '')).not.toBeNaN();
      expect(r.stdout).not.toContain(SENTINEL);
    }, 60_000);

    it('reads the release Secrets without keeping their data', async () => {
      const index = new ClusterIndex(reader as ClusterReader);
      await index.load([{ group: '', kind: 'Secret', labelSelector: 'owner=helm', namespace: NAMESPACE }]);
      const secrets = index.list('', 'Secret', NAMESPACE).filter((s) => s.metadata.labels?.name === RELEASE);
      expect(secrets.map((s) => s.metadata.name).sort()).toEqual([
        `sh.helm.release.v1.${RELEASE}.v1`,
        `sh.helm.release.v1.${RELEASE}.v2`,
      ]);
      for (const secret of secrets) {
        expect(secret).not.toHaveProperty('data');
        expect(JSON.stringify(secret)).not.toContain(SENTINEL);
      }
    });

    it('never prints or saves Helm values: trace -o json and snapshot', async () => {
      const tb = testbed();
      const deployment = await releaseDeployment();
      const trace = await cli([
        'trace',
        `deployment/${deployment.metadata.name}`,
        '-n',
        NAMESPACE,
        '-o',
        'json',
        '--kubeconfig',
        tb.kubeconfig,
        '--context',
        tb.readonlyContext,
      ]);
      expect(trace.exitCode).toBe(0);
      expect(JSON.parse(trace.stdout).tool).toBe('helm');
      const file = join(mkdtempSync(join(tmpdir(), 'cub-scout-snapshot-')), 'helm.yaml');
      const snapshot = await cli([
        'snapshot',
        '-o',
        file,
        '--kubeconfig',
        tb.kubeconfig,
        '--context',
        tb.readonlyContext,
      ]);
      expect(snapshot.exitCode).toBe(0);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain(`sh.helm.release.v1.${RELEASE}.v2`);
      // The release payload is gzip inside base64: decode it to look for the value.
      const releases = (await SnapshotReader.load(file))
        .allObjects()
        .filter((o) => o.type === 'helm.sh/release.v1');
      const decoded = releases.map((r) => JSON.stringify(helmPayload(r)));
      expect(decoded.some((d) => d.includes(`"name":"${RELEASE}"`))).toBe(true);
      for (const output of [trace.stdout, trace.stderr, text, snapshot.stderr, ...decoded])
        expect(output).not.toContain(SENTINEL);
      // ...and the snapshot still knows the release: traced offline, the chain reaches it.
      const offline = await cli([
        'trace',
        `deployment/${deployment.metadata.name}`,
        '-n',
        NAMESPACE,
        '-o',
        'json',
        '--snapshot',
        file,
      ]);
      expect(offline.exitCode).toBe(0);
      expect(
        JSON.parse(offline.stdout).chain.find((l: { role: string }) => l.role === 'release'),
      ).toMatchObject({
        name: RELEASE,
        revision: '2',
      });
    }, 120_000);
  });
}
