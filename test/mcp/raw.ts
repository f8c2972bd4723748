// A raw JSON-RPC client over a `cub-scout mcp` child's stdio: for what the SDK's Client hides
// (protocol errors, lines that are not JSON, cancellation, which answer comes first).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { BIN } from '../helpers/cli.js';

export interface RpcMessage {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

export class RawClient {
  readonly child: ChildProcessWithoutNullStreams;
  /** Every message the server sent, in order. */
  readonly received: RpcMessage[] = [];
  private buffer = '';
  private waiters: Array<() => void> = [];

  constructor(args: string[], env: Record<string, string>) {
    this.child = spawn('node', [BIN, 'mcp', ...args], { env });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString();
      for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        if (line.trim()) this.received.push(JSON.parse(line) as RpcMessage);
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  send(message: Record<string, unknown> | string): void {
    this.child.stdin.write(
      `${typeof message === 'string' ? message : JSON.stringify({ jsonrpc: '2.0', ...message })}\n`,
    );
  }

  /** The first message that satisfies `match`, waiting for it. */
  async next(match: (m: RpcMessage) => boolean, timeoutMs = 60_000): Promise<RpcMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(match);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no matching message; got ${JSON.stringify(this.received).slice(0, 500)}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, 1000);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  reply(id: number): Promise<RpcMessage> {
    return this.next((m) => m.id === id && (m.result !== undefined || m.error !== undefined));
  }

  async initialize(): Promise<void> {
    this.send({
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    await this.reply(0);
    this.send({ method: 'notifications/initialized' });
  }

  close(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}
