// The live part of the bench: a few thousand objects of the synthetic cluster loaded into the test
// bed (test/cluster, a real API server), then the cold CLI trace (a new process each time) and warm
// traces inside one process. Skipped, with the reason, when the test bed cannot be started here.
import { type ChildProcess, execFile } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Engine } from '../shared/engine.js';
import { SnapshotReader } from '../shared/reader/snapshot.js';
import type { KubeObject } from '../shared/reader/types.js';
import { kindArgOf } from '../shared/resource-arg.js';
import { loadScenario } from '../test/helpers/fixtures.js';
import { build, startTestbed, stop } from '../test/setup/testbed-process.js';
import { generateCluster, seededRandom } from './generate.js';
import { median, timeAlternately } from './hyperfine.js';
import { cubTraceArgs, TARGETS } from './network.js';

/** Creates in flight at once while loading the generated cluster (as admin). */
const LOAD_CONCURRENCY = 16;

const run = promisify(execFile);

/** Cold CLI traces of the same objects on a small bed and on the same bed grown big. */
export interface BedSizeFigures {
  target: string;
  smallMs: number;
  bigMs: number;
}

export interface LiveFigures {
  objects: number;
  /** Objects of the real-Flux snapshot (test/scenarios/flux-real) loaded first. */
  smallObjects: number;
  bySize: BedSizeFigures[];
  loadSeconds: number;
  cliColdMs: number[];
  warmP50Ms: number;
  warmP99Ms: number;
  warmSamples: number;
  wholeClusterMs: number;
  /** Traces after the whole cluster was indexed (no reads left to do). */
  indexedP50Ms: number;
  indexedP99Ms: number;
}

export type LiveOutcome = { ran: true; figures: LiveFigures } | { ran: false; reason: string };

export async function runLive(root: string, work: string, objects: number): Promise<LiveOutcome> {
  try {
    await run('go', ['version']);
  } catch {
    return { ran: false, reason: 'Go is not installed, so the test bed cannot be built' };
  }
  mkdirSync(work, { recursive: true });
  let testbed: ChildProcess | undefined;
  try {
    // Built, started and stopped the way the test suite does it (test/setup/testbed-process.ts).
    const binDir = await build();
    const started = startTestbed(binDir, work, ['--no-controller-manager']);
    testbed = started.child;
    const info = await started.ready;
    return { ran: true, figures: await measureLive(root, work, info.kubeconfig, objects) };
  } catch (e) {
    return { ran: false, reason: (e as Error).message.split('\n')[0] ?? 'unknown error' };
  } finally {
    await stop(testbed);
  }
}

async function measureLive(
  root: string,
  work: string,
  kubeconfig: string,
  target: number,
): Promise<LiveFigures> {
  const { objects } = generateCluster(target, 99);
  const dir = join(work, 'scenario');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'accounts.json'), JSON.stringify(defaultAccounts(objects)));
  writeFileSync(
    join(dir, 'cluster.json'),
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
  );
  // The real-Flux state (~45 objects, as its controllers left it), traced cold first on its own
  // and then again once the generated cluster is loaded next to it.
  const fluxReal = join(root, 'test', 'scenarios', 'flux-real');
  const smallDir = join(work, 'flux-real');
  mkdirSync(smallDir, { recursive: true });
  cpSync(fluxReal, smallDir, { recursive: true });
  const fluxRealObjects = (await SnapshotReader.load(fluxReal)).allObjects();
  writeFileSync(join(smallDir, 'accounts.json'), JSON.stringify(defaultAccounts(fluxRealObjects)));
  const small = await loadScenario(smallDir, kubeconfig, 'testbed-admin');
  const bin = join(root, 'dist', 'cli', 'bin.js');
  const coldTraces = async () => {
    const env = { ...process.env, NO_COLOR: '1', CUB_SCOUT_HISTORY_DIR: join(work, 'history') };
    const commands = TARGETS.map((o) => cubTraceArgs(root, o, kubeconfig, 'testbed-readonly'));
    return (await timeAlternately(commands, env, 1, 5)).map(median);
  };
  const smallMs = await coldTraces();
  let t = performance.now();
  // Never unloaded: the test bed and its state directory go away right after (deleting 10k objects
  // one by one would take minutes).
  const loaded = await loadScenario(dir, kubeconfig, 'testbed-admin', LOAD_CONCURRENCY);
  const loadSeconds = (performance.now() - t) / 1000;
  const bigMs = await coldTraces();
  const bySize = TARGETS.map((o, i) => ({
    target: `${o.namespace}/${o.name}`,
    smallMs: smallMs[i] ?? 0,
    bigMs: bigMs[i] ?? 0,
  }));
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  const random = seededRandom(3);
  const pick = () => deployments[Math.floor(random() * deployments.length)] as KubeObject;
  const cliColdMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const d = pick();
    t = performance.now();
    await run(
      'node',
      [
        bin,
        'trace',
        `deployment/${d.metadata.name}`,
        '-n',
        d.metadata.namespace ?? 'default',
        '--kubeconfig',
        kubeconfig,
        '--context',
        'testbed-readonly',
      ],
      { env: { ...process.env, NO_COLOR: '1' } },
    );
    cliColdMs.push(performance.now() - t);
  }
  const engine = await Engine.open({ kubeconfig, context: 'testbed-readonly' });
  try {
    const first = pick();
    await engine.trace('deployment.apps', first.metadata.name, first.metadata.namespace);
    const traceable = objects.filter((o) => !['Namespace'].includes(o.kind));
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const o = traceable[Math.floor(random() * traceable.length)] as KubeObject;
      const s = performance.now();
      await engine.trace(kindArgOf(o.apiVersion, o.kind), o.metadata.name, o.metadata.namespace);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    engine.refresh();
    t = performance.now();
    await engine.pipelines();
    const wholeClusterMs = performance.now() - t;
    // Once the whole cluster is indexed, a trace reads nothing more.
    const indexed: number[] = [];
    for (let i = 0; i < 300; i++) {
      const o = traceable[Math.floor(random() * traceable.length)] as KubeObject;
      const s = performance.now();
      await engine.trace(kindArgOf(o.apiVersion, o.kind), o.metadata.name, o.metadata.namespace);
      indexed.push(performance.now() - s);
    }
    indexed.sort((a, b) => a - b);
    return {
      objects: loaded.objects.length,
      smallObjects: small.objects.length,
      bySize,
      loadSeconds,
      cliColdMs,
      warmP50Ms: times[Math.floor(times.length / 2)] ?? 0,
      warmP99Ms: times[Math.floor(times.length * 0.99)] ?? 0,
      warmSamples: times.length,
      wholeClusterMs,
      indexedP50Ms: indexed[Math.floor(indexed.length / 2)] ?? 0,
      indexedP99Ms: indexed[Math.floor(indexed.length * 0.99)] ?? 0,
    };
  } finally {
    await engine.close();
  }
}

/** The test bed runs without its controller manager (so that nothing rewrites the loaded
 * ReplicaSets and Pods), so nothing creates the default ServiceAccount Pods need: a List of them,
 * one per namespace of `objects`, loaded with them (a file name sorting before theirs). */
function defaultAccounts(objects: KubeObject[]): unknown {
  const namespaces = [...new Set(objects.map((o) => o.metadata.namespace).filter((n): n is string => !!n))];
  const items = namespaces.map((namespace) => ({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'default', namespace },
  }));
  return { apiVersion: 'v1', kind: 'List', items };
}
