// The page's only door to the app: `window.cubScout.call(operation, payload)`, one IPC channel.
// No Electron or Node API reaches the page; main validates every payload and checks the sender.
import { contextBridge, ipcRenderer } from 'electron';
import { API_CHANNEL } from '../../shared/desktop-api/channel.js';

contextBridge.exposeInMainWorld(
  'cubScout',
  Object.freeze({
    call: (operation: string, payload: unknown): Promise<unknown> =>
      ipcRenderer.invoke(API_CHANNEL, operation, payload),
  }),
);
