// No output ever holds Secret data, ConfigMap data or Helm values: a canary planted in Helm values
// (`config`) of releases stored in Secrets and in ConfigMaps (Helm's ConfigMap driver), a chart's
// default values, a plain Secret's data/stringData/last-applied copy, an ordinary ConfigMap's
// data/binaryData/last-applied copy and a corrupt release payload must not appear in any output.
// Every object of every scenario is traced in-process and rendered as text, wide and JSON; the
// whole-cluster commands run as child processes, as users run them; snapshot exports, --cache
// files and history records are searched too (Helm payloads decoded: gzip hides a canary from
// a text search). The same runs go through a fake API server serving the scenarios.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../shared/engine.js';
import { openLiveReader } from '../../shared/reader/live.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import type { KubeObject } from '../../shared/reader/types.js';
import { renderTraceText } from '../../shared/render/text.js';
import { takeSnapshot, writeSnapshot } from '../../shared/snapshot-writer.js';
import { drillDownTexts, expectNoCanary, filesUnder, PLANTED, snapshotTexts } from '../helpers/canary.js';
import { cli } from '../helpers/cli.js';
import { type FakeApiServer, startFakeApiServer } from '../helpers/fake-apiserver.js';
import { DEMO_DIR, scenarioNames, scenarioPath, traceList } from '../helpers/scenario.js';

// Traces may be saved to a history: keep it out of the user's.
const HISTORY = mkdtempSync(join(tmpdir(), 'cub-scout-canary-'));

const scenarios = [
  ...scenarioNames().map((name) => ({ dir: scenarioPath(name), name })),
  { dir: DEMO_DIR, name: 'demo' },
];

describe('canary: Secret data and Helm values never reach any output', () => {
  it('plants the canary in scenarios that are traced (the test can fail)', () => {
    expect(traceList(scenarioPath('helm-revisions')).some((t) => t.kind === 'secret')).toBe(true);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: every object, text, wide and JSON',
    async (_name, scenario) => {
      const engine = await Engine.open({ snapshot: scenario.dir });
      const batch = await engine.traceAll();
      const singles = await Promise.all(
        traceList(scenario.dir).map((t) => engine.trace(t.kind, t.name, t.namespace)),
      );
      await engine.close();
      for (const result of [...batch.results, ...singles]) {
        const what = `${result.object.kind}/${result.object.name}`;
        expectNoCanary(JSON.stringify(result), `${what} json`);
        expectNoCanary(renderTraceText(result), `${what} text`);
        expectNoCanary(renderTraceText(result, { wide: true }), `${what} wide`);
      }
    },
  );

  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: diff and deployer history of every listed object',
    async (_name, scenario) => {
      const reader = await SnapshotReader.load(scenario.dir);
      for (const target of traceList(scenario.dir))
        for (const text of await drillDownTexts(reader, target)) expectNoCanary(text, target.line);
    },
  );

  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: pipelines and scan through the CLI',
    async (_name, scenario) => {
      const env = { CUB_SCOUT_HISTORY_DIR: HISTORY };
      const runs = await Promise.all([
        cli(['pipelines', '--snapshot', scenario.dir, '--trace', '-o', 'json'], env),
        cli(['pipelines', '--snapshot', scenario.dir, '--trace'], env),
        cli(['scan', '--snapshot', scenario.dir, '-o', 'sarif'], env),
      ]);
      for (const r of runs) {
        expect(r.exitCode, r.stderr).toBe(0);
        expectNoCanary(r.stdout + r.stderr, 'cli');
      }
    },
  );

  it('trace of the planted Secrets themselves through the CLI', async () => {
    const dir = scenarioPath('helm-revisions');
    const secrets = traceList(dir).filter((t) => t.kind === 'secret');
    for (const t of secrets) {
      for (const output of ['wide', 'json']) {
        const r = await cli(
          ['trace', `secret/${t.name}`, '-n', t.namespace ?? 'default', '--snapshot', dir, '-o', output],
          {
            CUB_SCOUT_HISTORY_DIR: HISTORY,
          },
        );
        expect(r.exitCode, r.stderr).toBe(0);
        expectNoCanary(r.stdout + r.stderr, `${t.line} -o ${output}`);
      }
    }
  });
});

describe('canary: snapshot exports, --cache files and history records', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: snapshot export (YAML and JSON)',
    async (_name, scenario) => {
      const reader = await SnapshotReader.load(scenario.dir);
      const snapshot = await takeSnapshot(reader);
      const dir = mkdtempSync(join(tmpdir(), 'cub-scout-canary-'));
      for (const file of [join(dir, 'cluster.yaml'), join(dir, 'cluster.json')]) {
        await writeSnapshot(file, snapshot, reader.source);
        for (const text of await snapshotTexts(file)) expectNoCanary(text, file);
      }
    },
  );

  it('the planted scenarios: --cache files through the CLI', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'cub-scout-canary-cache-'));
    const runs = await Promise.all(
      PLANTED.map((name) =>
        cli(['pipelines', '--snapshot', scenarioPath(name), '--cache'], {
          CUB_SCOUT_HISTORY_DIR: HISTORY,
          CUB_SCOUT_CACHE_DIR: cacheDir,
        }),
      ),
    );
    for (const r of runs) expect(r.exitCode, r.stderr).toBe(0);
    const files = filesUnder(cacheDir);
    expect(files).toHaveLength(PLANTED.length);
    for (const file of files) expectNoCanary(file.text, file.path);
  });

  it('the ConfigMap-driver release and its objects traced through the CLI, saved to the history', async () => {
    const dir = scenarioPath('helm-configmap-storage');
    for (const t of traceList(dir)) {
      const r = await cli(
        ['trace', `${t.kind}/${t.name}`, '-n', t.namespace ?? 'default', '--snapshot', dir, '-o', 'wide'],
        { CUB_SCOUT_HISTORY_DIR: HISTORY },
      );
      expect(r.exitCode, r.stderr).toBe(0);
      expectNoCanary(r.stdout + r.stderr, t.line);
    }
  });

  it('no history record holds the canary (every trace above was saved)', () => {
    const records = filesUnder(HISTORY);
    expect(records.length).toBeGreaterThan(0);
    expect(records.some((r) => r.text.includes('billing-api'))).toBe(true);
    for (const record of records) expectNoCanary(record.text, record.path);
  });
});

describe('canary: through a fake API server', () => {
  let server: FakeApiServer;
  let kubeconfig: string;
  const work = mkdtempSync(join(tmpdir(), 'cub-scout-canary-live-'));
  const history = join(work, 'history');
  const cacheDir = join(work, 'cache');

  beforeAll(async () => {
    const objects: KubeObject[] = [];
    for (const name of PLANTED) objects.push(...(await SnapshotReader.load(scenarioPath(name))).allObjects());
    server = await startFakeApiServer({ cluster: objects });
    kubeconfig = server.kubeconfig(work);
  });
  afterAll(() => server.close());

  it('every traced object of the planted scenarios, text, wide and JSON', async () => {
    for (const name of PLANTED) {
      for (const t of traceList(scenarioPath(name))) {
        const engine = new Engine(await openLiveReader({ kubeconfig }));
        const result = await engine.trace(t.kind, t.name, t.namespace);
        for (const text of [
          JSON.stringify(result),
          renderTraceText(result),
          renderTraceText(result, { wide: true }),
        ])
          expectNoCanary(text, `${name}: ${t.line}`);
      }
    }
  });

  it('diff and deployer history of every listed object of the planted scenarios', async () => {
    const reader = await openLiveReader({ kubeconfig });
    let diffs = 0;
    for (const name of PLANTED)
      for (const target of traceList(scenarioPath(name)))
        for (const text of await drillDownTexts(reader, target)) {
          expectNoCanary(text, `${name}: ${target.line}`);
          if (text.startsWith('{"object"') && text.includes('"desiredSource":"helm-release"')) diffs++;
        }
    // The drift scenario's release manifests were read (the canary sits in them): the test can fail.
    expect(diffs).toBeGreaterThanOrEqual(3);
  });

  it('pipelines, scan, trace, snapshot and --cache through the CLI; the history too', async () => {
    const env = { KUBECONFIG: kubeconfig, CUB_SCOUT_HISTORY_DIR: history, CUB_SCOUT_CACHE_DIR: cacheDir };
    const snapshot = join(work, 'cluster.yaml');
    const runs = await Promise.all([
      cli(['pipelines', '--trace', '-o', 'json', '--cache'], env),
      cli(['scan', '-o', 'sarif'], env),
      cli(['trace', 'deploy/billing-api', '-n', 'legacy', '-o', 'wide'], env),
      cli(['trace', 'cm/billing-settings', '-n', 'legacy', '-o', 'json'], env),
      cli(['trace', 'deploy/shop-web', '-n', 'shop', '-o', 'json'], env),
      cli(['snapshot', '-o', snapshot], env),
    ]);
    for (const r of runs) {
      expect(r.exitCode, r.stderr).toBe(0);
      expectNoCanary(r.stdout + r.stderr, 'cli');
    }
    for (const text of await snapshotTexts(snapshot)) expectNoCanary(text, 'snapshot export');
    const stored = [...filesUnder(cacheDir), ...filesUnder(history)];
    expect(stored.filter((f) => f.path.startsWith(cacheDir))).toHaveLength(1);
    expect(stored.filter((f) => f.path.startsWith(history)).length).toBeGreaterThan(0);
    for (const file of stored) expectNoCanary(file.text, file.path);
  }, 180_000); // six CLI runs at once on a busy machine
});
