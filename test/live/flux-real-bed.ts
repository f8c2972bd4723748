// A test bed of its own for the real-Flux suite: the API server of test/cluster with the upstream
// Flux CRDs in place of its schemaless copies, and source-controller, kustomize-controller and
// helm-controller (built by test/cluster/flux/build.sh) running as local processes against it as
// the admin user. The shared test bed of the other live suites is never touched.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KindInfo } from '../../shared/reader/types.js';
import { AdminClient, objectPath } from '../helpers/fixtures.js';
import { build, ROOT, startTestbed, stop, type TestbedInfo } from '../setup/testbed-process.js';

const FLUX_BUILD = join(ROOT, 'test', 'cluster', 'flux', 'build.sh');
export const FLUX_GROUPS = [
  'source.toolkit.fluxcd.io',
  'kustomize.toolkit.fluxcd.io',
  'helm.toolkit.fluxcd.io',
];
const CONTROLLERS = ['source-controller', 'kustomize-controller', 'helm-controller'] as const;

export interface FluxBed {
  info: TestbedInfo;
  admin: AdminClient;
  /** Where the controllers' logs are (read when a wait times out). */
  logDir: string;
  stop(): Promise<void>;
}

/** Build (cached) and start everything; on failure, whatever started is stopped again. */
export async function startFluxBed(): Promise<FluxBed> {
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-flux-real-'));
  const children: ChildProcess[] = [];
  const stopAll = async () => {
    for (const child of children.reverse()) await stop(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [binDir, fluxBin] = await Promise.all([build(), buildFlux()]);
    const testbed = startTestbed(binDir, dir);
    children.push(testbed.child);
    const info = { ...(await testbed.ready), binDir, buildMillis: 0 };
    const admin = new AdminClient(info.kubeconfig, info.adminContext);
    await installUpstreamCrds(admin, join(dirname(fluxBin), 'crds'));
    admin.refreshDiscovery();
    for (const name of CONTROLLERS) children.push(await startController(fluxBin, name, info, dir));
    return { info, admin, logDir: dir, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/** test/cluster/flux/build.sh: cached; its last stdout line is the bin directory. */
function buildFlux(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [FLUX_BUILD],
      { maxBuffer: 64 * 1024 * 1024, timeout: 60 * 60_000 },
      (error, stdout, stderr) => {
        const bin = stdout.trim().split('\n').at(-1)?.trim() ?? '';
        if (error || !existsSync(join(bin, 'kustomize-controller'))) {
          const tail = stderr.trim().split('\n').slice(-5).join(' | ');
          reject(
            new Error(`test/cluster/flux/build.sh failed: ${error?.message.split('\n')[0] ?? bin}: ${tail}`),
          );
        } else resolve(bin);
      },
    );
  });
}

/** Replace the test bed's schemaless Flux CRDs with the controllers' own: delete them (no objects
 * exist yet), wait until they are gone, then create the upstream ones and wait until established.
 * Server-side applying over the old ones would merge schemas, which the API server refuses. */
async function installUpstreamCrds(admin: AdminClient, crdDir: string): Promise<void> {
  const crdKind = (await admin.reader.kindFor(
    'apiextensions.k8s.io',
    'CustomResourceDefinition',
  )) as KindInfo;
  const upstream = readdirSync(crdDir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(readFileSync(join(crdDir, f), 'utf8')).map((d) => d.toJS()))
    .filter((crd) => crd?.kind === 'CustomResourceDefinition');
  const listed = await admin.expect('GET', objectPath(crdKind, undefined), undefined, [200], 'list CRDs');
  const old = (listed.body.items as { metadata: { name: string }; spec: { group: string } }[]).filter((c) =>
    FLUX_GROUPS.includes(c.spec.group),
  );
  for (const crd of old)
    await admin.expect(
      'DELETE',
      objectPath(crdKind, undefined, crd.metadata.name),
      undefined,
      [200, 202, 404],
      'delete CRD',
    );
  for (const crd of old)
    await until(
      `CRD ${crd.metadata.name} gone`,
      async () => {
        const r = await admin.request('GET', objectPath(crdKind, undefined, crd.metadata.name));
        return r.status === 404;
      },
      300_000,
    );
  for (const crd of upstream)
    await admin.expect('POST', objectPath(crdKind, undefined), crd, [201], 'create CRD');
  for (const crd of upstream)
    await until(
      `CRD ${crd.metadata.name} established`,
      async () => {
        const r = await admin.request('GET', objectPath(crdKind, undefined, crd.metadata.name));
        return (r.body?.status?.conditions ?? []).some(
          (c: { type: string; status: string }) => c.type === 'Established' && c.status === 'True',
        );
      },
      300_000,
    );
}

/** One controller as a local process: the admin kubeconfig, no leader election, metrics off, its
 * probes and (source-controller) its artifact server on free loopback ports. */
async function startController(
  fluxBin: string,
  name: (typeof CONTROLLERS)[number],
  info: TestbedInfo,
  dir: string,
): Promise<ChildProcess> {
  const args = [
    '--metrics-addr=0',
    `--health-addr=127.0.0.1:${await freePort()}`,
    '--enable-leader-election=false',
    '--log-level=debug',
    '--log-encoding=json',
    // Dependencies and sources are re-checked every few seconds, not every 30 s.
    '--requeue-dependency=2s',
  ];
  if (name === 'source-controller') {
    const port = await freePort();
    mkdirSync(join(dir, 'artifacts'), { recursive: true });
    args.push(
      `--storage-path=${join(dir, 'artifacts')}`,
      `--storage-addr=127.0.0.1:${port}`,
      `--storage-adv-addr=127.0.0.1:${port}`,
    );
  }
  const log = createWriteStream(join(dir, `${name}.log`));
  const child = spawn(join(fluxBin, name), args, {
    env: { ...process.env, KUBECONFIG: info.kubeconfig, RUNTIME_NAMESPACE: 'flux-system' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  // Fail loudly when it dies at start (a bad flag): wait a moment for an early exit.
  const early = await Promise.race([
    new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))),
    new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 1500)),
  ]);
  if (early !== 'running') {
    const tail = readFileSync(join(dir, `${name}.log`), 'utf8')
      .trim()
      .split('\n')
      .slice(-3)
      .join(' | ');
    throw new Error(`${name} exited with ${early} at start: ${tail}`);
  }
  return child;
}

export function controllerLog(bed: FluxBed, name: string, lines = 20): string {
  const file = join(bed.logDir, `${name}.log`);
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Poll until `check` holds; the error names what was awaited. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
