// The MCP server part of the bench, against the built bin as clients run it: cold start to the
// first tools/list (--demo); on the 100k-object snapshot, ping latency and a second client's small
// trace while list_pipelines {trace: true} runs, and how soon a cancel stops the work (the server
// process's CPU time stops growing); the history index at 10,000 records.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Engine } from '../shared/engine.js';
import { HistoryStore } from '../shared/history/store.js';

export interface McpFigures {
  coldStartMs: number[];
  coldStartCpuMs: number[];
  pingP50Ms: number;
  pingP99Ms: number;
  pings: number;
  traceMaxMs: number;
  traceP50Ms: number;
  traces: number;
  bigCallMs: number;
  cancelStopMs: number;
  historyRecords: number;
  historyFirstMs: number;
  historyP50Ms: number;
  historyFilteredP50Ms: number;
}

const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

function env(history: string): Record<string, string> {
  const e: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) e[k] = v;
  return { ...e, KUBECONFIG: '/nonexistent/kubeconfig', CUB_SCOUT_HISTORY_DIR: history };
}

/** JSON-RPC over a child's stdio, lines in and out. */
class Stdio {
  private buffer = '';
  private readonly waiting = new Map<number | string, (m: Record<string, unknown>) => void>();
  onNotification: (m: Record<string, unknown>) => void = () => {};

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString();
      for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
        const message = JSON.parse(this.buffer.slice(0, nl)) as Record<string, unknown>;
        this.buffer = this.buffer.slice(nl + 1);
        const id = message.id as number | undefined;
        if (id !== undefined && this.waiting.has(id)) {
          this.waiting.get(id)?.(message);
          this.waiting.delete(id);
        } else if (message.method) this.onNotification(message);
      }
    });
  }

  send(message: Record<string, unknown>): void {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  }

  request(
    id: number,
    method: string,
    params: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.send({ id, method, params });
    });
  }

  async initialize(): Promise<void> {
    await this.request(0, 'initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'bench', version: '1' },
    });
    this.send({ method: 'notifications/initialized' });
  }
}

/** Wall time from spawn to the first tools/list answer, and the CPU time the server spent. */
async function coldStart(bin: string, history: string): Promise<{ wall: number; cpu: number }> {
  const started = now();
  const child = spawn('node', [bin, 'mcp', '--demo', '--no-history'], { env: env(history) });
  const rpc = new Stdio(child);
  await rpc.initialize();
  await rpc.request(1, 'tools/list');
  const wall = now() - started;
  const cpu = cpuMs(child.pid ?? 0);
  child.kill();
  return { wall, cpu };
}

/** CPU time (user + system, all threads) of a process so far, in ms (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
}

/** Send notifications/cancelled while list_pipelines works, and time until the CPU goes quiet. */
async function cancelStop(bin: string, snapshot: string, history: string): Promise<number> {
  const child = spawn('node', [bin, 'mcp', '--snapshot', snapshot, '--no-history'], { env: env(history) });
  const rpc = new Stdio(child);
  await rpc.initialize();
  let progressed = 0;
  rpc.onNotification = (m) => {
    if (m.method === 'notifications/progress') progressed++;
  };
  void rpc.request(5, 'tools/call', {
    name: 'list_pipelines',
    arguments: { trace: true },
    _meta: { progressToken: 'bench' },
  });
  while (progressed === 0) await sleep(10);
  await sleep(1500); // well into the work
  const cancelled = now();
  rpc.send({ method: 'notifications/cancelled', params: { requestId: 5, reason: 'bench' } });
  // Quiet: under 20 ms of CPU in a 100 ms window (the server idles at ~0).
  let stoppedAt = Number.NaN;
  for (let last = cpuMs(child.pid ?? 0), t = now(); now() - cancelled < 30_000; ) {
    await sleep(100);
    const cpu = cpuMs(child.pid ?? 0);
    if (cpu - last < 20) {
      stoppedAt = t - cancelled;
      break;
    }
    last = cpu;
    t = now();
  }
  child.kill();
  return Math.max(0, stoppedAt);
}

async function startHttp(bin: string, snapshot: string, history: string) {
  const child = spawn('node', [bin, 'mcp', '--http', '--port', '0', '--snapshot', snapshot, '--no-history'], {
    env: env(history),
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
  return { child, url };
}

async function httpClient(url: string): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

async function whileBigCall(bin: string, snapshot: string, history: string) {
  const { child, url } = await startHttp(bin, snapshot, history);
  try {
    const [big, small, pinger] = await Promise.all([httpClient(url), httpClient(url), httpClient(url)]);
    const trace = {
      name: 'trace_resource',
      arguments: { resource: 'deployment/app-0', namespace: 'team-1-0' },
    };
    const warm = await small.callTool(trace); // the first trace indexes the kinds it looks in
    if (warm.isError) throw new Error(`bench trace failed: ${JSON.stringify(warm.content)}`);
    let done = false;
    const started = now();
    const call = big
      .callTool({ name: 'list_pipelines', arguments: { trace: true } }, undefined, { timeout: 600_000 })
      .finally(() => {
        done = true;
      });
    const pings: number[] = [];
    const traces: number[] = [];
    const pinging = (async () => {
      while (!done) {
        const t = now();
        await pinger.ping();
        pings.push(now() - t);
        await sleep(20);
      }
    })();
    const tracing = (async () => {
      while (!done) {
        const t = now();
        await small.callTool(trace);
        traces.push(now() - t);
        await sleep(200);
      }
    })();
    await call;
    const bigCallMs = now() - started;
    await Promise.all([pinging, tracing]);
    await Promise.all([big.close(), small.close(), pinger.close()]);
    return { pings, traces, bigCallMs };
  } finally {
    child.kill();
  }
}

async function historyIndex(records: number) {
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-bench-history-'));
  const engine = await Engine.open({ demo: true });
  const base = [
    await engine.trace('deployment', 'nginx', 'demo'),
    await engine.trace('deployment', 'podinfo', 'podinfo'),
  ];
  await engine.close();
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < records; i++) {
    const result = structuredClone(base[i % base.length]) as NonNullable<(typeof base)[number]>;
    result.object.name = `${result.object.name}-${i % 500}`; // 500 objects, 20 traces each
    const savedAt = new Date(start + i * 60_000);
    const id = `${savedAt.getTime().toString().padStart(15, '0')}-1-${i.toString(16).padStart(8, '0')}`;
    const record = {
      version: 1,
      id,
      savedAt: savedAt.toISOString(),
      face: 'mcp',
      context: null,
      source: result.source ?? 'snapshot',
      object: result.object,
      result,
    };
    writeFileSync(join(dir, `${id}.json`), `${JSON.stringify(record)}\n`);
  }
  const store = new HistoryStore(dir);
  let t = now();
  await store.page({}, 20);
  const first = now() - t;
  const all: number[] = [];
  const filtered: number[] = [];
  for (let i = 0; i < 30; i++) {
    t = now();
    await store.page({}, 20);
    all.push(now() - t);
    t = now();
    await store.page({ resource: `deployment/nginx-${(i * 2) % 500}` }, 20);
    filtered.push(now() - t);
  }
  rmSync(dir, { recursive: true, force: true });
  return { first, p50: percentile(all, 50), filteredP50: percentile(filtered, 50) };
}

export async function runMcpBench(root: string, snapshot: string): Promise<McpFigures> {
  const bin = join(root, 'dist', 'cli', 'bin.js');
  const history = mkdtempSync(join(tmpdir(), 'cub-scout-bench-mcp-'));
  const coldStartMs: number[] = [];
  const coldStartCpuMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const { wall, cpu } = await coldStart(bin, history);
    coldStartMs.push(wall);
    coldStartCpuMs.push(cpu);
  }
  const { pings, traces, bigCallMs } = await whileBigCall(bin, snapshot, history);
  const cancelStopMs = await cancelStop(bin, snapshot, history);
  const historyRecords = 10_000;
  const h = await historyIndex(historyRecords);
  rmSync(history, { recursive: true, force: true });
  return {
    coldStartMs,
    coldStartCpuMs,
    pingP50Ms: percentile(pings, 50),
    pingP99Ms: percentile(pings, 99),
    pings: pings.length,
    traceMaxMs: Math.max(0, ...traces),
    traceP50Ms: percentile(traces, 50),
    traces: traces.length,
    bigCallMs,
    cancelStopMs,
    historyRecords,
    historyFirstMs: h.first,
    historyP50Ms: h.p50,
    historyFilteredP50Ms: h.filteredP50,
  };
}

// `node dist/bench-build/bench/mcp.js <root> <snapshot>`: one JSON line for bench/run.ts.
if (process.argv[1]?.endsWith('mcp.js')) {
  const [root = '.', snapshot = ''] = process.argv.slice(2);
  process.stdout.write(`${JSON.stringify(await runMcpBench(root, snapshot))}\n`);
}
