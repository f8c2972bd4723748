// Colour only on a TTY, and never when NO_COLOR is set (https://no-color.org).
export interface Style {
  ok(text: string): string;
  fail(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const identity = (text: string) => text;

export const plainStyle: Style = {
  ok: identity,
  fail: identity,
  warn: identity,
  dim: identity,
  bold: identity,
};

const sgr = (code: string) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;

export const colourStyle: Style = {
  ok: sgr('32'),
  fail: sgr('31'),
  warn: sgr('33'),
  dim: sgr('2'),
  bold: sgr('1'),
};

export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return plainStyle;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return colourStyle;
  return stream.isTTY ? colourStyle : plainStyle;
}
