// `npm run bench`: synthetic clusters of 1k, 10k and 100k objects (seeded: the same every run),
// written as snapshots to a temporary directory; per size the whole-cluster figures and the naive
// way (each object traced alone, a fresh index per object, as `flux trace` does), then the live
// test bed. Each size runs in its own process so that its peak RSS is its own.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runLive } from './live.js';
import type { McpFigures } from './mcp.js';
import type { NetworkFigures, NetworkOutcome } from './network.js';
import type { SizeFigures } from './size.js';
import { measureStartup } from './startup.js';
import type { LoadFigures } from './yaml-load.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
/** How many objects the naive way traces at most per size (the rest is extrapolated). */
const ALL = Number.MAX_SAFE_INTEGER;
const NAIVE_LIMIT: Record<number, number> = { 1000: ALL, 10000: ALL, 100000: 200 };
const LIVE_OBJECTS = Number(process.env.BENCH_LIVE_OBJECTS ?? 10000);
/** BENCH_NETWORK=0 skips the single trace over a network (real Flux bed, flux CLI, latency proxy). */
const NETWORK = process.env.BENCH_NETWORK !== '0';
/** Size of the YAML vs JSON snapshot files (0 skips that part). */
const YAML_MB = Number(process.env.BENCH_YAML_MB ?? 200);

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 3 : 0)} ms`);
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-bench-'));
  console.log(
    `cub-scout bench  (node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, snapshots in ${dir})`,
  );
  const started = performance.now();
  try {
    await printStartup();
    for (const size of SIZES) {
      const naive = NAIVE_LIMIT[size] ?? 200;
      const { stdout } = await run(
        'node',
        ['--max-old-space-size=4096', join(import.meta.dirname, 'size.js'), String(size), dir, String(naive)],
        {
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      print(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as SizeFigures);
    }
    if (YAML_MB > 0) await yamlVersusJson(dir);
    const largest = Math.max(...SIZES);
    const { stdout: mcpOut } = await run(
      'node',
      [join(import.meta.dirname, 'mcp.js'), ROOT, join(dir, `cluster-${largest}.json`)],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    printMcp(JSON.parse(mcpOut.trim().split('\n').at(-1) ?? '{}') as McpFigures, largest);
    console.log('\nLIVE (test bed)');
    const live = await runLive(ROOT, join(dir, 'live'), LIVE_OBJECTS);
    if (!live.ran) console.log(`  skipped: ${live.reason}`);
    else {
      const f = live.figures;
      const cold = [...f.cliColdMs].sort((a, b) => a - b);
      console.log(
        `  objects loaded               ${f.objects} (in ${f.loadSeconds.toFixed(1)} s, through the fixture loader)`,
      );
      console.log(
        `  cold trace through the CLI   median ${ms(cold[Math.floor(cold.length / 2)] ?? 0)}  (${cold.map(ms).join(', ')})`,
      );
      console.log(
        `  warm trace in one process    p50 ${ms(f.warmP50Ms)}  p99 ${ms(f.warmP99Ms)}  (${f.warmSamples} traces; a trace lists the kinds it needs on first use and GETs the object)`,
      );
      console.log(
        `  whole cluster (pipelines)    ${ms(f.wholeClusterMs)}  (every kind listed over HTTP, indexed, traced)`,
      );
      console.log(
        `  trace on the whole index     p50 ${ms(f.indexedP50Ms)}  p99 ${ms(f.indexedP99Ms)}  (${f.warmSamples} traces after that: no request left to make)`,
      );
      console.log(
        `  cold single trace by bed size (hyperfine median of 5; ${f.smallObjects} objects of test/scenarios/flux-real, then with the ${f.objects} generated ones next to them)`,
      );
      for (const b of f.bySize) {
        const growth = b.bigMs / b.smallMs - 1;
        console.log(
          `    ${b.target.padEnd(26)} ${ms(b.smallMs).padStart(8)} → ${ms(b.bigMs).padStart(8)}  ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(0)}%  target ≤ +10%: ${mark(growth <= 0.1)}`,
        );
      }
    }
    if (NETWORK) await printNetwork();
    await (await import('./desktop.js')).printDesktop(ROOT, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\nload average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )} (2-core targets assume an idle machine); bench took ${((performance.now() - started) / 60000).toFixed(1)} min`,
  );
}

/** Whole-process start-up of the built CLI, next to Node's own. */
async function printStartup(): Promise<void> {
  console.log('\nSTART-UP (whole process, dist/cli/bin.js; hyperfine, 20 runs)');
  const startup = await measureStartup(ROOT);
  if (!startup.ran) {
    console.log(`  skipped: ${startup.reason}`);
    return;
  }
  for (const t of startup.timings)
    console.log(
      `  ${t.label.padEnd(40)} median ${ms(t.medianMs).padStart(7)}  mean ${ms(t.meanMs).padStart(7)}  CPU ${ms(t.cpuMs).padStart(7)}${t.goalMs ? `  target ≤ ${t.goalMs} ms: ${mark(t.medianMs <= t.goalMs)}` : ''}`,
    );
}

/** cub-scout trace vs flux trace through the latency proxy (bench/network.ts, its own process). */
async function printNetwork(): Promise<void> {
  console.log(
    '\nSINGLE TRACE OVER A NETWORK (real Flux controllers; latency proxy on 127.0.0.1; whole processes)',
  );
  const { stdout } = await run('node', [join(import.meta.dirname, 'network.js'), ROOT], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const outcome = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as NetworkOutcome;
  if (!outcome.ran) console.log(`  skipped: ${outcome.reason}`);
  else printNetworkTable(outcome.figures);
}

function printNetworkTable(f: NetworkFigures): void {
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;
  console.log(
    `  bed: ${f.objects} objects, set up and reconciled in ${f.setupSeconds.toFixed(0)} s; ${f.fluxVersion} built from its Go module; median of ${f.rows[0]?.cub.wallMs.length ?? 0} runs per cell`,
  );
  console.log(
    '  object                                   links  rtt    cub-scout  flux trace  cub/flux  target  connections cub/flux  requests cub/flux  rounds cub',
  );
  for (const r of f.rows) {
    const cub = median(r.cub.wallMs);
    const flux = median(r.flux.wallMs);
    const ratio = cub / flux;
    const goal = r.rttMs === 0 ? 1.0 : 0.6;
    const failed = [r.cub.error && `cub-scout: ${r.cub.error}`, r.flux.error && `flux: ${r.flux.error}`]
      .filter(Boolean)
      .join('; ');
    console.log(
      `  ${r.target.padEnd(40)} ${String(r.links).padStart(5)}  ${`${r.rttMs} ms`.padEnd(6)} ${ms(cub).padStart(9)}  ${ms(flux).padStart(10)}  ${`${ratio.toFixed(2)}×`.padStart(8)}  ≤${goal.toFixed(1)}× ${mark(ratio <= goal).padEnd(6)}  ${`${r.cub.connections} / ${r.flux.connections}`.padStart(19)}  ${`${r.cub.requests} / ${r.flux.requests}`.padStart(17)}  ${String(r.cub.rounds ?? '-').padStart(10)}${failed ? `  FAILED: ${failed}` : ''}`,
    );
  }
}

/** The same cluster as one YAML and one JSON file; each loaded in a fresh process. */
async function yamlVersusJson(dir: string): Promise<void> {
  const script = join(import.meta.dirname, 'yaml-load.js');
  const node = (args: string[]) =>
    run('node', ['--max-old-space-size=4096', script, ...args], { maxBuffer: 1024 * 1024 });
  const sizes = JSON.parse((await node(['write', dir, String(YAML_MB)])).stdout) as {
    yamlBytes: number;
    jsonBytes: number;
  };
  const load = async (file: string) =>
    JSON.parse((await node(['load', join(dir, file)])).stdout) as LoadFigures;
  const json = await load('big.json');
  const yaml = await load('big.yaml');
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const timeRatio = yaml.ms / json.ms;
  const memoryRatio = yaml.peakRssMb / json.peakRssMb;
  console.log(
    `\nSNAPSHOT LOAD  YAML ${mb(sizes.yamlBytes)} vs JSON ${mb(sizes.jsonBytes)}, ${yaml.objects} objects`,
  );
  console.log(`  JSON                         ${ms(json.ms)}  peak RSS ${json.peakRssMb.toFixed(0)} MB`);
  console.log(`  YAML                         ${ms(yaml.ms)}  peak RSS ${yaml.peakRssMb.toFixed(0)} MB`);
  console.log(
    `  YAML / JSON                  time ${timeRatio.toFixed(2)}×  target ≤ 3×: ${mark(timeRatio <= 3)}   memory ${memoryRatio.toFixed(2)}×  target ≤ 2×: ${mark(memoryRatio <= 2)}`,
  );
}

function printMcp(f: McpFigures, objects: number): void {
  const cold = [...f.coldStartMs].sort((a, b) => a - b);
  const coldMedian = cold[Math.floor(cold.length / 2)] ?? 0;
  console.log(`\nMCP SERVER (the built bin, as clients run it; ${objects}-object snapshot)`);
  console.log(
    `  cold start to tools/list     median ${ms(coldMedian)}  (${cold.map(ms).join(', ')}; --demo)  target ≤ 400 ms: ${mark(coldMedian <= 400)}`,
  );
  const cpu = [...f.coldStartCpuMs].sort((a, b) => a - b);
  console.log(
    `  cold start CPU time          median ${ms(cpu[Math.floor(cpu.length / 2)] ?? 0)}  (what the wall time is on an idle core)`,
  );
  console.log(`  list_pipelines {trace:true}  ${ms(f.bigCallMs)}  (HTTP, in the cluster's worker thread)`);
  console.log(
    `  ping meanwhile               p50 ${ms(f.pingP50Ms)}  p99 ${ms(f.pingP99Ms)}  (${f.pings} pings)  target p99 ≤ 50 ms: ${mark(f.pingP99Ms <= 50)}`,
  );
  console.log(
    `  second client's trace        p50 ${ms(f.traceP50Ms)}  max ${ms(f.traceMaxMs)}  (${f.traces} traces)  target ≤ 100 ms: ${mark(f.traceMaxMs <= 100)}`,
  );
  console.log(
    `  cancel stops the work        ${ms(f.cancelStopMs)}  (notifications/cancelled to the server's CPU going quiet, 100 ms windows)  target ≤ 200 ms: ${mark(f.cancelStopMs <= 200)}`,
  );
  console.log(
    `  history, ${f.historyRecords} records      first call ${ms(f.historyFirstMs)} (index built), then p50 ${ms(f.historyP50Ms)}, filtered p50 ${ms(f.historyFilteredP50Ms)}  target p50 ≤ 20 ms: ${mark(f.historyP50Ms <= 20 && f.historyFilteredP50Ms <= 20)}`,
  );
}

function print(f: SizeFigures): void {
  const indexAndTrace = f.indexMs + f.traceAllMs;
  const ratio = f.naiveTotalMs / indexAndTrace;
  console.log(`\n${f.objects} OBJECTS`);
  console.log(`  snapshot write / read        ${ms(f.writeMs)} / ${ms(f.readMs)}  (JSON, not counted below)`);
  console.log(`  index build                  ${ms(f.indexMs)}  (each kind listed once; by key, uid, kind)`);
  console.log(
    `  trace every object           ${ms(f.traceAllMs)}  (${((f.traceAllMs * 1000) / f.objects).toFixed(1)} µs per object)`,
  );
  console.log(
    `  index + trace all            ${ms(indexAndTrace)} wall, ${ms(f.indexAndTraceCpuMs)} CPU${f.target >= 100000 ? `  target ≤ 3 s: ${mark(indexAndTrace <= 3000)} (wall)` : ''}`,
  );
  console.log(
    `  single trace, warm index     p50 ${ms(f.singleP50Ms)}  p99 ${ms(f.singleP99Ms)}  (${f.singleSamples} traces)  target p50 ≤ 1 ms: ${mark(f.singleP50Ms <= 1)}`,
  );
  console.log(`  pipelines                    ${ms(f.pipelinesMs)}  (${f.pipelines} pipelines)`);
  console.log(`  scan                         ${ms(f.scanMs)}  (${f.findings} findings)`);
  console.log(
    `  extra lookups (lazy)         ${ms(f.lookupsMs)}  (owner, label, inventory, tracking id, Helm release; built on first use)`,
  );
  console.log(
    `  peak RSS                     ${f.peakRssMb.toFixed(0)} MB${f.target >= 100000 ? `  target ≤ 1.5 GB: ${mark(f.peakRssMb <= 1536)}` : ''}`,
  );
  const how = f.naiveExtrapolated
    ? `sampled ${f.naiveSampled} objects at ${ms(f.naivePerObjectMs)} each, extrapolated to ${f.objects}`
    : `all ${f.objects} objects at ${ms(f.naivePerObjectMs)} each`;
  console.log(`  naive (fresh index per obj)  ${ms(f.naiveTotalMs)}  (${how})`);
  console.log(
    `  batch vs naive               ${ratio.toFixed(0)}× faster (index + trace all vs naive)${f.target === 10000 ? `  target ≥ 20×: ${mark(ratio >= 20)}` : ''}`,
  );
}

await main();
