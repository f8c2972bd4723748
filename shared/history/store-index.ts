// An index of the history store for long-lived faces (the MCP server, the desktop app): what each
// record file says about which object, cluster and verdict, kept in memory and brought up to date
// only when the directory changes (its mtime moves with every file written, renamed or deleted).
// Record files never change once renamed into place, so a file read once is known for good. A
// query then reads just the records it returns (and the ones before them, for what changed),
// instead of every file of the store on every call.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { changesBetween, type RecordWithChanges } from './changes.js';
import type { HistoryRecord } from './record.js';
import { type HistoryQuery, parseRecord, recordFilter, type SkippedFile, sameTarget } from './store.js';

/** Whole records kept in memory (a few KB each): a few pages' worth. */
const RECENT_RECORDS = 400;

/** What the index keeps of a record: enough to filter and to pair it with the one before. */
export type RecordSummary = Omit<HistoryRecord, 'result'> & { file: string };

export interface HistoryPage {
  /** Newest first. */
  entries: RecordWithChanges[];
  /** Records matching the query. */
  total: number;
  skipped: SkippedFile[];
}

export interface StoreListing {
  records: string[];
  temps: string[];
}

export class HistoryIndex {
  /** Oldest first, like the file names. */
  private summaries: RecordSummary[] = [];
  private readonly known = new Map<string, RecordSummary | SkippedFile>();
  /** Whole records read lately, newest use last: the pages people ask for again. */
  private readonly recent = new Map<string, HistoryRecord>();
  private stamp: bigint | undefined;

  constructor(
    private readonly dir: string,
    private readonly list: () => Promise<StoreListing>,
  ) {}

  /** The newest `limit` records matching the query, each with what changed since the one before. */
  async page(query: HistoryQuery, limit: number): Promise<HistoryPage> {
    const skipped = await this.refresh();
    const matches = recordFilter(query);
    const newestFirst = [...this.summaries].reverse();
    const matching: number[] = [];
    newestFirst.forEach((s, i) => {
      if (matches(s)) matching.push(i);
    });
    const entries: RecordWithChanges[] = [];
    for (const at of matching.slice(0, limit)) {
      const summary = newestFirst[at] as RecordSummary;
      const record = await this.read(summary);
      if (!record) continue; // pruned by another process meanwhile
      // The trace before it of the same object on the same cluster, matching the query or not.
      const previousSummary = newestFirst.slice(at + 1).find((s) => sameTarget(s, summary));
      const previous = previousSummary ? await this.read(previousSummary) : undefined;
      entries.push({ record, changes: previous ? changesBetween(previous.result, record.result) : null });
    }
    return { entries, total: matching.length, skipped };
  }

  /** Bring the index up to date when the directory changed since the last look. */
  private async refresh(): Promise<SkippedFile[]> {
    const stamp = await stat(this.dir, { bigint: true }).then(
      (s) => s.mtimeNs,
      () => undefined,
    );
    if (stamp === undefined || stamp !== this.stamp) {
      const { records, temps } = await this.list();
      const present = new Set(records);
      for (const file of this.known.keys()) if (!present.has(file)) this.known.delete(file);
      for (const file of this.recent.keys()) if (!present.has(file)) this.recent.delete(file);
      for (const file of records) if (!this.known.has(file)) this.known.set(file, await this.summarize(file));
      this.summaries = records
        .map((file) => this.known.get(file))
        .filter((s): s is RecordSummary => s !== undefined && 'id' in s);
      this.temps = temps.map((file) => ({ file, reason: 'incomplete write (temporary file)' }));
      this.stamp = stamp;
    }
    const damaged = [...this.known.values()].filter((s): s is SkippedFile => 'reason' in s);
    return [...this.temps, ...damaged];
  }

  private temps: SkippedFile[] = [];

  private async summarize(file: string): Promise<RecordSummary | SkippedFile> {
    const record = await this.readFile(file);
    if (typeof record === 'string') return { file, reason: record };
    const { result: _result, ...summary } = record;
    return { ...summary, file };
  }

  private async read(summary: RecordSummary): Promise<HistoryRecord | undefined> {
    const cached = this.recent.get(summary.file);
    if (cached) {
      this.recent.delete(summary.file);
      this.recent.set(summary.file, cached);
      return cached;
    }
    const record = await this.readAgain(summary);
    if (!record) return undefined;
    this.recent.set(summary.file, record);
    for (const oldest of this.recent.keys()) {
      if (this.recent.size <= RECENT_RECORDS) break;
      this.recent.delete(oldest);
    }
    return record;
  }

  /** A record validated when it was indexed: record files are renamed into place whole and never
   * rewritten, so reading it again needs no second schema check, only that it is still that record. */
  private async readAgain(summary: RecordSummary): Promise<HistoryRecord | undefined> {
    try {
      const record = JSON.parse(await readFile(join(this.dir, summary.file), 'utf8')) as HistoryRecord;
      return record?.id === summary.id && record.result ? record : undefined;
    } catch {
      return undefined; // pruned or damaged meanwhile: the next refresh says which
    }
  }

  private async readFile(file: string): Promise<HistoryRecord | string> {
    try {
      return parseRecord(await readFile(join(this.dir, file), 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'pruned meanwhile';
      return `unreadable: ${(e as Error).message}`;
    }
  }
}
