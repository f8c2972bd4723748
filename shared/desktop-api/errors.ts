// Every failure of a desktop API call, as the renderer receives it over IPC or HTTP:
// `{ error: { code, message } }` with a one-line message that never echoes a large input.
import { z } from 'zod';
import { isCubScoutError, oneLine } from '../errors/index.js';
import type { DesktopApiError, DesktopErrorCode } from './contract.js';

export class ApiError extends Error {
  constructor(
    readonly code: DesktopErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const unsupported = (what: string) => new ApiError('unsupported', what);

/** Any thrown value as the API's error answer. */
export function toApiError(e: unknown, operation?: string): DesktopApiError {
  if (e instanceof ApiError) return errorOf(e.code, e.message);
  if (isCubScoutError(e)) return errorOf(e.code, e.message);
  if (e instanceof z.ZodError) return errorOf('bad-request', describeZodError(e, operation));
  return errorOf('internal', oneLine(e));
}

export function errorOf(code: DesktopErrorCode, message: string): DesktopApiError {
  return { error: { code, message: clip(oneLine(message), 300) } };
}

/** The first problem of a payload, as `op: field.path: what is wrong` (zod never echoes the value). */
export function describeZodError(e: z.ZodError, operation?: string): string {
  const issue = e.issues[0];
  const where = issue?.path.length ? issue.path.map(String).join('.') : 'payload';
  const extra = e.issues.length > 1 ? ` (and ${e.issues.length - 1} more)` : '';
  return `${operation ? `${operation}: ` : ''}${where}: ${issue?.message ?? 'invalid'}${extra}`;
}

/** A string cut for a message; control characters replaced, so one line stays one line. */
export function clip(text: string, max = 80): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
