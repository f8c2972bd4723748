// Text read from a cluster (condition messages, URLs, paths, annotations, manager names) is
// printed to terminals: an ESC or BEL in it could retitle or clear the terminal, a CR overwrite a
// line, a bidi override reorder what is read. Every text output passes cluster values through
// here when it renders them (the model keeps the values as they are; JSON output escapes control
// characters itself).

/** C0 controls but TAB, DEL, C1 controls, and the bidi and line-separator format characters. */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_BUT_NEWLINE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\u001b': '\\e', '\u0007': '\\a' };

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`);
}

/** One value, safe to print inside a line: every control character (newlines too) escaped. */
export function safeText(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** Rendered text of several lines: control characters escaped, its newlines kept. */
export function safeLines(text: string): string {
  return text.replace(UNSAFE_BUT_NEWLINE, escapeChar);
}

/** A copy of a JSON-like value (a report, a trace) with safeText applied to every string, for
 * renderers to print from; the value itself is not changed. */
export function safeView<T>(value: T): T {
  if (typeof value === 'string') return safeText(value) as T;
  if (Array.isArray(value)) return value.map(safeView) as T;
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) copy[k] = safeView(v);
    return copy as T;
  }
  return value;
}

/** Characters JSON.stringify leaves raw that a terminal still acts on (C1 controls, bidi). */
const RAW_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Pretty JSON (2-space indent) with those characters as \u escapes: the same JSON value, safe to
 * print (outside strings JSON has only ASCII, so the replacement lands inside strings only). */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    RAW_IN_JSON,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
