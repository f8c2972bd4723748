// Who may use `cub-scout ui`. It listens on 127.0.0.1 only, but any web page the user opens can
// still send requests there (a plain cross-site POST, or DNS rebinding of its own name to
// 127.0.0.1). So: the Host header must be a loopback name on our port (defeats rebinding), an Origin
// when sent must be this very server (no other local page, no CORS), and every API call carries the
// random token handed out in the URL, as a bearer token or as the cookie set from it.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { clip } from '../../shared/desktop-api/errors.js';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export interface UiAccess {
  port: number;
  token: string;
}

export interface Refusal {
  status: 401 | 403;
  message: string;
}

/** The cookie carrying the token; per port, since cookies ignore ports and two servers may run. */
export function cookieName(port: number): string {
  return `cub-scout-ui-${port}`;
}

/** Host and Origin: undefined when the request comes from this server's own page (or no browser). */
export function checkOrigin(headers: IncomingHttpHeaders, access: UiAccess): Refusal | undefined {
  const host = headers.host ?? '';
  if (!LOOPBACK_NAMES.some((name) => host.toLowerCase() === `${name}:${access.port}`))
    return {
      status: 403,
      message: `Host "${clip(host)}" is not allowed: use http://127.0.0.1:${access.port}/`,
    };
  const origin = headers.origin;
  if (
    origin !== undefined &&
    !LOOPBACK_NAMES.some((name) => origin.toLowerCase() === `http://${name}:${access.port}`)
  )
    return { status: 403, message: `Origin "${clip(origin)}" is not allowed` };
  return undefined;
}

/** The token, from `Authorization: Bearer` or our cookie. */
export function checkToken(headers: IncomingHttpHeaders, access: UiAccess): Refusal | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  const cookie = cookieValue(headers.cookie, cookieName(access.port));
  if (tokenMatches(bearer, access.token) || tokenMatches(cookie, access.token)) return undefined;
  return { status: 401, message: 'missing or wrong token: open the URL cub-scout ui printed' };
}

export function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
