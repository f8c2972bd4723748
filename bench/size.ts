// One bench size, in its own process (so peak RSS is this size's own): generate the cluster, write
// it as a snapshot, read it, index it, trace everything, time single traces, pipelines and scan,
// and the naive way. Prints one JSON line for bench/run.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAllBatchIndexes } from '../shared/index/batch-indexes.js';
import { ClusterIndex } from '../shared/index/cluster-index.js';
import { traceAll } from '../shared/inventory/batch.js';
import { loadInventory } from '../shared/inventory/load.js';
import { buildPipelines } from '../shared/pipelines/build.js';
import { SnapshotReader } from '../shared/reader/snapshot.js';
import type { KubeObject } from '../shared/reader/types.js';
import { kindArgOf } from '../shared/resource-arg.js';
import { scanCluster } from '../shared/scan/scan.js';
import { traceResource } from '../shared/trace/trace.js';
import { generateCluster, seededRandom } from './generate.js';

export interface SizeFigures {
  target: number;
  objects: number;
  writeMs: number;
  readMs: number;
  indexMs: number;
  lookupsMs: number;
  traceAllMs: number;
  indexAndTraceCpuMs: number;
  singleP50Ms: number;
  singleP99Ms: number;
  singleSamples: number;
  pipelinesMs: number;
  pipelines: number;
  scanMs: number;
  findings: number;
  peakRssMb: number;
  naiveSampled: number;
  naivePerObjectMs: number;
  naiveTotalMs: number;
  naiveExtrapolated: boolean;
}

const now = () => performance.now();

function kindArg(obj: KubeObject): string {
  return kindArgOf(obj.apiVersion, obj.kind);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

function sample<T>(items: T[], count: number, random: () => number): T[] {
  if (count >= items.length) return items;
  const picked: T[] = [];
  for (let i = 0; i < count; i++) picked.push(items[Math.floor(random() * items.length)] as T);
  return picked;
}

export async function measure(target: number, dir: string, naiveLimit: number): Promise<SizeFigures> {
  let t = now();
  const { objects } = generateCluster(target);
  const file = join(dir, `cluster-${target}.json`);
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  const writeMs = now() - t;

  t = now();
  const reader = await SnapshotReader.load(file);
  const readMs = now() - t;

  t = now();
  const cpu = process.cpuUsage();
  const index = new ClusterIndex(reader);
  await loadInventory(index);
  const indexMs = now() - t;

  t = now();
  const batch = traceAll(index);
  const traceAllMs = now() - t;
  const used = process.cpuUsage(cpu);
  // CPU time of this process (GC helper threads included): on a busy machine it tells what the
  // wall time would be on an idle one.
  const indexAndTraceCpuMs = (used.user + used.system) / 1000;

  const random = seededRandom(7);
  const singles = sample(batch.objects, 2000, random);
  const times: number[] = [];
  for (const obj of singles) {
    const s = now();
    await traceResource(index, kindArg(obj), obj.metadata.name, obj.metadata.namespace);
    times.push(now() - s);
  }
  times.sort((a, b) => a - b);

  t = now();
  const report = buildPipelines(batch, { source: reader.source, cacheAgeSeconds: 0 });
  const pipelinesMs = now() - t;
  t = now();
  const scan = scanCluster(batch, index, { source: reader.source, cacheAgeSeconds: 0 });
  const scanMs = now() - t;
  t = now();
  buildAllBatchIndexes(index);
  const lookupsMs = now() - t;

  // The naive way, as `flux trace` does it: each object alone, a fresh index per object (every
  // kind it needs listed again through the reader), nothing shared between objects.
  const naive = sample(batch.objects, naiveLimit, random);
  t = now();
  for (const obj of naive) {
    await traceResource(new ClusterIndex(reader), kindArg(obj), obj.metadata.name, obj.metadata.namespace);
  }
  const naiveMs = now() - t;
  const naivePerObjectMs = naiveMs / naive.length;

  return {
    target,
    objects: batch.objects.length,
    writeMs,
    readMs,
    indexMs,
    lookupsMs,
    traceAllMs,
    indexAndTraceCpuMs,
    singleP50Ms: percentile(times, 50),
    singleP99Ms: percentile(times, 99),
    singleSamples: times.length,
    pipelinesMs,
    pipelines: report.pipelines.length,
    scanMs,
    findings: scan.findings.length,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    naiveSampled: naive.length,
    naivePerObjectMs,
    naiveTotalMs: naivePerObjectMs * batch.objects.length,
    naiveExtrapolated: naive.length < batch.objects.length,
  };
}

// `node dist/bench/size.js <objects> <dir> <naive-limit>`
if (process.argv[1]?.endsWith('size.js')) {
  const [target = '1000', dir = '.', naiveLimit = '1000'] = process.argv.slice(2);
  const figures = await measure(Number(target), dir, Number(naiveLimit));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
