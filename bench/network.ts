// The bench's "single trace over a network": `cub-scout trace` against `flux trace` (the flux CLI
// built from its Go module by test/cluster/flux-cli/build.sh), whole processes, through a latency
// proxy (bench/latency-proxy.ts) at 0 ms and 50 ms round trip, on objects the real Flux
// controllers reconciled (the bed of test/live/flux-real.test.ts). Timed with hyperfine in
// alternating rounds; connections counted at the proxy, requests in the API server's audit log.
// `node dist/bench-build/bench/network.js <root>` prints one JSON line (NetworkFigures).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseDocument } from 'yaml';
import { FluxDriver, isReady } from '../test/live/flux-real-admin.js';
import { type FluxBed, startFluxBed } from '../test/live/flux-real-bed.js';
import { gitRepository, kustomization, NS, repoFiles } from '../test/live/flux-real-objects.js';
import { GitFixture, HelmRepoFixture } from '../test/live/flux-real-servers.js';
import { ROOT, runBuildScript } from '../test/setup/testbed-process.js';
import { timeAlternately } from './hyperfine.js';
import { type LatencyProxy, startLatencyProxy } from './latency-proxy.js';

const run = promisify(execFile);
const CHART_DIR = join(ROOT, 'test', 'cluster', 'fixtures', 'chart');
export const RTTS_MS = [0, 50];
/** hyperfine rounds per pair of commands (each round runs both, `RUNS` times each). */
const ROUNDS = Number(process.env.BENCH_NETWORK_ROUNDS ?? 3);
const RUNS = Number(process.env.BENCH_NETWORK_RUNS ?? 3);

/** What is traced: one object per shape of chain. */
export const TARGETS = [
  { label: 'Deployment (Kustomization)', kind: 'deployment', name: 'keeper', namespace: 'keep' },
  { label: 'Helm chain', kind: 'deployment', name: 'hello', namespace: 'hello' },
  { label: 'nested Kustomization', kind: 'deployment', name: 'web', namespace: 'web' },
] as const;

export type Target = (typeof TARGETS)[number];

/** `cub-scout trace` of `o` as a whole process (the built bundle), as the read-only user. */
export function cubTraceArgs(root: string, o: Target, kubeconfig: string, context: string): string[] {
  const bin = join(root, 'dist', 'cli', 'bin.js');
  return [
    'node',
    bin,
    'trace',
    `${o.kind}/${o.name}`,
    '-n',
    o.namespace,
    '--kubeconfig',
    kubeconfig,
    '--context',
    context,
  ];
}

export interface ToolFigures {
  /** Wall times of every run, ms. */
  wallMs: number[];
  connections: number;
  requests: number;
  /** `http: … R rounds` when the CLI reports it (CUB_SCOUT_HTTP_STATS=1), else undefined. */
  rounds?: number;
  exitCode: number;
  error?: string;
}

export interface NetworkRow {
  target: string;
  links: number;
  rttMs: number;
  cub: ToolFigures;
  flux: ToolFigures;
}

export interface NetworkFigures {
  setupSeconds: number;
  objects: number;
  fluxVersion: string;
  rows: NetworkRow[];
}

export type NetworkOutcome = { ran: true; figures: NetworkFigures } | { ran: false; reason: string };

interface Commands {
  cub(target: Target, kubeconfig: string): string[];
  flux(target: Target, kubeconfig: string): string[];
}

async function main(): Promise<void> {
  const root = process.argv[2] ?? ROOT;
  const outcome = await runNetwork(root).catch(
    (e: Error): NetworkOutcome => ({ ran: false, reason: e.message.split('\n')[0] ?? 'unknown error' }),
  );
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
  process.exit(0);
}

async function runNetwork(root: string): Promise<NetworkOutcome> {
  try {
    await run('go', ['version']);
    await run('hyperfine', ['--version']);
  } catch {
    return { ran: false, reason: 'needs Go (test bed, flux CLI) and hyperfine (apt-get install hyperfine)' };
  }
  const fluxBin = join(
    await runBuildScript(join(ROOT, 'test', 'cluster', 'flux-cli', 'build.sh'), 'flux'),
    'flux',
  );
  const fluxVersion = (await run(fluxBin, ['version', '--client'])).stdout.trim();
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-bench-network-'));
  const git = new GitFixture(dir);
  let helmRepo: HelmRepoFixture | undefined;
  let bed: FluxBed | undefined;
  try {
    const t = performance.now();
    bed = await startFluxBed();
    helmRepo = new HelmRepoFixture(dir, join(bed.info.binDir, 'helm'));
    await reconcile(bed, git, helmRepo);
    const setupSeconds = (performance.now() - t) / 1000;
    const home = join(dir, 'home');
    mkdirSync(home, { recursive: true });
    const env = { ...process.env, HOME: home, NO_COLOR: '1', CUB_SCOUT_HISTORY_DIR: join(dir, 'history') };
    const context = bed.info.readonlyContext;
    const bin = join(root, 'dist', 'cli', 'bin.js');
    const commands: Commands = {
      cub: (o, kc) => cubTraceArgs(root, o, kc, context),
      flux: (o, kc) => [
        fluxBin,
        'trace',
        '-n',
        o.namespace,
        o.kind,
        o.name,
        '--kubeconfig',
        kc,
        '--context',
        context,
      ],
    };
    const links = new Map<string, number>();
    for (const o of TARGETS) {
      const traced = await run('node', [...commands.cub(o, bed.info.kubeconfig).slice(1), '-o', 'json'], {
        env,
      });
      links.set(o.label, (JSON.parse(traced.stdout) as { chain: unknown[] }).chain.length);
    }
    const rows: NetworkRow[] = [];
    for (const rttMs of RTTS_MS) {
      const proxy = await startLatencyProxy(apiAddress(bed.info.server), rttMs);
      try {
        const kubeconfig = join(dir, `kubeconfig-${rttMs}`);
        writeFileSync(kubeconfig, throughProxy(bed.info.kubeconfig, proxy.address));
        for (const o of TARGETS) {
          const cubArgs = commands.cub(o, kubeconfig);
          const fluxArgs = commands.flux(o, kubeconfig);
          const counted = {
            cub: await countOne(cubArgs, env, proxy, bed),
            flux: await countOne(fluxArgs, env, proxy, bed),
          };
          const wall = await timeAlternately([cubArgs, fluxArgs], env, ROUNDS, RUNS);
          rows.push({
            target: `${o.label} ${o.namespace}/${o.name}`,
            links: links.get(o.label) ?? 0,
            rttMs,
            cub: { ...counted.cub, wallMs: wall[0] ?? [] },
            flux: { ...counted.flux, wallMs: wall[1] ?? [] },
          });
        }
      } finally {
        await proxy.close();
      }
    }
    return {
      ran: true,
      figures: {
        setupSeconds,
        objects: await countObjects(bin, bed.info.kubeconfig, context, dir),
        fluxVersion,
        rows,
      },
    };
  } finally {
    await helmRepo?.stop().catch(() => undefined);
    await git.stop().catch(() => undefined);
    await bed?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Commit 1 of the real-Flux story, reconciled by the controllers: a Kustomization `root` applying
 * the nested Kustomization `web` and the HelmReleases, and `keep` applying a Deployment. */
async function reconcile(bed: FluxBed, git: GitFixture, helmRepo: HelmRepoFixture): Promise<void> {
  const flux = new FluxDriver(bed);
  await helmRepo.start(CHART_DIR, ['0.1.0']);
  await git.start();
  const sha = await git.commit('commit 1', repoFiles(1, helmRepo.url, CHART_DIR));
  await flux.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await flux.create(gitRepository('repo', git.url, 'main'));
  await flux.create(kustomization('root', './root'));
  await flux.create(kustomization('keep', './apps/keep', { prune: false }));
  const applied = (ks: { status?: Record<string, unknown> }) =>
    isReady(ks as never) && ks.status?.lastAppliedRevision === `main@sha1:${sha}`;
  for (const name of ['root', 'web', 'keep'])
    await flux.waitUntil('Kustomization', name, NS, 'applied', applied);
  await flux.waitUntil(
    'HelmRelease',
    'hello',
    NS,
    'installed',
    (hr) => isReady(hr) && hr.status?.history?.length > 0,
  );
}

/** One run of a command: its exit, the connections the proxy accepted, the requests the audit log
 * shows for the read-only user, and the CLI's own count of round trips if it prints one. */
async function countOne(
  args: string[],
  env: NodeJS.ProcessEnv,
  proxy: LatencyProxy,
  bed: FluxBed,
): Promise<Omit<ToolFigures, 'wallMs'>> {
  const user = bed.info.readonlyUser ?? 'cub-scout-readonly';
  const before = auditedReads(bed.info.auditLog, user);
  proxy.resetCount();
  const [command, ...rest] = args as [string, ...string[]];
  const result = await run(command, rest, { env: { ...env, CUB_SCOUT_HTTP_STATS: '1' } }).then(
    (r) => ({ ...r, code: 0 }),
    (e: { stdout?: string; stderr?: string; code?: number }) => ({
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
      code: typeof e.code === 'number' ? e.code : -1,
    }),
  );
  const rounds = /http: \d+ requests?, \d+ connections?, (\d+) sequential rounds?/.exec(result.stderr)?.[1];
  return {
    connections: proxy.connections(),
    requests: auditedReads(bed.info.auditLog, user) - before,
    ...(rounds ? { rounds: Number(rounds) } : {}),
    exitCode: result.code,
    ...(result.code !== 0 ? { error: result.stderr.trim().split('\n').at(-1) ?? '' } : {}),
  };
}

function auditedReads(auditLog: string, user: string): number {
  let n = 0;
  for (const line of readFileSync(auditLog, 'utf8').split('\n')) {
    if (!line.includes(user) || !line.includes('"ResponseComplete"')) continue;
    const event = JSON.parse(line) as { stage?: string; user?: { username?: string } };
    if (event.stage === 'ResponseComplete' && event.user?.username === user) n++;
  }
  return n;
}

function apiAddress(server: string): { host: string; port: number } {
  const url = new URL(server);
  return { host: url.hostname, port: Number(url.port) };
}

/** The bed's kubeconfig with every cluster's server pointed at the proxy (same IP, so the serving
 * certificate still matches). */
function throughProxy(kubeconfig: string, address: string): string {
  const doc = parseDocument(readFileSync(kubeconfig, 'utf8'));
  const clusters = doc.toJS().clusters as { cluster: { server: string } }[];
  clusters.forEach((c, i) => {
    const url = new URL(c.cluster.server);
    doc.setIn(['clusters', i, 'cluster', 'server'], `${url.protocol}//${address}`);
  });
  return doc.toString();
}

/** How many objects the bed holds, as `cub-scout snapshot` saves them (every kind it reads). */
async function countObjects(bin: string, kubeconfig: string, context: string, dir: string): Promise<number> {
  const file = join(dir, 'size.json');
  await run('node', [bin, 'snapshot', '-o', file, '--kubeconfig', kubeconfig, '--context', context]);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { items?: unknown[] } | unknown[];
  return Array.isArray(parsed) ? parsed.length : (parsed.items?.length ?? 0);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
