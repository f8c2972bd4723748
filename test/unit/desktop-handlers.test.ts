// The desktop API handlers on the demo cluster, called the way both transports call them (through
// `dispatch`): the overview's counts are the engine's own pipelines and scan answers, tables page
// and filter on the server, traces land in the shared history with face `desktop`, and the compare
// marks what changed. Bad payloads get one clear line.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterCatalog } from '../../shared/cluster-catalog.js';
import type { Operation, ResponseOf } from '../../shared/desktop-api/contract.js';
import { ClusterEngines } from '../../shared/desktop-api/engines.js';
import { createHandlers, dispatch, type Handlers } from '../../shared/desktop-api/handlers.js';
import { Engine } from '../../shared/engine.js';
import { HistoryStore } from '../../shared/history/store.js';
import type { PipelinesReport } from '../../shared/pipelines/model.js';
import type { ScanReport } from '../../shared/scan/model.js';

const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), `cub-scout-desktop-${prefix}-`));

interface Setup {
  handlers: Handlers;
  engines: ClusterEngines;
  catalog: ClusterCatalog;
  history: HistoryStore;
  uploads: string;
}

function setup(
  start: ConstructorParameters<typeof ClusterCatalog>[0] = { demo: true, noContexts: true },
): Setup {
  const catalog = new ClusterCatalog(start);
  const engines = new ClusterEngines(catalog);
  const history = new HistoryStore(tempDir('history'));
  const uploads = tempDir('uploads');
  const handlers = createHandlers({
    catalog,
    engines,
    history,
    electron: false,
    refreshIntervalSeconds: 30,
    probeTimeoutMs: 2_000,
    uploadDir: async () => uploads,
  });
  return { handlers, engines, catalog, history, uploads };
}

async function call<O extends Operation>(s: Setup, op: O, payload: unknown): Promise<ResponseOf<O>> {
  const answer = await dispatch(s.handlers, op, payload);
  if (!answer.ok) throw new Error(`${op} failed: ${answer.error.error.code}: ${answer.error.error.message}`);
  return answer.value as ResponseOf<O>;
}

async function callError(s: Setup, op: string, payload: unknown) {
  const answer = await dispatch(s.handlers, op, payload);
  if (answer.ok) throw new Error(`${op} succeeded but should have failed`);
  return answer.error.error;
}

const nginx = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx', namespace: 'demo' };

describe('desktop API handlers on the demo', () => {
  let s: Setup;
  let pipelines: PipelinesReport;
  let scan: ScanReport;
  let objectCount: number;

  beforeAll(async () => {
    s = setup();
    // The engine's answers, from an engine of its own: what `cub-scout pipelines/scan -o json` print.
    const engine = await Engine.open({ demo: true });
    pipelines = await engine.pipelines();
    scan = await engine.scan();
    objectCount = (await engine.traceAll()).results.length;
    await engine.close();
  });
  afterAll(() => s.engines.close());

  it('lists the demo as the default cluster, without touching the network', async () => {
    const { clusters } = await call(s, 'clusters', {});
    expect(clusters).toEqual([{ name: 'demo', kind: 'demo', isDefault: true }]);
  });

  it('overview counts equal the engine pipelines and scan reports', async () => {
    const overview = await call(s, 'overview', { cluster: 'demo' });
    expect(overview.pipelines).toEqual({
      total: pipelines.total,
      healthy: pipelines.healthy,
      broken: pipelines.total - pipelines.healthy,
    });
    expect(overview.pipelines.broken).toBeGreaterThan(0);
    expect(overview.findings).toEqual(scan.counts);
    expect(overview.objects.total).toBe(objectCount);
    expect(overview.objects.managed + overview.objects.orphaned + overview.objects.neverManaged).toBe(
      objectCount,
    );
    expect(overview.objects.orphaned).toBeGreaterThan(0);
    expect(overview.source).toMatch(/^snapshot .*demo/);
  });

  it('cluster status of the demo: reachable, with its broken pipelines and critical findings', async () => {
    const status = await call(s, 'clusterStatus', { cluster: 'demo' });
    expect(status).toMatchObject({
      cluster: 'demo',
      reachable: true,
      brokenPipelines: pipelines.total - pipelines.healthy,
      criticalFindings: scan.counts.critical,
    });
    expect(status.problem).toBeUndefined();
  });

  it('workloads come in pages, filtered and sorted on the server', async () => {
    const first = await call(s, 'workloads', { cluster: 'demo', offset: 0, limit: 10 });
    expect(first.total).toBe(objectCount);
    expect(first.rows).toHaveLength(10);
    const last = await call(s, 'workloads', { cluster: 'demo', offset: objectCount - 3, limit: 10 });
    expect(last.rows).toHaveLength(3);

    const filtered = await call(s, 'workloads', { cluster: 'demo', filter: 'NGINX', offset: 0, limit: 500 });
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.total).toBeLessThan(objectCount);
    for (const row of filtered.rows)
      expect(
        `${row.ref.kind} ${row.ref.namespace}/${row.ref.name} ${row.deployer ?? ''}`.toLowerCase(),
      ).toContain('nginx');
    const nginxRow = filtered.rows.find((r) => r.ref.kind === 'Deployment' && r.ref.name === 'nginx');
    expect(nginxRow).toMatchObject({ tool: 'flux', managed: 'managed', healthy: false });
    expect(nginxRow?.deployer).toBe('Kustomization/flux-system/apps');

    const orphans = await call(s, 'workloads', {
      cluster: 'demo',
      managed: 'orphaned',
      offset: 0,
      limit: 500,
    });
    expect(orphans.rows.every((r) => r.managed === 'orphaned')).toBe(true);

    const byHealth = await call(s, 'workloads', { cluster: 'demo', sort: 'health', offset: 0, limit: 500 });
    const health = byHealth.rows.map((r) => (r.healthy === false ? 0 : r.healthy === null ? 1 : 2));
    expect(health).toEqual([...health].sort((a, b) => a - b));
    const byNameDesc = await call(s, 'workloads', {
      cluster: 'demo',
      sort: 'name',
      desc: true,
      offset: 0,
      limit: 500,
    });
    const names = byNameDesc.rows.map((r) => r.ref.name);
    expect(names).toEqual([...names].sort().reverse());
  });

  it('deployers: one row per pipeline with status and revision; the broken apps Kustomization says why', async () => {
    const { rows } = await call(s, 'deployers', { cluster: 'demo' });
    expect(rows).toHaveLength(pipelines.total);
    const apps = rows.find((r) => r.ref.kind === 'Kustomization' && r.ref.name === 'apps');
    expect(apps).toMatchObject({ tool: 'flux', ready: false, suspended: false });
    expect(apps?.message).toBeTruthy();
    expect(rows.filter((r) => r.ref.kind === 'Application').length).toBeGreaterThan(0);
  });

  it('sources: every repository a pipeline reads, once, with its URL', async () => {
    const { rows } = await call(s, 'sources', { cluster: 'demo' });
    const keys = rows.map((r) => `${r.ref.kind}/${r.ref.namespace}/${r.ref.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    const git = rows.find((r) => r.ref.kind === 'GitRepository');
    expect(git?.url).toMatch(/^(https?|ssh):\/\//);
    expect(git?.ref.apiVersion).toMatch(/^source\.toolkit\.fluxcd\.io\//);
  });

  it('pipelines and findings are the engine reports, with their filters', async () => {
    const all = await call(s, 'pipelines', { cluster: 'demo' });
    expect(all.pipelines.map((p) => p.id)).toEqual(pipelines.pipelines.map((p) => p.id));
    const broken = await call(s, 'pipelines', { cluster: 'demo', unhealthyOnly: true });
    expect(broken.pipelines.map((p) => p.id)).toEqual(
      pipelines.pipelines.filter((p) => !p.healthy).map((p) => p.id),
    );
    const critical = await call(s, 'findings', { cluster: 'demo', severity: 'critical' });
    expect(critical.findings).toHaveLength(scan.counts.critical);
    expect(critical.findings.every((f) => f.severity === 'critical')).toBe(true);
  });

  it('trace: the broken nginx chain, the CLI text, saved to history as a desktop trace', async () => {
    const traced = await call(s, 'trace', { cluster: 'demo', ref: nginx });
    const brokenAt = traced.result.diagnosis.brokenAt ?? -1;
    expect(traced.result.chain[brokenAt]).toMatchObject({ kind: 'Kustomization', name: 'apps' });
    expect(traced.text).toContain('TRACE: deployment/nginx -n demo');
    expect(traced.text).toMatch(/Kustomization\/apps +✗ Reconciliation failed/);
    expect(traced.text).not.toContain(String.fromCharCode(27)); // no colour codes
    expect(traced.recordId).toBeTruthy();

    const { records } = await s.history.load();
    const saved = records.find((r) => r.id === traced.recordId);
    expect(saved).toMatchObject({ face: 'desktop', context: null, object: nginx });

    const listed = await call(s, 'history', { cluster: 'demo', object: 'deploy/nginx' });
    expect(listed.records.map((r) => r.id)).toContain(traced.recordId);
    expect(listed.records[0]).toMatchObject({ face: 'desktop', healthy: false, object: nginx });
    const none = await call(s, 'history', { text: 'no-such-object-anywhere' });
    expect(none.records).toEqual([]);
    const record = await call(s, 'historyRecord', { id: traced.recordId });
    expect(record.record.result).toEqual(traced.result);
  });

  it('compare: the link whose status changed is marked with the changed fields; the rest are the same', async () => {
    const before = await call(s, 'trace', { cluster: 'demo', ref: nginx });
    // The same object traced later by another face (the assistant), after the Kustomization healed.
    const healed = structuredClone(before.result);
    const link = healed.chain[healed.diagnosis.brokenAt ?? -1];
    if (!link) throw new Error('the demo nginx chain is not broken');
    Object.assign(link, {
      ready: true,
      status: 'Applied revision',
      message: 'Applied',
      reason: null,
    });
    healed.diagnosis = { ...healed.diagnosis, healthy: true, brokenAt: null };
    const after = await s.history.save({ face: 'mcp', context: null, result: healed });

    const compared = await call(s, 'compare', { a: before.recordId, b: after.id });
    const changed = compared.links.filter((l) => l.change !== 'same');
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ key: 'Kustomization/flux-system/apps', change: 'changed' });
    expect(changed[0]?.fields).toEqual(expect.arrayContaining(['ready', 'status', 'message']));
    expect(compared.diagnosisChanged).toContain('became healthy');
    expect(compared.b.face).toBe('mcp');

    const listed = await call(s, 'history', { object: 'nginx' });
    expect(listed.records[0]).toMatchObject({ id: after.id, face: 'mcp' });
  });

  it('compare refuses two traces of different objects, and an unknown id', async () => {
    const a = await call(s, 'trace', { cluster: 'demo', ref: nginx });
    const b = await call(s, 'trace', {
      cluster: 'demo',
      ref: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo', namespace: 'podinfo' },
    });
    expect((await callError(s, 'compare', { a: a.recordId, b: b.recordId })).message).toMatch(
      /not traces of the same object/,
    );
    expect(await callError(s, 'historyRecord', { id: '000-1-deadbeef' })).toMatchObject({
      code: 'not-found',
    });
  });

  it('All contexts lists every broken pipeline and critical finding, each with the object to trace', async () => {
    const { rows, unreachable } = await call(s, 'allContexts', {});
    expect(unreachable).toEqual([]);
    expect(rows.filter((r) => r.type === 'pipeline')).toHaveLength(pipelines.total - pipelines.healthy);
    expect(rows.filter((r) => r.type === 'finding')).toHaveLength(scan.counts.critical);
    const apps = rows.find((r) => r.title === 'Kustomization/flux-system/apps');
    expect(apps).toMatchObject({ cluster: 'demo', ref: { kind: 'Kustomization', name: 'apps' } });
    const opened = await call(s, 'trace', { cluster: 'demo', ref: apps?.ref });
    expect(opened.result.object.name).toBe('apps');
  });

  it('refresh drops the index: the next answer reads the cluster again', async () => {
    const engine = await s.engines.get('demo');
    const index = engine.index;
    await call(s, 'refresh', { cluster: 'demo' });
    expect(engine.index).not.toBe(index);
    expect((await call(s, 'overview', { cluster: 'demo' })).pipelines.total).toBe(pipelines.total);
  });

  it('capabilities: browser mode, the drill-downs there are, the refresh interval', async () => {
    expect(await call(s, 'capabilities', {})).toEqual({
      electron: false,
      drilldowns: { diff: true, logs: true, history: true },
      refreshIntervalSeconds: 30,
    });
  });

  it('openSnapshot and openExternal are the desktop app’s: browser mode answers unsupported', async () => {
    expect(await callError(s, 'openSnapshot', {})).toMatchObject({ code: 'unsupported' });
    expect(await callError(s, 'openExternal', { url: 'https://fluxcd.io' })).toMatchObject({
      code: 'unsupported',
    });
  });
});

describe('drill-downs: diff and deployer history', () => {
  const drift = join(import.meta.dirname, '..', 'scenarios', 'drift');
  const shop = join(import.meta.dirname, '..', 'scenarios', 'helm-revisions');
  const s = setup({ snapshots: [drift, shop], noContexts: true });
  afterAll(() => s.engines.close());

  it('diff: the desired state, the drifted fields and who wrote them', async () => {
    const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'drift' };
    const diff = await call(s, 'diff', { cluster: 'drift', ref: web });
    expect(diff.desiredFrom).toContain('Helm release drift/web revision 2');
    expect(diff.changes.map((c) => `${c.path} ${c.writer?.manager}`)).toEqual([
      'spec.replicas kubectl',
      'spec.template.spec.containers[name=web].image kubectl-edit',
    ]);
    const missing = await callError(s, 'diff', { cluster: 'drift', ref: { ...web, name: 'nope' } });
    expect(missing).toMatchObject({ code: 'not-found' });
    expect(
      await callError(s, 'diff', { cluster: 'drift', ref: { ...web, name: 'x'.repeat(300) } }),
    ).toMatchObject({
      code: 'bad-request',
    });
  });

  it('deployerHistory: the Helm revisions with the desktop trace merged in', async () => {
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop-web', namespace: 'shop' };
    await call(s, 'trace', { cluster: 'helm-revisions', ref });
    const history = await call(s, 'deployerHistory', { cluster: 'helm-revisions', ref });
    expect(history.events.map((e) => `${e.type} ${e.revision}`)).toEqual([
      'trace revision 2',
      'deploy revision 3',
      'deploy revision 2',
      'deploy revision 1',
    ]);
    expect(history.events[0]?.by).toBe('cub-scout trace (desktop)');
  });
});

describe('uploaded snapshots', () => {
  it('are written privately, read once, and join the catalog under their name', async () => {
    const s = setup();
    const content = readFileSync(join(import.meta.dirname, '../../shared/demo/apps.yaml'), 'utf8');
    const { cluster } = await call(s, 'uploadSnapshot', { name: 'apps.yaml', content });
    expect(cluster).toEqual({ name: 'apps', kind: 'snapshot', isDefault: false });
    expect((await call(s, 'clusters', {})).clusters.map((c) => c.name)).toEqual(['demo', 'apps']);
    const entry = s.catalog.resolve('apps');
    expect(statSync(entry.options.snapshot ?? '').mode & 0o777).toBe(0o600);
    const rows = await call(s, 'workloads', { cluster: 'apps', filter: 'nginx', offset: 0, limit: 50 });
    expect(rows.total).toBeGreaterThan(0);
    // The same name again gets a name of its own.
    expect((await call(s, 'uploadSnapshot', { name: 'apps.yaml', content })).cluster.name).toBe('apps-2');
    await s.engines.close();
  });

  it('a file that does not parse is refused in one line and not added', async () => {
    const s = setup();
    const error = await callError(s, 'uploadSnapshot', {
      name: 'broken.yaml',
      content: 'kind: [unclosed\n  - :',
    });
    expect(error.code).toBe('bad-input');
    expect(error.message).toMatch(/^snapshot "broken" cannot be read: /);
    expect(error.message).not.toContain('\n');
    expect((await call(s, 'clusters', {})).clusters.map((c) => c.name)).toEqual(['demo']);
  });

  it('a name is a name: a path is refused before anything is written', async () => {
    const s = setup();
    const error = await callError(s, 'uploadSnapshot', { name: '../../etc/evil.yaml', content: 'a: 1' });
    expect(error).toEqual({ code: 'bad-request', message: 'uploadSnapshot: name: a name, not a path' });
  });
});

describe('dispatch refuses bad calls with one line', () => {
  const s = setup();

  it('an unknown operation', async () => {
    expect(await callError(s, 'deleteEverything', {})).toEqual({
      code: 'unknown-operation',
      message: 'unknown operation "deleteEverything"',
    });
    expect(await callError(s, 'constructor', {})).toMatchObject({ code: 'unknown-operation' });
  });

  it('a payload of the wrong shape names the field, never echoes the value', async () => {
    const huge = 'x'.repeat(100_000);
    const error = await callError(s, 'workloads', {
      cluster: 'demo',
      offset: 0,
      limit: 100_000,
      filter: huge,
    });
    expect(error.code).toBe('bad-request');
    expect(error.message.length).toBeLessThan(300);
    expect(error.message).not.toContain('xxxxxxxxxx');
    expect(error.message).toMatch(/^workloads: /);
    expect(await callError(s, 'trace', 'not an object')).toMatchObject({ code: 'bad-request' });
    expect((await callError(s, 'trace', { cluster: 'demo', ref: { kind: 'Deployment' } })).message).toMatch(
      /^trace: ref\.apiVersion: /,
    );
  });

  it('an unknown cluster names the known ones', async () => {
    const error = await callError(s, 'overview', { cluster: '/etc/passwd' });
    expect(error).toEqual({
      code: 'bad-input',
      message: 'unknown cluster "/etc/passwd": choose one of demo',
    });
  });

  it('an object that is not there', async () => {
    const error = await callError(s, 'trace', { cluster: 'demo', ref: { ...nginx, name: 'nope' } });
    expect(error.code).toBe('not-found');
  });
});

describe('every context on its own: unreachable and missing exec plugins say why', () => {
  it('All contexts and cluster status with a kubeconfig of a dead server and a missing plugin', async () => {
    const dir = tempDir('kubeconfig');
    const kubeconfig = join(dir, 'config');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
current-context: dead
clusters:
- name: dead
  cluster: { server: 'https://127.0.0.1:1' }
contexts:
- name: dead
  context: { cluster: dead, user: token }
- name: needs-plugin
  context: { cluster: dead, user: plugin }
users:
- name: token
  user: { token: abc }
- name: plugin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: cub-scout-no-such-plugin
      interactiveMode: Never
`,
    );
    const s = setup({ kubeconfig, demo: true });
    const { clusters } = await call(s, 'clusters', {});
    expect(clusters.map((c) => [c.name, c.kind, c.isDefault])).toEqual([
      ['dead', 'context', false],
      ['needs-plugin', 'context', false],
      ['demo', 'demo', true],
    ]);
    expect(clusters[0]?.server).toBe('https://127.0.0.1:1');

    const plugin = await call(s, 'clusterStatus', { cluster: 'needs-plugin' });
    expect(plugin).toEqual({
      cluster: 'needs-plugin',
      reachable: false,
      problem: 'exec plugin `cub-scout-no-such-plugin` not found on PATH',
    });
    const dead = await call(s, 'clusterStatus', { cluster: 'dead' });
    expect(dead.reachable).toBe(false);
    expect(dead.problem).toMatch(/127\.0\.0\.1:1|ECONNREFUSED|refused/i);

    const all = await call(s, 'allContexts', {});
    expect(all.unreachable.map((u) => u.cluster).sort()).toEqual(['dead', 'needs-plugin']);
    expect(all.rows.length).toBeGreaterThan(0);
    expect(new Set(all.rows.map((r) => r.cluster))).toEqual(new Set(['demo']));
    await s.engines.close();
  });
});

describe('the kubeconfig problem, when there is one to show', () => {
  it('a malformed kubeconfig is reported beside the demo', async () => {
    const kubeconfig = join(tempDir('bad-kubeconfig'), 'config');
    writeFileSync(kubeconfig, 'apiVersion: v1\nclusters: [unclosed\n');
    const { clusters, kubeconfigProblem } = await call(setup({ kubeconfig, demo: true }), 'clusters', {});
    expect(clusters.map((c) => c.name)).toEqual(['demo']);
    expect(kubeconfigProblem).toMatch(/^kubeconfig .*config:\d+: malformed YAML/);
  });

  it('no kubeconfig at all is no problem for someone looking at the demo', async () => {
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = join(tempDir('no-kubeconfig'), 'absent');
    try {
      expect(await call(setup({ demo: true }), 'clusters', {})).toEqual({
        clusters: [{ name: 'demo', kind: 'demo', isDefault: true }],
      });
      expect((await call(setup({}), 'clusters', {})).kubeconfigProblem).toMatch(/^no kubeconfig found/);
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });
});
