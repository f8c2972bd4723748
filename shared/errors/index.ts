// Errors the faces turn into one-line messages and exit codes (never stack traces).
// Exit codes are part of the CLI contract: 2 bad input, 3 cluster or snapshot unreadable.

export type ErrorCode =
  | 'unknown-kind'
  | 'not-found'
  | 'bad-input'
  | 'ambiguous'
  | 'unreadable'
  | 'unreachable'
  | 'forbidden'
  | 'not-served'
  | 'no-cluster';

export class CubScoutError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CubScoutError';
  }

  /** Exit code for the CLI: 2 for what the user typed, 3 for what we could not read. */
  get exitCode(): number {
    switch (this.code) {
      case 'unknown-kind':
      case 'not-found':
      case 'bad-input':
      case 'ambiguous':
        return 2;
      default:
        return 3;
    }
  }
}

export const unknownKind = (input: string, hint = '') =>
  new CubScoutError('unknown-kind', `unknown kind "${input}"${hint ? `: ${hint}` : ''}`);

export const notFound = (what: string, where: string) =>
  new CubScoutError('not-found', `${what} not found in ${where}`);

export const badInput = (message: string) => new CubScoutError('bad-input', message);

export function isCubScoutError(e: unknown): e is CubScoutError {
  return e instanceof CubScoutError;
}

/** One line for humans, whatever was thrown. */
export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]?.trim() || 'unknown error';
}
