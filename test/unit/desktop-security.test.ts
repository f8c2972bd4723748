// The desktop app's security settings, asserted: the window's web preferences, navigation and
// window.open denied, links opened only for http(s), the Content-Security-Policy, the one IPC
// channel checking its sender and validating its payload, the preload exposing one narrow object,
// the packaging fuses, and the CLI/MCP side never loading Electron or React.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { apiListener } from '../../desktop/main/ipc.js';
import { APP_ORIGIN, guardContents, mainWindowOptions } from '../../desktop/main/window.js';
import { ClusterCatalog } from '../../shared/cluster-catalog.js';
import { ClusterEngines } from '../../shared/desktop-api/engines.js';
import { createHandlers, dispatch } from '../../shared/desktop-api/handlers.js';
import { CONTENT_SECURITY_POLICY, isSafeExternalUrl } from '../../shared/desktop-api/security.js';

const root = join(import.meta.dirname, '../..');

describe('the window', () => {
  it('isolates a sandboxed renderer without Node, with our preload only', () => {
    const options = mainWindowOptions('/app/out/preload/index.cjs');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
  });

  /** A stand-in for Electron's WebContents: records listeners and the window-open handler. */
  function fakeContents() {
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (name: string, listener: (event: { preventDefault(): void }, url?: string) => void) => {
        listeners.set(name, listener);
        return contents;
      },
      setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => {
        openHandler = handler;
      },
    };
    const fire = (name: string, url?: string) => {
      const event = { prevented: false, preventDefault: () => (event.prevented = true) };
      listeners.get(name)?.(event, url);
      return event.prevented;
    };
    return { contents, fire, open: (url: string) => openHandler?.({ url }) };
  }

  it('denies navigation away from our page, redirects, webviews and every new window', () => {
    const fake = fakeContents();
    const opened: string[] = [];
    guardContents(fake.contents as never, (url) => opened.push(url));
    expect(fake.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fake.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fake.fire('will-redirect', 'http://127.0.0.1:9999/')).toBe(true);
    expect(fake.fire('will-navigate', `${APP_ORIGIN}/index.html`)).toBe(false);
    expect(fake.fire('will-attach-webview')).toBe(true);

    expect(fake.open('https://fluxcd.io/flux/')).toEqual({ action: 'deny' });
    expect(fake.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(fake.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(fake.open('smb://share/x')).toEqual({ action: 'deny' });
    // Only the checked http(s) link went to the browser.
    expect(opened).toEqual(['https://fluxcd.io/flux/']);
  });

  it('in development, the dev server is our page too, and nothing else', () => {
    const fake = fakeContents();
    guardContents(fake.contents as never, () => undefined, 'http://localhost:5173');
    expect(fake.fire('will-navigate', 'http://localhost:5173/#/trace')).toBe(false);
    expect(fake.fire('will-navigate', 'http://localhost:5174/')).toBe(true);
  });

  it('opens only plain http(s) links', () => {
    expect(isSafeExternalUrl('https://github.com/org/repo')).toBe(true);
    expect(isSafeExternalUrl('http://grafana.internal:3000/d/x')).toBe(true);
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'vscode://open',
      'https://user:pass@example.com/',
      'not a url',
      'data:text/html,<script>',
    ])
      expect(isSafeExternalUrl(url), url).toBe(false);
  });
});

describe('the Content-Security-Policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it('allows nothing by default and only our own scripts, with no eval and no inline script', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval/);
  });

  it('names no remote origin', () => {
    for (const [name, values] of directives)
      for (const value of values) expect(value, name).toMatch(/^('self'|'none'|data:)$/);
  });
});

describe('the IPC channel', () => {
  const catalog = new ClusterCatalog({ demo: true, noContexts: true });
  const handlers = createHandlers({
    catalog,
    engines: new ClusterEngines(catalog),
    history: undefined,
    electron: true,
    refreshIntervalSeconds: 30,
  });
  const calls: unknown[] = [];
  const listener = apiListener((op, payload) => {
    calls.push(op);
    return dispatch(handlers, op, payload);
  });
  const frame = (url: string) => ({ url });
  const event = (url: string, sub = false) => {
    const main = frame(url);
    return { senderFrame: sub ? frame(url) : main, sender: { mainFrame: main } } as never;
  };

  it('answers our own page', async () => {
    const answer = await listener(event(`${APP_ORIGIN}/index.html`), 'clusters', {});
    expect(answer).toEqual({ clusters: [{ name: 'demo', kind: 'demo', isDefault: true }] });
  });

  it('rejects a malformed payload with a clear one-line error', async () => {
    const answer = await listener(event(`${APP_ORIGIN}/index.html`), 'workloads', {
      cluster: 'demo',
      offset: -1,
      limit: 10,
    });
    expect(answer).toEqual({
      error: { code: 'bad-request', message: expect.stringMatching(/^workloads: offset: .*>=0/) },
    });
    expect(await listener(event(`${APP_ORIGIN}/index.html`), 'trace', null)).toMatchObject({
      error: { code: 'bad-request', message: expect.stringMatching(/^trace: cluster: /) },
    });
    expect(await listener(event(`${APP_ORIGIN}/index.html`), 'shell.openPath', {})).toEqual({
      error: { code: 'unknown-operation', message: 'unknown operation "shell.openPath"' },
    });
  });

  it('rejects a sender from another page, and from a subframe, before any handler runs', async () => {
    calls.length = 0;
    expect(await listener(event('https://evil.example/x.html'), 'clusters', {})).toEqual({
      error: { code: 'forbidden', message: 'calls from https://evil.example are not accepted' },
    });
    expect(await listener(event('file:///tmp/page.html'), 'clusters', {})).toMatchObject({
      error: { code: 'forbidden' },
    });
    expect(await listener(event(`${APP_ORIGIN}/index.html`, true), 'clusters', {})).toEqual({
      error: { code: 'forbidden', message: 'calls from a subframe are not accepted' },
    });
    expect(
      await listener({ senderFrame: null, sender: { mainFrame: null } } as never, 'clusters', {}),
    ).toMatchObject({ error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
  });
});

describe('the preload', () => {
  it('exposes one object with one function that invokes one channel', async () => {
    const exposed: [string, Record<string, unknown>][] = [];
    const invoke = vi.fn(async (..._args: unknown[]) => 'answer');
    vi.doMock('electron', () => ({
      contextBridge: {
        exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push([key, api]),
      },
      ipcRenderer: { invoke },
    }));
    await import('../../desktop/preload/index.js');
    expect(exposed.map(([key]) => key)).toEqual(['cubScout']);
    const api = exposed[0]?.[1] ?? {};
    expect(Object.keys(api)).toEqual(['call']);
    expect(Object.isFrozen(api)).toBe(true);
    await expect(
      (api.call as (op: string, p: unknown) => Promise<unknown>)('overview', { cluster: 'demo' }),
    ).resolves.toBe('answer');
    expect(invoke).toHaveBeenCalledWith('cub-scout:api', 'overview', { cluster: 'demo' });
    vi.doUnmock('electron');
  });
});

describe('packaging', () => {
  const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));

  it('is a valid electron-builder configuration', async () => {
    const { createRequire } = await import('node:module');
    const require = createRequire(join(root, 'package.json'));
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = require('builder-util');
    await expect(
      validateConfiguration(structuredClone(config), new DebugLogger(false)),
    ).resolves.toBeUndefined();
  });

  it('turns off RunAsNode, NODE_OPTIONS and the inspect flags in the packaged app', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });

  it('builds AppImage and deb, dmg, nsis, with an app id and a real icon', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z-]+)+$/);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    const png = readFileSync(join(root, config.icon));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512); // electron-builder wants ≥ 512 px for macOS
  });
});

describe('the CLI and the MCP server never load Electron or React', () => {
  const files = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => relative(root, join(e.parentPath, e.name)));

  it('no module of server/ or shared/ imports electron, react or the desktop app', () => {
    const offenders = [...files('server'), ...files('shared')].filter((file) =>
      /from ['"](electron|react|react-dom|@xyflow\/[^'"]+|@tanstack\/[^'"]+)['"]|from ['"][./]+\/desktop\//.test(
        readFileSync(join(root, file), 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
