// A TCP proxy on 127.0.0.1 that behaves like a network with a round trip of `rttMs`: every chunk
// is delivered half a round trip after it arrived, in order, in both directions, and a new
// connection's first bytes to the server wait one more round trip (the TCP handshake a real
// network costs before a client can send). TLS passes through untouched, so the client's own TLS
// handshake pays its round trips like anywhere else. It counts the connections it accepted.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface LatencyProxy {
  /** host:port to put in a kubeconfig in place of the target's. */
  address: string;
  /** Connections accepted since start (or since the last `resetCount`). */
  connections(): number;
  resetCount(): void;
  close(): Promise<void>;
}

/** Write `chunk` to `to` at `at` (ms, performance.now()), never before what was queued earlier. */
class DelayedPipe {
  private last = 0;
  private pending = 0;
  private ended = false;

  constructor(
    private readonly to: Socket,
    private readonly delayMs: number,
    notBefore = 0,
  ) {
    this.last = notBefore;
  }

  push(chunk: Buffer): void {
    this.last = Math.max(performance.now() + this.delayMs, this.last);
    this.pending++;
    this.schedule(() => {
      this.pending--;
      if (!this.to.destroyed) this.to.write(chunk);
      if (this.ended && this.pending === 0) this.to.end();
    });
  }

  end(): void {
    this.ended = true;
    if (this.pending === 0) this.schedule(() => this.to.end());
  }

  private schedule(fn: () => void): void {
    const wait = this.last - performance.now();
    if (wait <= 0) setImmediate(fn);
    else setTimeout(fn, wait);
  }
}

export async function startLatencyProxy(
  target: { host: string; port: number },
  rttMs: number,
): Promise<LatencyProxy> {
  let accepted = 0;
  const open = new Set<Socket>();
  const half = rttMs / 2;
  const server: Server = createServer((client) => {
    accepted++;
    const upstream = createConnection({ host: target.host, port: target.port });
    open.add(client);
    open.add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    // The handshake: SYN out and SYN-ACK back before the first byte can leave the client.
    const toServer = new DelayedPipe(upstream, half, performance.now() + rttMs);
    const toClient = new DelayedPipe(client, half);
    client.on('data', (chunk: Buffer) => toServer.push(chunk));
    upstream.on('data', (chunk: Buffer) => toClient.push(chunk));
    client.on('end', () => toServer.end());
    upstream.on('end', () => toClient.end());
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', () => open.delete(client));
    upstream.on('close', () => open.delete(upstream));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('latency proxy: no address');
  return {
    address: `127.0.0.1:${address.port}`,
    connections: () => accepted,
    resetCount: () => {
      accepted = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
