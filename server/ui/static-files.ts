// The built renderer (electron-vite's out/renderer), served as files: only what is inside that
// directory, with the app's security headers, index.html for the page itself.
import { readFile, realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { SECURITY_HEADERS } from '../../shared/desktop-api/security.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file for a URL path inside `root`, or undefined (missing, a directory, or outside root). */
export async function resolveStatic(root: string, urlPath: string): Promise<string | undefined> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (relative.includes('\0')) return undefined;
  const base = resolve(root);
  const wanted = resolve(join(base, relative === '/' ? 'index.html' : relative));
  if (wanted !== base && !wanted.startsWith(base + sep)) return undefined;
  try {
    if (!(await stat(wanted)).isFile()) return undefined;
    // A symlink inside the build pointing outside it is not served either.
    const real = await realpath(wanted);
    const realBase = await realpath(base);
    return real.startsWith(realBase + sep) ? real : undefined;
  } catch {
    return undefined;
  }
}

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export async function sendFile(res: ServerResponse, file: string, head: boolean): Promise<void> {
  const body = await readFile(file);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': contentTypeOf(file),
    'Content-Length': body.length,
    // Hashed asset names change with every build; the page itself is always fetched again.
    'Cache-Control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  res.end(head ? undefined : body);
}
