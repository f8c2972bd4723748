// GET requests to a Kubernetes API server with the credentials of one kubeconfig context, and
// limits on everything, so that a silent, slow or hostile server fails in seconds with one line:
// connect (an unreachable server must not take the OS's two minutes), first byte (a port that
// accepts and says nothing), speed (a body that drips), whole request, and size (an answer that
// never ends, a gzip bomb). Credentials, TLS and proxies come from @kubernetes/client-node
// (applyToHTTPSOptions); the request itself goes over one HTTP/2 session or keep-alive connections
// (live-transport.ts), which is all a read-only client needs and works for any kind, CRDs included.
import type http from 'node:http';
import type https from 'node:https';
import { gunzipSync } from 'node:zlib';
import { CubScoutError, oneLine } from '../errors/index.js';
import { countRequestEnd, countRequestStart } from './http-stats.js';
import type { ResolvedKubeconfig } from './kubeconfig.js';
import { type ExchangeResponse, Transport } from './live-transport.js';

export interface TimeoutOptions {
  /** Give up connecting (TCP and TLS) after this long (default 5 s). */
  connectTimeoutMs?: number;
  /** Give up when the response has not started this long after connecting (default 10 s). */
  firstByteTimeoutMs?: number;
  /** Give up when a response body brings less than 1 KiB in this long (default 10 s), like curl's
   * low-speed limit: a body that drips is as good as none. */
  lowSpeedWindowMs?: number;
  /** Give up on a request (connect, wait, read) after this long (default 30 s). */
  requestTimeoutMs?: number;
  /** Refuse a response body larger than this, compressed or not (default 256 MiB). */
  maxResponseBytes?: number;
}

export interface ApiResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON from the API server, read defensively by callers
  body: any;
  /** The API server's message for an error status (metav1.Status.message), else the status text. */
  message: string;
  /** Bytes of the body as it arrived (callers bound whole lists with it). */
  bytes: number;
}

const DEFAULTS: Required<TimeoutOptions> = {
  connectTimeoutMs: 5_000,
  firstByteTimeoutMs: 10_000,
  lowSpeedWindowMs: 10_000,
  requestTimeoutMs: 30_000,
  maxResponseBytes: 256 << 20,
};
/** Below this many bytes per low-speed window, a body is too slow to wait for. */
const LOW_SPEED_BYTES = 1024;

/** 1 MiB, 4 KiB, 300 B: sizes in error messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1 << 30 && bytes % (1 << 30) === 0) return `${bytes / (1 << 30)} GiB`;
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1 << 10 && bytes % (1 << 10) === 0) return `${bytes / (1 << 10)} KiB`;
  return `${bytes} B`;
}

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

export class KubeHttp {
  private readonly limits: Required<TimeoutOptions>;
  private readonly base: string;
  private readonly transport: Transport;
  private proxyAgent: http.Agent | undefined;

  constructor(
    private readonly kube: ResolvedKubeconfig,
    limits: TimeoutOptions = {},
  ) {
    this.limits = { ...DEFAULTS };
    for (const [key, value] of Object.entries(limits) as Array<[keyof TimeoutOptions, number | undefined]>)
      if (key in DEFAULTS && value !== undefined) this.limits[key] = value;
    // Servers may sit under a path prefix (Rancher: https://host/k8s/clusters/c-x).
    this.base = kube.server.replace(/\/+$/, '');
    this.transport = new Transport(this.limits.connectTimeoutMs);
  }

  /** `server (context name)`, how every error names where it happened. */
  get where(): string {
    return `${this.kube.server} (context ${this.kube.context})`;
  }

  /** GET a path (`/apis/apps/v1/deployments`) with a query. Network failures and timeouts throw
   * CubScoutError('unreachable'); HTTP error statuses are returned for the caller to interpret. */
  async get(
    path: string,
    query: Record<string, string> = {},
    accept = 'application/json',
  ): Promise<ApiResponse> {
    const { url, options } = await this.request(path, query, accept);
    return this.send(url, options, 'json');
  }

  /** GET a path whose answer is text, not JSON (pods/<name>/log), under the same limits; `body` is
   * the text for a success status. */
  async getText(path: string, query: Record<string, string> = {}): Promise<ApiResponse> {
    const { url, options } = await this.request(path, query, '*/*');
    return this.send(url, options, 'text');
  }

  private async request(
    path: string,
    query: Record<string, string>,
    accept: string,
  ): Promise<{ url: URL; options: https.RequestOptions }> {
    const url = new URL(this.base + path);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const options: https.RequestOptions = {
      method: 'GET',
      headers: { Accept: accept, 'Accept-Encoding': 'gzip', 'User-Agent': 'cub-scout (read-only)' },
    };
    try {
      await this.kube.config.applyToHTTPSOptions(options);
    } catch (e) {
      // An exec credential plugin that fails, a client certificate file that is missing...
      throw new CubScoutError('unreadable', `credentials for context ${this.kube.context}: ${oneLine(e)}`);
    }
    return { url, options };
  }

  /** Close the connection (an idle one never keeps the process alive, but a closed reader is done). */
  close(): void {
    this.transport.close();
  }

  private send(url: URL, options: https.RequestOptions, as: 'json' | 'text'): Promise<ApiResponse> {
    const limits = this.limits;
    // Credentials come with a new agent each time; only a proxy's is worth keeping (it is the route).
    const proxied = !!this.kube.config.getCurrentCluster()?.proxyUrl;
    if (proxied) {
      this.proxyAgent ??= options.agent as http.Agent | undefined;
      options.agent = this.proxyAgent;
    } else delete options.agent;
    countRequestStart();
    return new Promise<ApiResponse>((resolve, reject) => {
      let settled = false;
      const timers = new Set<NodeJS.Timeout>();
      const after = (ms: number, reason: string) => {
        const timer = setTimeout(() => fail(reason), ms);
        timers.add(timer);
        return timer;
      };
      const stop = (timer: NodeJS.Timeout | undefined) => {
        clearTimeout(timer);
        if (timer) timers.delete(timer);
      };
      const settle = () => {
        settled = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
      };
      const fail = (reason: string, code: 'unreachable' | 'unreadable' = 'unreachable') => {
        if (settled) return;
        settle();
        exchange.destroy();
        const text =
          code === 'unreachable' ? `cannot reach ${this.where}: ${reason}` : `${this.where}: ${reason}`;
        reject(new CubScoutError(code, text));
      };
      const tooLarge = () =>
        fail(
          `the answer to ${url.pathname} is larger than ${formatBytes(limits.maxResponseBytes)}; giving up`,
          'unreadable',
        );
      let firstByteTimer: NodeJS.Timeout | undefined;
      const exchange = this.transport.open(url, options, proxied);
      exchange.onResponse((response) => {
        stop(firstByteTimer);
        const chunks: Buffer[] = [];
        let bytes = 0;
        // Low-speed limit: each window must bring LOW_SPEED_BYTES, or the body is too slow to wait for.
        let windowBytes = 0;
        const window = setInterval(() => {
          if (windowBytes < LOW_SPEED_BYTES)
            fail(
              `the answer to ${url.pathname} is too slow (${windowBytes} B in ${seconds(limits.lowSpeedWindowMs)})`,
            );
          windowBytes = 0;
        }, limits.lowSpeedWindowMs);
        timers.add(window);
        response.body.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          windowBytes += chunk.length;
          if (bytes > limits.maxResponseBytes) return tooLarge();
          chunks.push(chunk);
        });
        response.body.on('error', (e: Error) => fail(oneLine(e)));
        response.body.on('end', () => {
          if (settled) return;
          settle();
          clearInterval(window);
          try {
            resolve(parseResponse(response, Buffer.concat(chunks), limits.maxResponseBytes, bytes, as));
          } catch (e) {
            const why =
              (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
                ? `unpacks to more than ${formatBytes(limits.maxResponseBytes)}`
                : oneLine(e);
            reject(
              new CubScoutError('unreadable', `${this.where}: unreadable answer to ${url.pathname}: ${why}`),
            );
          }
        });
      });
      const connectTimer = after(
        limits.connectTimeoutMs,
        `no connection within ${seconds(limits.connectTimeoutMs)}`,
      );
      after(
        limits.requestTimeoutMs,
        `no answer to ${url.pathname} within ${seconds(limits.requestTimeoutMs)}`,
      );
      exchange.onConnected(() => {
        stop(connectTimer);
        if (!settled)
          firstByteTimer = after(
            limits.firstByteTimeoutMs,
            `no answer to ${url.pathname} within ${seconds(limits.firstByteTimeoutMs)}`,
          );
      });
      exchange.onError((e) => fail(oneLine(e)));
    }).finally(countRequestEnd);
  }
}

function parseResponse(
  response: ExchangeResponse,
  raw: Buffer,
  maxBytes: number,
  bytes: number,
  as: 'json' | 'text' = 'json',
): ApiResponse {
  const status = response.status;
  // A small gzip can inflate to gigabytes: the limit holds for what it inflates to as well.
  const data = response.contentEncoding === 'gzip' ? gunzipSync(raw, { maxOutputLength: maxBytes }) : raw;
  const text = data.toString('utf8');
  let body: unknown;
  if (as === 'text' && status < 400) return { status, body: text, message: `${status}`, bytes };
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    if (status < 400) throw new Error('not JSON');
    body = undefined;
  }
  const statusMessage = (body as { message?: unknown } | undefined)?.message;
  const message =
    typeof statusMessage === 'string' && statusMessage
      ? statusMessage
      : `${status} ${response.statusMessage}`.trim();
  return { status, body, message, bytes };
}
