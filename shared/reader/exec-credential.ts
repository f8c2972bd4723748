// Exec credential plugins (`users[].user.exec`: aws eks get-token, gke-gcloud-auth-plugin,
// kubelogin), run the way client-go runs them (KUBERNETES_EXEC_INFO, the kubeconfig's env, no
// stdin, the credential kept until its expirationTimestamp) but bounded: client-go waits forever
// for a plugin, and so did @kubernetes/client-node. A plugin that has not answered within the time
// limit is killed with its whole process group (it runs detached so that helpers it started go
// too), and every failure is one line naming the command: never its arguments, which may carry
// account names or tokens.
import { type ChildProcess, spawn } from 'node:child_process';
import type https from 'node:https';
import type { KubeConfig, User } from '@kubernetes/client-node';

/** The client's authenticator interface (not exported by name). */
type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];

/** `users[].user.exec` of a kubeconfig. */
export interface ExecConfig {
  command: string;
  args?: string[];
  env?: Array<{ name: string; value: string }> | null;
  apiVersion?: string;
  interactiveMode?: string;
}

interface ExecCredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expirationTimestamp?: string;
}

export const DEFAULT_EXEC_TIMEOUT_MS = 30_000;
/** Most output a plugin may print; a credential is a few kilobytes. */
const MAX_OUTPUT_BYTES = 1 << 20;

/** The time limit: the option, else `CUB_SCOUT_EXEC_TIMEOUT` (seconds), else 30 s. */
export function execTimeoutMs(option?: number, env: NodeJS.ProcessEnv = process.env): number {
  if (option !== undefined) return option;
  const seconds = Number(env.CUB_SCOUT_EXEC_TIMEOUT);
  return env.CUB_SCOUT_EXEC_TIMEOUT && Number.isFinite(seconds) && seconds > 0
    ? seconds * 1000
    : DEFAULT_EXEC_TIMEOUT_MS;
}

/** Registered on a KubeConfig for the users whose exec config was taken out of the client's hands. */
export class ExecCredentialAuth implements Authenticator {
  private readonly cache = new Map<string, { status: Promise<ExecCredentialStatus>; expires: number }>();

  constructor(
    private readonly execs: ReadonlyMap<string, ExecConfig>,
    private readonly timeoutMs: number,
  ) {}

  isAuthProvider(user: User): boolean {
    return this.execs.has(user.name);
  }

  async applyAuthentication(user: User, opts: https.RequestOptions): Promise<void> {
    const status = await this.credential(user.name);
    if (status.clientCertificateData) opts.cert = status.clientCertificateData;
    if (status.clientKeyData) opts.key = status.clientKeyData;
    if (status.token) opts.headers = { ...(opts.headers ?? {}), Authorization: `Bearer ${status.token}` };
  }

  /** One run per user until the credential expires; concurrent requests share the run. */
  private credential(user: string): Promise<ExecCredentialStatus> {
    const cached = this.cache.get(user);
    if (cached && cached.expires > Date.now()) return cached.status;
    const exec = this.execs.get(user) as ExecConfig;
    const entry = { status: runExecPlugin(exec, this.timeoutMs), expires: Number.POSITIVE_INFINITY };
    this.cache.set(user, entry);
    entry.status.then(
      (status) => {
        const expires = Date.parse(status.expirationTimestamp ?? '');
        if (Number.isFinite(expires)) entry.expires = expires;
      },
      () => this.cache.delete(user), // a failed run is tried again by the next request
    );
    return entry.status;
  }
}

/** Run a plugin and return its ExecCredential status; throws an Error of one line. */
export function runExecPlugin(exec: ExecConfig, timeoutMs: number): Promise<ExecCredentialStatus> {
  const name = `exec credential plugin "${exec.command}"`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const { name: key, value } of exec.env ?? []) env[key] = value;
  env.KUBERNETES_EXEC_INFO = JSON.stringify({
    apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    spec: { interactive: false },
  });
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(exec.command, exec.args ?? [], {
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      reject(new Error(`cannot run ${name}: ${(e as Error).message}`));
      return;
    }
    let stdout = '';
    let stderr = '';
    let done = false;
    const unguard = guardGroup(child);
    const finish = (error: Error | undefined, status?: ExecCredentialStatus) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unguard();
      if (error) reject(error);
      else resolve(status as ExecCredentialStatus);
    };
    const timer = setTimeout(() => {
      killGroup(child);
      finish(new Error(`${name} gave no credentials within ${timeoutMs / 1000} s; stopped it`));
    }, timeoutMs);
    const collect = (into: 'out' | 'err') => (chunk: Buffer) => {
      if (into === 'out') stdout += chunk.toString('utf8');
      else stderr += chunk.toString('utf8');
      if (stdout.length + stderr.length > MAX_OUTPUT_BYTES) {
        killGroup(child);
        finish(new Error(`${name} printed more than 1 MiB; stopped it`));
      }
    };
    child.stdout?.on('data', collect('out'));
    child.stderr?.on('data', collect('err'));
    child.on('error', (e: NodeJS.ErrnoException) => {
      const why =
        e.code === 'ENOENT' ? 'no such command' : e.code === 'EACCES' ? 'permission denied' : e.message;
      finish(new Error(`cannot run ${name}: ${why}`));
    });
    child.on('close', (code, signal) => {
      if (code !== 0) {
        const message = firstLine(stderr);
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        finish(new Error(`${name} ${how}${message ? `: ${message}` : ' and printed no error'}`));
        return;
      }
      try {
        finish(undefined, parseCredential(stdout, name));
      } catch (e) {
        finish(e as Error);
      }
    });
  });
}

function parseCredential(stdout: string, name: string): ExecCredentialStatus {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new Error(`${name} printed something that is not an ExecCredential (not JSON)`);
  }
  const status = (parsed as { status?: unknown } | null)?.status;
  if (typeof status !== 'object' || status === null || Array.isArray(status))
    throw new Error(`${name} printed an ExecCredential without status`);
  const s = status as Record<string, unknown>;
  const credential: ExecCredentialStatus = {};
  for (const key of ['token', 'clientCertificateData', 'clientKeyData', 'expirationTimestamp'] as const)
    if (typeof s[key] === 'string' && s[key]) credential[key] = s[key] as string;
  if (!credential.token && !(credential.clientCertificateData && credential.clientKeyData))
    throw new Error(
      `${name} printed an ExecCredential with neither a token nor a client certificate and key`,
    );
  return credential;
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean)
      ?.slice(0, 300) ?? ''
  );
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** A detached plugin does not get the terminal's Ctrl-C, and a run that ends must not leave it
 * behind: while it runs, exit and SIGINT/SIGTERM kill its group first. A signal that nobody
 * else handles is then raised again, so the process still ends the way it would have. */
function guardGroup(child: ChildProcess): () => void {
  const onExit = () => killGroup(child);
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const othersHandle = process.listenerCount(signal) > 0;
    const handler = () => {
      killGroup(child);
      process.removeListener(signal, handler);
      if (!othersHandle) process.kill(process.pid, signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  process.on('exit', onExit);
  return () => {
    process.removeListener('exit', onExit);
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}
