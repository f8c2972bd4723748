// The packaged page is served from app://cub-scout/ (a standard, secure custom scheme), not file://:
// so it has an origin of its own that IPC senders are checked against, the same Content-Security-
// Policy header `cub-scout ui` sends, and no access to any other file on disk.
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentTypeOf, resolveStatic } from '../../server/ui/static-files.js';
import { SECURITY_HEADERS } from '../../shared/desktop-api/security.js';
import { APP_SCHEME } from './window.js';

/** Before app ready: give the scheme the privileges of https (secure context, fetch). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** After app ready: serve the built renderer. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'cub-scout' ? await resolveStatic(rendererDir, url.pathname) : undefined;
    if (!file) return new Response('not found', { status: 404, headers: SECURITY_HEADERS });
    return new Response(await readFile(file), {
      headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeOf(file) },
    });
  });
}
