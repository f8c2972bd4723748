// The Electron main process: the window first, then the user's shell environment (so exec
// credential plugins resolve as in a terminal), then the desktop API over one IPC channel, answered
// by the same handlers `cub-scout ui` serves over HTTP, in a worker thread so that reading a big
// cluster never stalls the window. No tracing happens here.
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import { API_CHANNEL } from '../../shared/desktop-api/channel.js';
import { withFrontDesk } from '../../shared/desktop-api/front-desk.js';
import { isSafeExternalUrl } from '../../shared/desktop-api/security.js';
import { startApiWorker } from '../../shared/desktop-api/worker-client.js';
import { listContexts } from '../../shared/reader/kubeconfig.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { apiListener } from './ipc.js';
import { resolveShellEnv } from './shell-env.js';
import { APP_ORIGIN, guardContents, mainWindowOptions } from './window.js';

/** How often views refresh in the background: `cub-scout --refresh-interval=60` (seconds, 5 to 86400). */
function refreshIntervalSeconds(): number {
  const asked = Number(app.commandLine.getSwitchValue('refresh-interval'));
  return Number.isFinite(asked) && asked >= 5 && asked <= 86_400 ? asked : 30;
}
/** Operations that read no cluster and need no shell environment: answered at once. */
const INSTANT = new Set(['clusters', 'capabilities', 'history', 'historyRecord', 'compare']);
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const here = import.meta.dirname;

registerAppScheme();
app.enableSandbox();

function openExternal(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
}

// Every web contents, present and future: no navigation away, no new windows, no webviews.
app.on('web-contents-created', (_event, contents) => guardContents(contents, openExternal, devServerUrl));

/** The kubeconfig's current context is what a user expects first; the demo when there is none. */
function defaultContext(): string | undefined {
  try {
    return listContexts().find((c) => c.current)?.name;
  } catch {
    return undefined;
  }
}

async function start(): Promise<void> {
  // The page asks for nothing a browser would prompt for (camera, notifications...): refuse all.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveRenderer(join(here, '../renderer'));

  const window = new BrowserWindow(mainWindowOptions(join(here, '../preload/index.cjs')));
  window.once('ready-to-show', () => window.show());

  // The shell environment resolves while the window loads; calls that reach a cluster wait for it.
  const shellEnv = resolveShellEnv().then((resolved) => {
    Object.assign(process.env, resolved.env);
    if (resolved.problem) console.warn(`cub-scout: ${resolved.problem}; using the app's own PATH`);
  });

  const context = defaultContext();
  const refreshSeconds = refreshIntervalSeconds();
  const catalog = { demo: true, ...(context ? { context } : {}) };
  const api = startApiWorker(
    new URL('./api-worker.js', import.meta.url),
    {
      catalog,
      historyDir: undefined,
      refreshIntervalSeconds: refreshSeconds,
      electron: true,
    },
    {
      chooseSnapshot: async () => {
        const chosen = await dialog.showOpenDialog(window, {
          title: 'Open a cluster snapshot',
          properties: ['openFile'],
          filters: [{ name: 'Snapshots', extensions: ['yaml', 'yml', 'json'] }],
        });
        return chosen.canceled ? undefined : chosen.filePaths[0];
      },
      openExternal: async (url) => {
        if (url && isSafeExternalUrl(url)) await shell.openExternal(url);
        return undefined;
      },
    },
  );
  const call = withFrontDesk(api.call, catalog);
  ipcMain.handle(
    API_CHANNEL,
    apiListener(async (operation, payload) => {
      if (typeof operation !== 'string' || !INSTANT.has(operation)) await shellEnv;
      return call(operation, payload);
    }, devServerUrl),
  );
  app.on('before-quit', () => void api.close());

  await window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
}

app.on('window-all-closed', () => app.quit());
app.whenReady().then(start, (e: unknown) => {
  console.error(`cub-scout: ${(e as Error).message}`);
  app.exit(1);
});
