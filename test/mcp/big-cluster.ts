// A generated cluster of about 10k objects (bench/generate.ts, seeded: the same every run), written
// once per test file as a snapshot the server is started with.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCluster } from '../../bench/generate.js';

export function bigClusterSnapshot(objects = 10_000): string {
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-big-'));
  const file = join(dir, `cluster-${objects}.json`);
  writeFileSync(
    file,
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: generateCluster(objects).objects }),
  );
  return file;
}
