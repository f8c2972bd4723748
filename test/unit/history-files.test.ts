// Issue 10 items 9 and 13: the history store reads only regular files (a FIFO named like a record
// would block `history` forever) and keeps its directory private (0700: record names say which
// objects of which clusters someone traced).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../shared/engine.js';
import { HistoryStore } from '../../shared/history/store.js';

async function demoTrace() {
  const engine = await Engine.open({ demo: true });
  try {
    return await engine.trace('deployment', 'nginx', 'demo');
  } finally {
    await engine.close();
  }
}

describe('history store files', () => {
  it('a FIFO named like a record is skipped as not a regular file, never opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-history-fifo-'));
    const store = new HistoryStore(dir);
    await store.save({ face: 'cli', context: null, result: await demoTrace() });
    execFileSync('mkfifo', [join(dir, '999999999999999-1-deadbeef.json')]);
    const { records, skipped } = await store.load();
    expect(records).toHaveLength(1);
    expect(skipped).toEqual([
      { file: '999999999999999-1-deadbeef.json', reason: expect.stringContaining('not a regular file') },
    ]);
  }, 10_000);

  it('creates the history directory and its missing parents 0700', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cub-scout-history-mode-'));
    const dir = join(root, 'cub-scout', 'history');
    await new HistoryStore(dir).save({ face: 'cli', context: null, result: await demoTrace() });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, 'cub-scout')).mode & 0o777).toBe(0o700);
  });

  it('makes an existing history directory that others can read private on the next save', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cub-scout-history-old-')), 'history');
    mkdirSync(dir, { mode: 0o755 });
    expect(statSync(dir).mode & 0o777).toBe(0o755);
    await new HistoryStore(dir).save({ face: 'cli', context: null, result: await demoTrace() });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
