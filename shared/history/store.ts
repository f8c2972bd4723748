// The trace history store: a directory with one JSON file per trace. Each record is written to a
// temporary file and renamed into place, so a reader sees a whole record or none, a killed writer
// leaves at most a stray temporary file, and several processes can write at once without locks
// (every file name is unique). Loading skips and reports what it cannot read instead of failing.
// The store keeps the newest `maxRecords` and deletes the oldest beyond that.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TraceResult } from '../model/trace-result.js';
import { BUILTIN_KINDS, matchKinds } from '../reader/builtin-kinds.js';
import { readRegularFile } from '../regular-file.js';
import { type Face, type HistoryRecord, HistoryRecordSchema } from './record.js';
import { HistoryIndex, type HistoryPage } from './store-index.js';

/** About a year of a busy user's traces (50 a day); a record is a few KB. */
export const DEFAULT_MAX_RECORDS = 20_000;
const RECORD_SUFFIX = '.json';
const TEMP_PREFIX = '.tmp-';
/** A temporary file older than this belongs to a writer that died: prune deletes it. */
const ABANDONED_TEMP_MS = 10 * 60_000;

export interface SaveInput {
  face: Face;
  context: string | null | undefined;
  result: TraceResult;
  /** Defaults to now; tests pass fixed times. */
  savedAt?: Date;
}

export interface HistoryQuery {
  /** `kind/name`, `name`, or `namespace/kind/name`; kinds match loosely (deploy, deployment). */
  resource?: string;
  namespace?: string;
  /** A context name; matches the context asked for or the engine's `context <name>` source. */
  context?: string;
}

/** A file loading could not use, and why. */
export interface SkippedFile {
  file: string;
  reason: string;
}

export interface LoadResult {
  /** Newest first. */
  records: HistoryRecord[];
  /** Damaged records and temporary files of interrupted writes. */
  skipped: SkippedFile[];
}

export class HistoryStore {
  readonly maxRecords: number;
  private index: HistoryIndex | undefined;
  private modeChecked = false;

  constructor(
    readonly dir: string,
    options: { maxRecords?: number } = {},
  ) {
    this.maxRecords = Math.max(1, options.maxRecords ?? DEFAULT_MAX_RECORDS);
  }

  /** The newest `limit` matching records with what changed since the one before each, from an
   * index kept up to date with the directory: for faces that ask again and again. */
  page(query: HistoryQuery, limit: number): Promise<HistoryPage> {
    this.index ??= new HistoryIndex(this.dir, () => this.listFiles());
    return this.index.page(query, limit);
  }

  async save(input: SaveInput): Promise<HistoryRecord> {
    const savedAt = input.savedAt ?? new Date();
    const id = `${savedAt.getTime().toString().padStart(15, '0')}-${process.pid}-${randomBytes(4).toString('hex')}`;
    const record: HistoryRecord = {
      version: 1,
      id,
      savedAt: savedAt.toISOString(),
      face: input.face,
      context: input.context ?? null,
      source: input.result.source ?? 'unknown',
      object: input.result.object,
      result: input.result,
    };
    await mkdir(this.dir, { recursive: true, mode: 0o700 }); // record names say who traced what
    if (!this.modeChecked) {
      this.modeChecked = true;
      await makePrivate(this.dir);
    }
    const temp = join(this.dir, `${TEMP_PREFIX}${id}${RECORD_SUFFIX}`);
    await writeFile(temp, `${JSON.stringify(record)}\n`, { mode: 0o600 });
    await rename(temp, join(this.dir, `${id}${RECORD_SUFFIX}`));
    await this.prune();
    return record;
  }

  /** Records newest first, filtered; what cannot be read is skipped and reported. */
  async load(query: HistoryQuery = {}): Promise<LoadResult> {
    const { records: names, temps } = await this.listFiles();
    const skipped: SkippedFile[] = temps.map((file) => ({
      file,
      reason: 'incomplete write (temporary file)',
    }));
    const records: HistoryRecord[] = [];
    const matches = recordFilter(query);
    for (const file of names.reverse()) {
      let text: string;
      try {
        text = await readRegularFile(join(this.dir, file)); // a FIFO would block a plain read
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // pruned by another process meanwhile
        skipped.push({ file, reason: `unreadable: ${(e as Error).message}` });
        continue;
      }
      const record = parseRecord(text);
      if (typeof record === 'string') skipped.push({ file, reason: record });
      else if (matches(record)) records.push(record);
    }
    return { records, skipped };
  }

  /** Delete the oldest records beyond maxRecords and temporary files abandoned by dead writers. */
  async prune(): Promise<number> {
    const { records, temps } = await this.listFiles();
    const excess = records.slice(0, Math.max(0, records.length - this.maxRecords));
    let deleted = 0;
    for (const file of excess) if (await unlinkQuietly(join(this.dir, file))) deleted++;
    for (const file of temps) {
      const path = join(this.dir, file);
      const age = await stat(path).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > ABANDONED_TEMP_MS) await unlinkQuietly(path);
    }
    return deleted;
  }

  /** Record files oldest first (names start with the time), and temporary files. */
  private async listFiles(): Promise<{ records: string[]; temps: string[] }> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], temps: [] };
      throw e;
    }
    return {
      records: names.filter((n) => n.endsWith(RECORD_SUFFIX) && !n.startsWith('.')).sort(),
      temps: names.filter((n) => n.startsWith(TEMP_PREFIX)),
    };
  }
}

export function parseRecord(text: string): HistoryRecord | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'damaged: not valid JSON';
  }
  const parsed = HistoryRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `damaged: ${issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'invalid record'}`;
  }
  return parsed.data;
}

async function unlinkQuietly(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch {
    return false; // another process pruned it first
  }
}

/** The predicate for a query. Resource forms: `name`, `kind/name`, `namespace/kind/name`. */
export function recordFilter(
  query: HistoryQuery,
): (record: Pick<HistoryRecord, 'object' | 'context' | 'source'>) => boolean {
  const parts = query.resource?.split('/').filter(Boolean) ?? [];
  const name = parts.at(-1);
  const kind = parts.length >= 2 ? parts.at(-2)?.toLowerCase() : undefined;
  const namespace = parts.length >= 3 ? parts.at(-3) : query.namespace;
  return (record) => {
    const o = record.object;
    if (name !== undefined && o.name !== name) return false;
    if (kind !== undefined && !kindMatches(kind, o.kind)) return false;
    if (namespace !== undefined && o.namespace !== namespace) return false;
    if (
      query.context !== undefined &&
      record.context !== query.context &&
      record.source !== `context ${query.context}`
    )
      return false;
    return true;
  };
}

/** deploy, deployment, deployments, Deployment, deployments.apps all name Deployment. */
function kindMatches(typed: string, kind: string): boolean {
  if (matchKinds(typed, BUILTIN_KINDS).some((k) => k.kind === kind)) return true; // short names: ks, hr
  const bare = typed.split('.')[0] ?? typed;
  const k = kind.toLowerCase();
  return bare === k || bare === `${k}s` || bare === `${k}es` || (bare.length >= 2 && k.startsWith(bare));
}

/** Same object, same cluster: the records whose results can be compared. */
export function sameTarget(
  a: Pick<HistoryRecord, 'object' | 'source'>,
  b: Pick<HistoryRecord, 'object' | 'source'>,
): boolean {
  return (
    a.source === b.source &&
    a.object.kind === b.object.kind &&
    a.object.name === b.object.name &&
    (a.object.namespace ?? '') === (b.object.namespace ?? '') &&
    a.object.apiVersion.split('/')[0] === b.object.apiVersion.split('/')[0]
  );
}

/** A store made before its directory was created 0700 (or by hand) is made private once; a folder
 * someone else owns is left as it is. */
async function makePrivate(dir: string): Promise<void> {
  try {
    const info = await stat(dir);
    if ((info.mode & 0o077) !== 0 && info.uid === process.getuid?.()) await chmod(dir, 0o700);
  } catch {
    // best effort: the save itself reports a directory it cannot use
  }
}
