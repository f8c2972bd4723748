// The one door from the renderer to the desktop API (shared/desktop-api/contract.ts): Electron's
// preload bridge `window.cubScout.call` when the page runs in the app, else `POST /api/<op>` to the
// `cub-scout ui` server with the token the server put in the page's URL. The token is moved to
// sessionStorage and taken out of the address bar, so it is not left in history or screenshots.
import type { Operation, RequestOf, ResponseOf } from '../../../../shared/desktop-api/contract.js';

export type Op = Operation;
export type Req<O extends Op> = RequestOf<O>;
export type Res<O extends Op> = ResponseOf<O>;

declare global {
  interface Window {
    cubScout?: { call(op: string, payload: unknown): Promise<unknown> };
  }
}

/** A failed call: the API's one-line message, and its code (`unsupported`, `not-found` ...). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'cub-scout-token';

/** Take the token from `?token=` once, keep it for this tab, and strip it from the URL. */
export function adoptToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export async function call<O extends Op>(op: O, payload: Req<O>): Promise<Res<O>> {
  const answer = window.cubScout ? await window.cubScout.call(op, payload) : await overHttp(op, payload);
  const failure = (answer as { error?: { code?: string; message?: string } } | null)?.error;
  if (failure) throw new ApiError(failure.code ?? 'error', failure.message ?? 'the call failed');
  return answer as Res<O>;
}

async function overHttp(op: string, payload: unknown): Promise<unknown> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(`/api/${op}`, { method: 'POST', headers, body: JSON.stringify(payload) });
  } catch (e) {
    throw new ApiError('offline', `cub-scout ui does not answer (${(e as Error).message})`);
  }
  const body = await response.json().catch(() => null);
  if (body && typeof body === 'object' && 'error' in body) return body;
  if (!response.ok) return { error: { code: String(response.status), message: `HTTP ${response.status}` } };
  return body;
}
