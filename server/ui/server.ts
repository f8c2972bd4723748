// `cub-scout ui`'s HTTP server: the built renderer and the desktop API (POST /api/<operation>, a
// JSON body checked against the contract) on 127.0.0.1 only. The same handlers answer Electron's
// IPC; this is the transport for a browser (the tests, a remote box through an SSH tunnel).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { API_PATH_PREFIX } from '../../shared/desktop-api/channel.js';
import {
  type DesktopApiError,
  type DesktopErrorCode,
  MAX_SNAPSHOT_CHARS,
} from '../../shared/desktop-api/contract.js';
import { errorOf } from '../../shared/desktop-api/errors.js';
import type { DispatchResult } from '../../shared/desktop-api/handlers.js';
import { SECURITY_HEADERS } from '../../shared/desktop-api/security.js';
import { oneLine } from '../../shared/errors/index.js';
import { checkOrigin, checkToken, cookieName, tokenMatches, type UiAccess } from './access.js';
import { resolveStatic, sendFile } from './static-files.js';

export const UI_HOST = '127.0.0.1';
/** A JSON body of anything but an upload stays small. */
const MAX_BODY_BYTES = 1024 * 1024;
/** An upload: the snapshot plus JSON escaping (at most 6 bytes a character for control characters,
 * far less in practice; a limit that refuses absurd bodies early). */
const MAX_UPLOAD_BYTES = MAX_SNAPSHOT_CHARS * 2;

export type Call = (operation: unknown, payload: unknown) => Promise<DispatchResult>;

export interface UiServerOptions {
  /** Runs one desktop API call (the handlers' dispatch). */
  call: Call;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 = any free port. */
  port?: number;
  /** Default: 32 random bytes. */
  token?: string;
}

export interface RunningUiServer {
  /** The URL to open, token included. */
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

const STATUS_OF: Record<DesktopErrorCode, number> = {
  'bad-request': 400,
  'bad-input': 400,
  'unknown-kind': 400,
  ambiguous: 400,
  'no-cluster': 400,
  'not-found': 404,
  'unknown-operation': 404,
  unsupported: 501,
  unreadable: 502,
  unreachable: 502,
  forbidden: 502,
  'not-served': 502,
  internal: 500,
};

export async function startUiServer(options: UiServerOptions): Promise<RunningUiServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const access: UiAccess = { port: 0, token };
  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) sendError(res, 500, errorOf('internal', oneLine(e)));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = checkOrigin(req.headers, access);
    if (refused) return sendError(res, refused.status, errorOf('forbidden', refused.message));
    const url = new URL(req.url ?? '/', `http://${UI_HOST}`);
    if (url.pathname.startsWith(API_PATH_PREFIX))
      return api(req, res, url.pathname.slice(API_PATH_PREFIX.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendError(res, 405, errorOf('bad-request', `${req.method} is not allowed here`));
    }
    // The page opened with ?token= sets the cookie later API calls (and reloads) carry.
    const offered = url.searchParams.get('token') ?? undefined;
    if (tokenMatches(offered, token))
      res.setHeader('Set-Cookie', `${cookieName(access.port)}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    const file = await resolveStatic(options.rendererDir, url.pathname);
    if (file) return sendFile(res, file, req.method === 'HEAD');
    if (!existsSync(join(options.rendererDir, 'index.html')))
      return sendText(
        res,
        503,
        'The desktop renderer is not built: run `npm run build`, then start cub-scout ui again.',
      );
    return sendText(res, 404, 'not found');
  }

  async function api(req: IncomingMessage, res: ServerResponse, operation: string): Promise<void> {
    const denied = checkToken(req.headers, access);
    if (denied) return sendError(res, denied.status, errorOf('forbidden', denied.message));
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendError(res, 405, errorOf('bad-request', 'the desktop API takes POST with a JSON body'));
    }
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? ''))
      return sendError(
        res,
        415,
        errorOf('bad-request', 'send the payload as Content-Type: application/json'),
      );
    const limit = operation === 'uploadSnapshot' ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES;
    const body = await readBody(req, limit);
    if (body === undefined) {
      res.setHeader('Connection', 'close');
      return sendError(
        res,
        413,
        errorOf('bad-request', `payload larger than ${Math.round(limit / 1024)} KiB`),
      );
    }
    let payload: unknown = {};
    if (body.trim() !== '') {
      try {
        payload = JSON.parse(body);
      } catch {
        return sendError(
          res,
          400,
          errorOf('bad-request', `${operation.slice(0, 40)}: the body is not valid JSON`),
        );
      }
    }
    const answer = await options.call(operation, payload);
    if (answer.ok) return sendJson(res, 200, answer.value);
    sendError(res, STATUS_OF[answer.error.error.code] ?? 500, answer.error);
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, UI_HOST, () => resolveListen());
  });
  access.port = (server.address() as AddressInfo).port;
  return {
    url: `http://${UI_HOST}:${access.port}/?token=${token}`,
    port: access.port,
    token,
    server,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** The body as text, or undefined when it grows past `limit` bytes (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Answer now; the rest of the body is drained unread and the connection closed after.
        req.removeAllListeners('data');
        req.resume();
        resolveBody(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, error: DesktopApiError): void {
  sendJson(res, status, error);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}
