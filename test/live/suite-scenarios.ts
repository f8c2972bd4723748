// Every snapshot scenario (test/scenarios/*, picked up as others add them) and the demo cluster,
// loaded into the live test bed and traced both ways: live as the read-only user, offline from the
// YAML. The results must agree (see compare.ts for the fields a controller may change). The demo
// also proves `cub-scout snapshot`: a snapshot of the live cluster, traced offline, agrees with
// the live trace.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffResource } from '../../shared/diff/diff.js';
import type { DiffResult } from '../../shared/model/diff.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import type { ClusterReader } from '../../shared/reader/types.js';
import { cli } from '../helpers/cli.js';
import { type LoadedScenario, loadScenario } from '../helpers/fixtures.js';
import { DEMO_DIR, scenarioNames, scenarioPath, type TraceTarget, traceList } from '../helpers/scenario.js';
import { comparable, managers } from './compare.js';
import { ALLOWED_RELEASE_KEYS, helmPayload } from './helm-payload.js';
import { wholeClusterChecks } from './suite-whole-cluster.js';
import { readonlyReader, testbed, traceSnapshot, traceWith } from './testbed.js';

/** Scenarios compared live in this run (reported by the audit suite at the end). */
export const compared = { scenarios: 0, traces: 0 };

export function scenarioSuites(): void {
  const scenarios = [
    ...scenarioNames().map((name) => ({ name, dir: scenarioPath(name) })),
    { name: 'demo', dir: DEMO_DIR },
  ];
  for (const { name, dir } of scenarios) {
    describe(`live: scenario ${name}`, () => {
      const targets = traceList(dir);
      let loaded: LoadedScenario | undefined;
      let reader: ClusterReader | undefined;

      beforeAll(async () => {
        const tb = testbed();
        loaded = await loadScenario(dir, tb.kubeconfig, tb.adminContext);
        reader = await readonlyReader();
        compared.scenarios++;
      }, 120_000);

      afterAll(async () => {
        await reader?.close?.();
        await loaded?.unload();
      }, 120_000);

      it('lists something to trace', () => {
        expect(targets.length).toBeGreaterThan(0);
      });

      for (const target of targets) {
        it(`${target.line}: the live trace equals the offline trace`, async () => {
          const offline = await traceSnapshot(dir, target);
          const live = await traceWith(reader as ClusterReader, target);
          expect(comparable(live)).toEqual(comparable(offline));
          // The API server adds its own field managers (status writer, controllers); none of the
          // scenario's may be lost.
          expect(managers(live)).toEqual(expect.arrayContaining(managers(offline)));
          expect(live.source).toBe(`context ${testbed().readonlyContext}`);
          compared.traces++;
        });
      }

      it('diff: the live object differs from its desired state where the offline one does', async () => {
        const offlineReader = await SnapshotReader.load(dir);
        const valueChanges = (d: DiffResult) => ({
          desiredSource: d.desiredSource,
          changes: d.changes.map(({ path, change, desired, live }) => ({ path, change, desired, live })),
        });
        for (const target of targets) {
          const offline = await diffResource(offlineReader, target.kind, target.name, target.namespace).catch(
            (e: Error) => e.message.replace(/ in snapshot .*$/, ''),
          );
          const live = await diffResource(
            reader as ClusterReader,
            target.kind,
            target.name,
            target.namespace,
          ).catch((e: Error) => e.message.replace(/ in context .*$/, ''));
          if (typeof offline === 'string' || typeof live === 'string')
            expect(live, target.line).toEqual(offline);
          else expect(valueChanges(live), target.line).toEqual(valueChanges(offline));
        }
      });

      wholeClusterChecks(dir, () => reader as ClusterReader);
      if (name === 'demo') snapshotRoundTrip(dir, targets);
    });
  }
}

function snapshotRoundTrip(_dir: string, targets: TraceTarget[]): void {
  it('cub-scout snapshot of the live cluster traces offline like the live cluster', async () => {
    const tb = testbed();
    const out = mkdtempSync(join(tmpdir(), 'cub-scout-snapshot-'));
    for (const file of [join(out, 'cluster.yaml'), join(out, 'cluster.json')]) {
      const result = await cli([
        'snapshot',
        '-o',
        file,
        '--kubeconfig',
        tb.kubeconfig,
        '--context',
        tb.readonlyContext,
      ]);
      expect(result.stderr).toMatch(/wrote \d+ objects from context testbed-readonly/);
      expect(result.exitCode).toBe(0);
      // Secret data never leaves the cluster.
      const saved = (await SnapshotReader.load(file)).allObjects();
      const secrets = saved.filter((o) => o.kind === 'Secret');
      const releases = secrets.filter((o) => o.type === 'helm.sh/release.v1');
      expect(releases.length).toBeGreaterThan(0);
      for (const secret of secrets) {
        expect(secret).not.toHaveProperty('stringData');
        if (secret.type !== 'helm.sh/release.v1') expect(secret).not.toHaveProperty('data');
        else {
          expect(Object.keys(secret.data as object)).toEqual(['release']);
          const release = helmPayload(secret) as { chart: object; manifest: string };
          expect(ALLOWED_RELEASE_KEYS).toEqual(expect.arrayContaining(Object.keys(release)));
          expect(Object.keys(release.chart)).toEqual(['metadata']);
          expect(release.manifest).not.toMatch(/^\s*(spec|data|stringData):/m);
        }
      }
      const reader = await readonlyReader();
      try {
        for (const target of targets) {
          const live = await traceWith(reader, target);
          const offline = await traceSnapshot(file, target);
          expect(comparable(offline), `${target.line} from ${file}`).toEqual(comparable(live));
          expect(managers(offline)).toEqual(managers(live));
        }
      } finally {
        await reader.close?.();
      }
    }
  }, 120_000);

  it('cub-scout snapshot -n keeps one namespace of workloads and every GitOps object', async () => {
    const tb = testbed();
    const file = join(mkdtempSync(join(tmpdir(), 'cub-scout-snapshot-')), 'demo.yaml');
    const result = await cli([
      'snapshot',
      '-o',
      file,
      '-n',
      'demo',
      '--kubeconfig',
      tb.kubeconfig,
      '--context',
      tb.readonlyContext,
    ]);
    expect(result.exitCode).toBe(0);
    const demoTargets = targets.filter((t) => t.namespace === 'demo');
    expect(demoTargets.length).toBeGreaterThan(0);
    const reader = await readonlyReader();
    try {
      for (const target of demoTargets) {
        expect(comparable(await traceSnapshot(file, target))).toEqual(
          comparable(await traceWith(reader, target)),
        );
      }
    } finally {
      await reader.close?.();
    }
    // Workloads of other namespaces are left out: tracing one from the snapshot finds nothing.
    const other = targets.find((t) => t.namespace && t.namespace !== 'demo' && t.namespace !== 'flux-system');
    expect(other).toBeDefined();
    const missing = await cli([
      'trace',
      `${other?.kind}/${other?.name}`,
      '-n',
      other?.namespace ?? '',
      '--snapshot',
      file,
    ]);
    expect(missing.exitCode).toBe(2);
  }, 120_000);
}
