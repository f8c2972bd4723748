// Values read from a cluster end up in commands users copy into a shell (remediation steps, fix
// suggestions). A name like `repo$(curl …|sh)` must reach the shell as one literal word.

/** One POSIX-shell word for `value`: unchanged when it holds only safe characters, else single-quoted. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
