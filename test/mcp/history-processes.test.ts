// The history store under real processes: two CLI processes tracing at the same time lose no
// record, and a process killed (SIGKILL) in the middle of writing never leaves a store that fails
// to load — what is half-written is skipped and reported, the rest loads.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../shared/history/store.js';
import { BIN } from '../helpers/cli.js';
import { serverEnv, tempHistoryDir } from './client.js';

// The store module on its own, for a plain node process to import (the CLI ships as one bundle).
const STORE_MODULE = join(mkdtempSync(join(tmpdir(), 'cub-scout-store-')), 'store.js');
beforeAll(async () => {
  await build({
    entryPoints: [join(import.meta.dirname, '..', '..', 'shared', 'history', 'store.ts')],
    outfile: STORE_MODULE,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
  });
});

async function traceLoop(
  historyDir: string,
  resource: string,
  namespace: string,
  times: number,
): Promise<number> {
  let ok = 0;
  for (let i = 0; i < times; i++) {
    const result = await execa('node', [BIN, 'trace', resource, '-n', namespace, '--demo'], {
      env: serverEnv(historyDir),
      reject: false,
      timeout: 30_000,
    });
    if (result.exitCode === 0) ok++;
  }
  return ok;
}

/** A node process that saves records as fast as it can, forever (until killed). */
function writerScript(historyDir: string, tag: string): string {
  return `
    const { HistoryStore } = await import(${JSON.stringify(STORE_MODULE)});
    const store = new HistoryStore(${JSON.stringify(historyDir)}, { maxRecords: 100000 });
    const result = {
      object: { apiVersion: 'apps/v1', kind: 'Deployment', name: ${JSON.stringify(tag)}, namespace: 'demo' },
      tool: 'flux', managed: 'managed', fullyManaged: true, chain: [], warnings: [],
      // A large message makes every write take a while, so the kill lands inside one.
      diagnosis: { healthy: true, brokenAt: null, running: 'r', expected: 'r', summary: 'x'.repeat(400000) },
      tracedAt: new Date().toISOString(), source: 'context test',
    };
    let n = 0;
    for (;;) {
      await store.save({ face: 'cli', context: 'test', result });
      if (++n === 5) process.stdout.write('writing\\n');
    }`;
}

describe('history written by several processes', () => {
  it('keeps every trace of two CLI processes tracing at the same time', async () => {
    const dir = tempHistoryDir();
    const [a, b] = await Promise.all([
      traceLoop(dir, 'deployment/nginx', 'demo', 8),
      traceLoop(dir, 'deployment/redis', 'cache', 8),
    ]);
    expect([a, b]).toEqual([8, 8]);
    const { records, skipped } = await new HistoryStore(dir).load();
    expect(skipped).toEqual([]);
    expect(records.filter((r) => r.object.name === 'nginx')).toHaveLength(8);
    expect(records.filter((r) => r.object.name === 'redis')).toHaveLength(8);
    expect(records.every((r) => r.face === 'cli')).toBe(true);
    // Newest first.
    const times = records.map((r) => r.savedAt);
    expect([...times].sort().reverse()).toEqual(times);
  }, 120_000);

  it('loads after writers are killed with SIGKILL mid-write, skipping and reporting what was cut off', async () => {
    const dir = tempHistoryDir();
    for (let round = 0; round < 3; round++) {
      const writers = ['one', 'two'].map((tag) =>
        spawn('node', ['--input-type=module', '-e', writerScript(dir, tag)], {
          stdio: ['ignore', 'pipe', 'inherit'],
        }),
      );
      await Promise.all(
        writers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              w.stdout?.once('data', () => resolve());
              w.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
            }),
        ),
      );
      await new Promise((r) => setTimeout(r, 50 + round * 37));
      for (const w of writers) w.kill('SIGKILL');
      await Promise.all(
        writers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))),
      );
    }
    const files = readdirSync(dir);
    const { records, skipped } = await new HistoryStore(dir).load();
    expect(records.length).toBeGreaterThanOrEqual(30); // 3 rounds x 2 writers x at least 5 records
    expect(records.length + skipped.length).toBe(files.length);
    for (const s of skipped) {
      expect(s.file.startsWith('.tmp-')).toBe(true);
      expect(s.reason).toMatch(/incomplete write/);
    }
    expect(new Set(records.map((r) => r.object.name))).toEqual(new Set(['one', 'two']));
  }, 120_000);
});
