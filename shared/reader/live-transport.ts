// How requests reach one API server: over one connection per reader where the server allows it.
// An HTTPS server that speaks HTTP/2 (kube-apiserver does; kubectl and client-go use it) gets one
// multiplexed session, so the parallel reads of a trace cost one TCP and one TLS handshake and then
// one round trip per round. Plain HTTP, a proxy from the kubeconfig, or a server that only speaks
// HTTP/1.1 get a keep-alive agent instead (a few sockets, reused). Idle connections never keep a
// process alive: in-flight requests hold their own timers, which is what keeps it running.
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { isIP } from 'node:net';
import tls from 'node:tls';
import { countConnection } from './http-stats.js';

/** Sockets an HTTP/1.1 agent may open to one server: parallel reads without a connection each. */
const MAX_SOCKETS = 4;

/** What a request needs to know of its answer, whichever protocol carried it. */
export interface ExchangeResponse {
  status: number;
  statusMessage: string;
  contentEncoding: string | undefined;
  /** Emits 'data' (Buffer), 'end' and 'error'. */
  body: NodeJS.EventEmitter;
}

/** One GET in flight: the caller arms its timers on these events. */
export interface Exchange {
  /** The connection (TCP and TLS) is ready: a reused connection is ready at once. */
  onConnected(callback: () => void): void;
  onResponse(callback: (response: ExchangeResponse) => void): void;
  onError(callback: (error: Error) => void): void;
  destroy(): void;
}

export class Transport {
  private readonly agents = new Map<string, http.Agent>();
  /** The HTTP/2 session, or undefined once the server turned out to speak only HTTP/1.1. */
  private session: Promise<http2.ClientHttp2Session | undefined> | undefined;
  private http1Only = false;
  private closed = false;

  constructor(private readonly connectTimeoutMs: number) {}

  /** Start a GET. `options` are https.request options with credentials applied; `proxied` when the
   * kubeconfig names a proxy (its agent is then used as is). */
  open(url: URL, options: https.RequestOptions, proxied: boolean): Exchange {
    if (url.protocol === 'https:' && !proxied && !this.http1Only) return this.openHttp2(url, options);
    return this.openHttp1(url, proxied ? options : { ...options, agent: this.agent(url) });
  }

  close(): void {
    this.closed = true;
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
    const session = this.session;
    this.session = undefined;
    void session?.then((s) => s?.destroy()).catch(() => {});
  }

  /** One keep-alive agent per protocol (its TLS options come with each request). */
  private agent(url: URL): http.Agent {
    const key = url.protocol;
    let agent = this.agents.get(key);
    if (!agent) {
      const settings = { keepAlive: true, maxSockets: MAX_SOCKETS };
      agent = url.protocol === 'https:' ? new https.Agent(settings) : new http.Agent(settings);
      this.agents.set(key, agent);
    }
    return agent;
  }

  private openHttp1(url: URL, options: https.RequestOptions): Exchange {
    const transport = url.protocol === 'http:' ? http : https;
    let onResponse: (response: ExchangeResponse) => void = () => {};
    const request = transport.request(url, options, (response) =>
      onResponse({
        status: response.statusCode ?? 0,
        statusMessage: response.statusMessage ?? '',
        contentEncoding: response.headers['content-encoding'],
        body: response,
      }),
    );
    request.on('socket', (socket) => {
      if (!seenSockets.has(socket)) {
        seenSockets.add(socket);
        countConnection();
      }
    });
    request.end();
    return {
      onConnected(callback) {
        // Connected means the TLS handshake is done too: a port that accepts and then says
        // nothing must fail as fast as one that refuses.
        request.on('socket', (socket) => {
          const tlsSocket = socket instanceof tls.TLSSocket;
          if (!socket.connecting && !(tlsSocket && socket.pending)) callback();
          else socket.once(tlsSocket ? 'secureConnect' : 'connect', callback);
        });
      },
      onResponse(callback) {
        onResponse = callback;
      },
      onError(callback) {
        request.on('error', callback);
      },
      destroy() {
        request.destroy();
      },
    };
  }

  private openHttp2(url: URL, options: https.RequestOptions): Exchange {
    const listeners = {
      connected: [] as Array<() => void>,
      response: (_: ExchangeResponse) => {},
      error: [] as Array<(e: Error) => void>,
    };
    let stream: http2.ClientHttp2Stream | undefined;
    let destroyed = false;
    const fail = (e: Error) => {
      for (const callback of listeners.error) callback(e);
    };
    const start = (session: http2.ClientHttp2Session) => {
      for (const callback of listeners.connected) callback();
      if (destroyed) return;
      const headers: http2.OutgoingHttpHeaders = {
        ':method': 'GET',
        ':path': url.pathname + url.search,
        ...http2Headers(options),
      };
      let opened: http2.ClientHttp2Stream;
      try {
        opened = session.request(headers, { endStream: true });
      } catch (e) {
        fail(e as Error);
        return;
      }
      stream = opened;
      opened.on('error', fail);
      opened.on('response', (h) => {
        const status = Number(h[':status'] ?? 0);
        listeners.response({
          status,
          statusMessage: http.STATUS_CODES[status] ?? '',
          contentEncoding: h['content-encoding'] as string | undefined,
          body: opened,
        });
      });
    };
    this.connect(url, options).then((session) => {
      if (destroyed) return;
      if (session) start(session);
      else {
        // The server speaks only HTTP/1.1: this request and every later one go through the agent.
        const fallback = this.openHttp1(url, { ...options, agent: this.agent(url) });
        fallback.onConnected(() => {
          for (const callback of listeners.connected) callback();
        });
        fallback.onResponse((r) => listeners.response(r));
        fallback.onError(fail);
        exchangeDestroy = () => fallback.destroy();
      }
    }, fail);
    let exchangeDestroy = () => stream?.close(http2.constants.NGHTTP2_CANCEL);
    return {
      onConnected(callback) {
        listeners.connected.push(callback);
      },
      onResponse(callback) {
        listeners.response = callback;
      },
      onError(callback) {
        listeners.error.push(callback);
      },
      destroy() {
        destroyed = true;
        exchangeDestroy();
      },
    };
  }

  /** The session, negotiated once (ALPN: h2, else http/1.1). A failed or closed session is
   * forgotten, so the next request connects again. */
  private connect(url: URL, options: https.RequestOptions): Promise<http2.ClientHttp2Session | undefined> {
    if (this.session) return this.session;
    const pending = negotiate(url, options, this.connectTimeoutMs).then((session) => {
      if (!session) {
        this.http1Only = true;
        return undefined;
      }
      if (this.closed) {
        session.destroy();
        throw new Error('connection closed');
      }
      session.unref();
      const forget = () => {
        if (this.session === pending) this.session = undefined;
      };
      session.on('close', forget);
      session.on('goaway', forget);
      session.on('error', forget);
      return session;
    });
    pending.catch(() => {
      if (this.session === pending) this.session = undefined;
    });
    this.session = pending;
    return pending;
  }
}

const seenSockets = new WeakSet<object>();

/** TLS connect offering h2 and http/1.1; an HTTP/2 session on the socket when the server picks h2. */
function negotiate(
  url: URL,
  options: https.RequestOptions,
  timeoutMs: number,
): Promise<http2.ClientHttp2Session | undefined> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const servername = options.servername ?? (isIP(host) ? undefined : host);
    const socket = tls.connect({
      host,
      port: Number(url.port || 443),
      ...(servername ? { servername } : {}),
      ca: options.ca,
      cert: options.cert,
      key: options.key,
      pfx: options.pfx,
      passphrase: options.passphrase,
      ...(options.rejectUnauthorized !== undefined ? { rejectUnauthorized: options.rejectUnauthorized } : {}),
      ALPNProtocols: ['h2', 'http/1.1'],
    });
    countConnection();
    const timer = setTimeout(
      () => socket.destroy(new Error(`no connection within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      if (socket.alpnProtocol !== 'h2') {
        socket.destroy();
        resolve(undefined);
        return;
      }
      const session = http2.connect(url.origin, { createConnection: () => socket });
      session.on('error', () => {}); // each stream reports its own failure
      resolve(session);
    });
  });
}

/** HTTP/2 wants lower-case header names and no connection headers; basic auth becomes a header. */
function http2Headers(options: https.RequestOptions): http2.OutgoingHttpHeaders {
  const headers: http2.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    const lower = name.toLowerCase();
    if (value === undefined || ['connection', 'host', 'keep-alive', 'transfer-encoding'].includes(lower))
      continue;
    headers[lower] = value as string | string[];
  }
  if (options.auth && !headers.authorization)
    headers.authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`;
  return headers;
}
