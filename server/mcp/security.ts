// Who may talk to the HTTP transport. A server on 127.0.0.1 is still reachable from any web page
// the user opens: a page on evil.example can resolve its own name to 127.0.0.1 (DNS rebinding) or
// simply POST from the browser. So we check the Host header (the name the client thinks it is
// talking to) and the Origin header (the page that sent it), and, when configured, a bearer token.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export interface AccessPolicy {
  /** The address the server is bound to (--host). */
  bindHost: string;
  /** The port it listens on (the real one, after binding port 0). */
  port: number;
  /** Required as `Authorization: Bearer <token>` when set. */
  token?: string;
}

export interface Refusal {
  status: 401 | 403;
  reason: string;
}

/** Undefined when the request may proceed. */
export function checkAccess(headers: IncomingHttpHeaders, policy: AccessPolicy): Refusal | undefined {
  const host = parseHost(headers.host);
  if (!host || !hostAllowed(host, policy))
    return { status: 403, reason: `Host header "${headers.host ?? ''}" is not allowed` };
  const origin = headers.origin;
  if (origin !== undefined && !originAllowed(origin))
    return { status: 403, reason: `Origin "${origin}" is not allowed` };
  if (policy.token && !tokenMatches(headers.authorization, policy.token))
    return { status: 401, reason: 'missing or wrong bearer token' };
  return undefined;
}

/** Loopback names on our port. Bound to a specific non-loopback address, that address too; bound
 * to a wildcard (0.0.0.0, ::), any name, because the names the machine is reached by are unknown —
 * that case requires a token, which a rebinding page cannot know. */
function hostAllowed(host: { name: string; port: number | undefined }, policy: AccessPolicy): boolean {
  const port = host.port ?? 80;
  if (port !== policy.port) return false;
  if (isLoopback(host.name)) return true;
  if (policy.bindHost === '0.0.0.0' || policy.bindHost === '::') return true;
  return host.name.toLowerCase() === policy.bindHost.toLowerCase();
}

/** No Origin (not a browser) or a page served from this machine. */
function originAllowed(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopback(url.hostname);
  } catch {
    return false;
  }
}

function parseHost(header: string | undefined): { name: string; port: number | undefined } | undefined {
  if (!header) return undefined;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header.trim());
  if (!match?.[1]) return undefined;
  return { name: match[1], port: match[2] ? Number(match[2]) : undefined };
}

function tokenMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1].trim());
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
