// Real Argo CD for the live Argo suite (test/live/argo-real.test.ts): builds it (test/cluster/argocd/
// build.sh, cached outside the repo) and runs its components as local processes against a test bed:
// Redis, a `git daemon` serving the suite's fixture repos, repo-server, application-controller,
// applicationset-controller and argocd-server (for the argocd CLI), all on 127.0.0.1. Every process runs under a guard that stops it when
// the test process dies, so nothing outlives a crashed run.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { runBuildScript } from '../setup/testbed-process.js';

const BUILD_SCRIPT = join(import.meta.dirname, '..', 'cluster', 'argocd', 'build.sh');

/** Run the build script (cached: fast when nothing changed); its last stdout line is the bin dir
 * (argocd and its component symlinks, kustomize, crds/). CUB_SCOUT_ARGOCD_BIN names one built elsewhere. */
export function buildArgoCD(): Promise<string> {
  const prebuilt = process.env.CUB_SCOUT_ARGOCD_BIN;
  if (prebuilt) return Promise.resolve(prebuilt);
  return runBuildScript(BUILD_SCRIPT, 'argocd');
}

export interface ArgoCDOptions {
  /** Directory with argocd, its component symlinks and kustomize. */
  binDir: string;
  /** Directory with helm (the test bed's). */
  helmDir: string;
  /** Admin kubeconfig of the cluster Argo CD manages (its current context is used). */
  kubeconfig: string;
  /** Where logs, Redis and Argo CD's scratch dirs go. */
  stateDir: string;
  /** Directory whose subdirectories the git daemon serves as git://127.0.0.1:<port>/<name>. */
  gitRoot: string;
  namespace: string;
}

export interface RunningArgoCD {
  /** `git://127.0.0.1:<port>/<repo>` for a repository under gitRoot. */
  gitUrl(repo: string): string;
  /** `127.0.0.1:<port>` of argocd-server (plain gRPC, authentication off): what `argocd` logs in to. */
  server: string;
  logDir: string;
  stop(): Promise<void>;
}

/** Stops the command when the process `$1` (the test run) is gone or when told to stop. */
const GUARD = [
  'parent=$1; shift',
  '"$@" & child=$!',
  "trap 'kill -TERM $child 2>/dev/null; wait $child; exit 0' TERM INT",
  'while kill -0 "$parent" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done',
  'kill -TERM $child 2>/dev/null; wait $child',
].join('\n');

export async function startArgoCD(options: ArgoCDOptions): Promise<RunningArgoCD> {
  const { binDir, helmDir, kubeconfig, stateDir, gitRoot, namespace } = options;
  const logDir = join(stateDir, 'logs');
  for (const dir of ['logs', 'gnupg', 'tls', 'ssh', 'tmp', 'home'])
    mkdirSync(join(stateDir, dir), { recursive: true });
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of [...children].reverse()) await stopChild(child);
  };
  const run = (name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
    const log = openSync(join(logDir, `${name}.log`), 'a');
    const child = spawn('bash', ['-c', GUARD, 'guard', String(process.pid), command, ...args], {
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        PATH: `${binDir}:${helmDir}:${process.env.PATH ?? ''}`,
        HOME: join(stateDir, 'home'),
        TMPDIR: join(stateDir, 'tmp'),
        // controller-runtime (applicationset-controller) reads the kubeconfig from here, not --kubeconfig.
        KUBECONFIG: kubeconfig,
        ...env,
      },
    });
    children.push(child);
    return child;
  };
  try {
    const [
      redisPort,
      gitPort,
      repoPort,
      repoMetrics,
      ctrlMetrics,
      appsetMetrics,
      appsetProbe,
      appsetHook,
      serverPort,
      serverMetrics,
    ] = (await freePorts(10)) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const redis = `127.0.0.1:${redisPort}`;
    run('redis', 'redis-server', [
      '--bind',
      '127.0.0.1',
      '--port',
      String(redisPort),
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      stateDir,
    ]);
    run('git-daemon', 'git', [
      'daemon',
      '--export-all',
      '--reuseaddr',
      '--informative-errors',
      '--listen=127.0.0.1',
      `--port=${gitPort}`,
      `--base-path=${gitRoot}`,
      gitRoot,
    ]);
    await Promise.all([waitForPort(redisPort, 'redis'), waitForPort(gitPort, 'git daemon')]);

    const repoServer = `127.0.0.1:${repoPort}`;
    run(
      'repo-server',
      join(binDir, 'argocd-repo-server'),
      [
        '--address',
        '127.0.0.1',
        '--port',
        String(repoPort),
        '--metrics-address',
        '127.0.0.1',
        '--metrics-port',
        String(repoMetrics),
        '--disable-tls',
        '--redis',
        redis,
        // Branch heads are cached for 3 min by default: tests push commits and want them seen.
        '--revision-cache-expiration',
        '1s',
        '--loglevel',
        'info',
      ],
      {
        ARGOCD_GPG_ENABLED: 'false',
        ARGOCD_GNUPGHOME: join(stateDir, 'gnupg'),
        ARGOCD_TLS_DATA_PATH: join(stateDir, 'tls'),
        ARGOCD_SSH_DATA_PATH: join(stateDir, 'ssh'),
      },
    );
    await waitForPort(repoPort, 'repo-server', 60_000);

    run(
      'application-controller',
      join(binDir, 'argocd-application-controller'),
      [
        '--kubeconfig',
        kubeconfig,
        '--namespace',
        namespace,
        '--repo-server',
        repoServer,
        '--repo-server-plaintext',
        '--redis',
        redis,
        '--metrics-port',
        String(ctrlMetrics),
        '--app-resync',
        '30',
        '--app-resync-jitter',
        '0',
        '--status-processors',
        '4',
        '--operation-processors',
        '4',
        '--loglevel',
        'info',
      ],
      // The in-cluster destination https://kubernetes.default.svc then means the kubeconfig's server.
      { ARGOCD_FAKE_IN_CLUSTER: 'true' },
    );
    run('applicationset-controller', join(binDir, 'argocd-applicationset-controller'), [
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      namespace,
      '--argocd-repo-server',
      repoServer,
      '--repo-server-plaintext',
      '--metrics-addr',
      `127.0.0.1:${appsetMetrics}`,
      '--probe-addr',
      `127.0.0.1:${appsetProbe}`,
      '--webhook-addr',
      `127.0.0.1:${appsetHook}`,
      '--enable-scm-providers=false',
      '--loglevel',
      'info',
    ]);
    // argocd-server, for the argocd CLI (trace --via argocd): the multi-call binary picks the
    // component by ARGOCD_BINARY_NAME; authentication off, so that the CLI needs no login here.
    mkdirSync(join(stateDir, 'static'), { recursive: true });
    run(
      'server',
      join(binDir, 'argocd'),
      [
        '--kubeconfig',
        kubeconfig,
        '--namespace',
        namespace,
        '--insecure',
        '--disable-auth',
        '--address',
        '127.0.0.1',
        '--port',
        String(serverPort),
        '--metrics-address',
        '127.0.0.1',
        '--metrics-port',
        String(serverMetrics),
        '--repo-server',
        repoServer,
        '--repo-server-plaintext',
        '--redis',
        redis,
        '--staticassets',
        join(stateDir, 'static'),
        '--loglevel',
        'info',
      ],
      { ARGOCD_BINARY_NAME: 'argocd-server' },
    );
    await Promise.all([
      waitForPort(ctrlMetrics, 'application-controller', 60_000),
      waitForPort(appsetProbe, 'applicationset-controller', 60_000),
      waitForPort(serverPort, 'argocd-server', 60_000),
    ]);
    for (const child of children)
      if (child.exitCode !== null) throw new Error(`an Argo CD process exited early; see ${logDir}`);
    return {
      gitUrl: (repo) => `git://127.0.0.1:${gitPort}/${repo}`,
      server: `127.0.0.1:${serverPort}`,
      logDir,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 15_000).unref());
  await Promise.race([exited, timeout]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Ports nothing listens on: bind each, then close them all. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return server;
    }),
  );
  const ports = servers.map((s) => {
    const address = s.address();
    return typeof address === 'object' && address ? address.port : 0;
  });
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

async function waitForPort(port: number, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`${what} did not listen on 127.0.0.1:${port} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
