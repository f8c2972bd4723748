// The window and what its page may do, from Electron's security checklist: an isolated, sandboxed
// renderer without Node; no navigation away from our own page, no new windows, no webviews, no
// permissions; links leave the app only as checked http(s) URLs in the user's browser. Pure
// functions over Electron's types so that tests check them without starting Electron.
import type { BrowserWindowConstructorOptions, Event, WebContents } from 'electron';
import { isSafeExternalUrl } from '../../shared/desktop-api/security.js';

/** The origin the packaged page is served from (a privileged custom scheme, not file://). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://cub-scout`;

export function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'cub-scout',
    show: false, // shown at ready-to-show: no white flash
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

/** Is this URL our own page (the packaged app, or electron-vite's dev server in development)? */
export function isOwnPage(url: string | undefined, devServerUrl?: string): boolean {
  if (!url) return false;
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return false;
  }
  // URL gives custom schemes an opaque "null" origin: compare scheme and host ourselves.
  if (url.startsWith(`${APP_ORIGIN}/`)) return true;
  if (devServerUrl) {
    try {
      return origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  return false;
}

type Guarded = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Deny navigation, new windows and webviews; hand safe links to the browser. */
export function guardContents(
  contents: Guarded,
  openExternal: (url: string) => void,
  devServerUrl?: string,
): void {
  contents.on('will-navigate', (event: Event, url: string) => {
    if (!isOwnPage(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event: Event, url: string) => {
    if (!isOwnPage(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event: Event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}
