// The one IPC channel: every call is (operation, payload). The sender must be our own page in the
// window's main frame (not an iframe, not another origin), and the payload is validated against
// the contract by `dispatch` before any handler runs. The answer is the response, or
// `{ error: { code, message } }` in one line: never an exception with a stack across the bridge.
import type { IpcMainInvokeEvent } from 'electron';
import type { DesktopApiError } from '../../shared/desktop-api/contract.js';
import { errorOf } from '../../shared/desktop-api/errors.js';
import type { DispatchResult } from '../../shared/desktop-api/handlers.js';
import { isOwnPage } from './window.js';

export type Call = (operation: unknown, payload: unknown) => Promise<DispatchResult>;

type Sender = Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>;

/** Why a sender is refused, or undefined when it is our page's main frame. */
export function senderProblem(event: Sender, devServerUrl?: string): string | undefined {
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (!isOwnPage(frame.url, devServerUrl)) return `calls from ${clipUrl(frame.url)} are not accepted`;
  if (frame !== event.sender.mainFrame) return 'calls from a subframe are not accepted';
  return undefined;
}

export function apiListener(call: Call, devServerUrl?: string) {
  return async (event: Sender, operation: unknown, payload: unknown): Promise<unknown | DesktopApiError> => {
    const refused = senderProblem(event, devServerUrl);
    if (refused) return errorOf('forbidden', refused);
    const answer = await call(operation, payload);
    return answer.ok ? answer.value : answer.error;
  };
}

function clipUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.origin === 'null' ? `${u.protocol}//${u.host}` : u.origin;
  } catch {
    return 'an unknown page';
  }
}
