// Reading snapshot files safely: only regular files (a FIFO named *.yaml would block forever),
// symlinked directories followed once each (a link back up is not a loop), JSON with or without a
// byte order mark, and YAML read straight into plain values (js-yaml: no parse tree is kept, a
// 200 MB file loads in a few times the JSON time). A file with aliases goes through the `yaml`
// package one document at a time instead, which counts alias expansions (an alias bomb is an
// error). Every failure is one line naming the file.
import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { CORE_SCHEMA, loadAll as loadAllYaml, YAMLException } from 'js-yaml';
import { Composer, type Document, LineCounter, Parser } from 'yaml';
import { CubScoutError } from '../errors/index.js';
import { readRegularFile } from '../regular-file.js';

const SNAPSHOT_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** Like the yaml package's default: more aliases than this in a document is an alias bomb. */
const MAX_ALIAS_COUNT = 100;

const unreadable = (message: string) => new CubScoutError('unreadable', message);

/** The snapshot files under `path` (itself, for a file), sorted per directory; what is not a
 * regular file is reported through `warn` and skipped. */
export async function snapshotFiles(path: string, warn: (w: string) => void): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw unreadable(`snapshot ${path}: no such file or directory`);
  }
  if (!info.isDirectory()) {
    if (!info.isFile()) throw unreadable(`snapshot ${path}: not a regular file or directory`);
    return [path];
  }
  const files: string[] = [];
  const seen = new Set<string>();
  const walk = async (dir: string) => {
    const real = await realpath(dir);
    if (seen.has(real)) return; // a symlink back to a directory already read
    seen.add(real);
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const target = entry.isSymbolicLink() ? await stat(full).catch(() => undefined) : entry;
      if (target?.isDirectory()) await walk(full);
      else if (!SNAPSHOT_EXTENSIONS.has(extname(entry.name).toLowerCase())) continue;
      else if (target?.isFile()) files.push(full);
      else warn(`snapshot ${full}: not a regular file; skipped`);
    }
  };
  await walk(path);
  if (files.length === 0) throw unreadable(`snapshot ${path}: no .yaml, .yml or .json files`);
  return files;
}

/** The documents of one snapshot file, as plain JavaScript values (null for empty documents). */
export async function readDocuments(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readRegularFile(file);
  } catch (e) {
    if (e instanceof CubScoutError) throw unreadable(`snapshot ${e.message}`);
    throw unreadable(`snapshot ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    if (extname(file).toLowerCase() === '.json') return [parseJson(text, file)];
    return ALIAS.test(text) ? parseYamlDocuments(text, file) : loadYaml(text, file);
  } catch (e) {
    if (e instanceof CubScoutError) throw e;
    // The yaml package and JSON.parse recurse per nesting level: a hostile file can exhaust the stack.
    if (e instanceof RangeError) throw unreadable(`snapshot ${file}: nested too deeply to read`);
    throw unreadable(`snapshot ${file}: ${(e as Error).message.split('\n')[0]}`);
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    if (e instanceof RangeError) throw e;
    throw unreadable(`snapshot ${file}: malformed JSON: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** `*name` where YAML allows an alias (after a space, a flow indicator or a line start). Quoted
 * text may match too; that only costs speed. */
const ALIAS = /(?:^|[\s[{,])\*[^\s,[\]{}]/m;

/** The fast path: plain values, the YAML 1.2 core schema (timestamps stay strings, like `yaml`'s). */
function loadYaml(text: string, file: string): unknown[] {
  try {
    const values: unknown[] = [];
    loadAllYaml(text, (doc) => values.push(doc), { schema: CORE_SCHEMA, filename: file });
    return values;
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const line = e.mark ? `:${e.mark.line + 1}` : '';
    // js-yaml stops at 100 levels of nesting (its maxDepth), far deeper than any Kubernetes object.
    if (/maxDepth/.test(e.reason)) throw unreadable(`snapshot ${file}${line}: nested too deeply to read`);
    throw unreadable(`snapshot ${file}${line}: malformed YAML: ${e.reason.split('\n')[0]}`);
  }
}

/** Document by document: each parse tree is turned into plain values and dropped before the next. */
function parseYamlDocuments(text: string, file: string): unknown[] {
  const lines = new LineCounter();
  const composer = new Composer();
  const values: unknown[] = [];
  const take = (doc: Document.Parsed) => {
    const error = doc.errors[0];
    if (error) {
      const line = error.pos ? lines.linePos(error.pos[0]).line : undefined;
      const where = line ? `${file}:${line}` : file;
      // The composer reports its own stack overflow as a document error.
      if (/call stack/i.test(error.message)) throw unreadable(`snapshot ${where}: nested too deeply to read`);
      throw unreadable(`snapshot ${where}: malformed YAML: ${error.message.split('\n')[0]}`);
    }
    values.push(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
  };
  for (const token of new Parser(lines.addNewLine).parse(text))
    for (const doc of composer.next(token)) take(doc);
  for (const doc of composer.end()) take(doc);
  return values;
}
