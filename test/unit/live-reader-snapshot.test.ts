// `cub-scout snapshot` without a cluster: the demo read through the snapshot backend, written out,
// read back: every tour trace is unchanged, and no Secret data and no Helm value is in the file.
// (test/live runs the same round trip against the real API server.)
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../shared/engine.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import { takeSnapshot, writeSnapshot } from '../../shared/snapshot-writer.js';
import { DEMO_DIR, traceList } from '../helpers/scenario.js';

const NOW = new Date('2026-11-28T01:00:00Z');

async function traces(path: string) {
  const engine = await Engine.open({ snapshot: path });
  const results = [];
  for (const t of traceList(DEMO_DIR)) {
    const {
      tracedAt: _t,
      source: _s,
      ...result
    } = await engine.trace(t.kind, t.name, t.namespace, { now: NOW });
    results.push(result);
  }
  return results;
}

describe('cub-scout snapshot (offline round trip)', () => {
  for (const name of ['demo.yaml', 'demo.json']) {
    it(`${name}: traces read back equal the original's`, async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'cub-scout-snap-')), name);
      const snapshot = await takeSnapshot(await SnapshotReader.load(DEMO_DIR));
      await writeSnapshot(file, snapshot, 'snapshot demo');
      expect(await traces(file)).toEqual(await traces(DEMO_DIR));
    });
  }

  it('keeps no Secret data: Helm releases only as metadata and object names', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cub-scout-snap-')), 'demo.yaml');
    await writeSnapshot(file, await takeSnapshot(await SnapshotReader.load(DEMO_DIR)), 'snapshot demo');
    expect(readFileSync(file, 'utf8')).toMatch(/^# cub-scout snapshot of snapshot demo/);
    const secrets = (await SnapshotReader.load(file)).allObjects().filter((o) => o.kind === 'Secret');
    const releases = secrets.filter((s) => s.type === 'helm.sh/release.v1');
    expect(releases.length).toBeGreaterThan(0);
    for (const secret of secrets.filter((s) => s.type !== 'helm.sh/release.v1'))
      expect(secret).not.toHaveProperty('data');
    for (const secret of releases) {
      const inner = Buffer.from((secret.data as { release: string }).release, 'base64').toString('utf8');
      const release = JSON.parse(gunzipSync(Buffer.from(inner, 'base64')).toString('utf8'));
      expect(Object.keys(release).sort()).toEqual([
        'chart',
        'info',
        'manifest',
        'name',
        'namespace',
        'version',
      ]);
      expect(Object.keys(release.chart)).toEqual(['metadata']);
      expect(release).not.toHaveProperty('config');
    }
  });
});
