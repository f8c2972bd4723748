// Issue 10 items 5, 9, 10, 14: snapshots that are huge, hostile or odd load what can be loaded,
// skip the rest with a warning naming file and object, and never hang or throw a raw JS error.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../shared/engine.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cub-scout-hostile-'));
}

function configMap(name: string, extra: Record<string, unknown> = {}) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'demo', ...extra } };
}

async function names(reader: SnapshotReader): Promise<string[]> {
  return reader
    .allObjects()
    .map((o) => o.metadata.name)
    .sort();
}

describe('bad objects are skipped with a warning (item 10)', () => {
  it('a null List item and a string ownerReferences: the rest loads, warnings name file and object', async () => {
    const dir = tempDir();
    const file = join(dir, 'list.json');
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [configMap('good'), null, configMap('bad-owners', { ownerReferences: 'x' })],
      }),
    );
    writeFileSync(
      join(dir, 'more.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad-labels, namespace: demo, labels: [a]}\n---\n' +
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other, namespace: demo}\n',
    );
    const reader = await SnapshotReader.load(dir);
    expect(await names(reader)).toEqual(['good', 'other']);
    expect(reader.warnings).toEqual([
      expect.stringMatching(/^snapshot .*list\.json: skipped item 2 of List: not an object$/),
      expect.stringMatching(
        /^snapshot .*list\.json: skipped ConfigMap demo\/bad-owners: metadata\.ownerReferences: .*array/,
      ),
      expect.stringMatching(/^snapshot .*more\.yaml: skipped ConfigMap demo\/bad-labels: metadata\.labels: /),
    ]);
    const engine = new Engine(reader);
    const result = await engine.trace('cm', 'good', 'demo');
    expect(result.object.name).toBe('good');
    expect(result.warnings).toEqual(expect.arrayContaining(reader.warnings));
  });

  it('a snapshot with no Kubernetes object at all is unreadable, naming the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'values.yaml'), 'replicaCount: 2\n');
    await expect(SnapshotReader.load(dir)).rejects.toMatchObject({
      code: 'unreadable',
      message: expect.stringMatching(/values\.yaml: no Kubernetes object: .*apiVersion/),
    });
  });
});

describe('only regular files are read (item 9)', () => {
  it('a FIFO named *.yaml in a snapshot directory is skipped with a warning, never opened', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), JSON.stringify(configMap('a')));
    execFileSync('mkfifo', [join(dir, 'trap.yaml')]);
    const reader = await SnapshotReader.load(dir);
    expect(await names(reader)).toEqual(['a']);
    expect(reader.warnings).toEqual([expect.stringMatching(/trap\.yaml: not a regular file; skipped/)]);
  }, 10_000);

  it('a FIFO given as the snapshot is an unreadable snapshot', async () => {
    const fifo = join(tempDir(), 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    await expect(SnapshotReader.load(fifo)).rejects.toMatchObject({
      code: 'unreadable',
      message: expect.stringContaining('not a regular file'),
    });
  }, 10_000);
});

describe('odd snapshots (item 14)', () => {
  it('duplicate objects: the first is kept, with a warning naming both files', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), JSON.stringify(configMap('twice', { uid: 'first' })));
    writeFileSync(join(dir, 'b.yaml'), JSON.stringify(configMap('twice', { uid: 'second' })));
    const reader = await SnapshotReader.load(dir);
    expect(reader.allObjects().map((o) => o.metadata.uid)).toEqual(['first']);
    expect(reader.warnings).toEqual([
      expect.stringMatching(
        /ConfigMap demo\/twice appears twice \(.*a\.yaml and .*b\.yaml\); keeping the first/,
      ),
    ]);
  });

  it('follows symlinked subdirectories, and a symlink loop only once', async () => {
    const root = tempDir();
    const outside = tempDir();
    writeFileSync(join(outside, 'linked.yaml'), JSON.stringify(configMap('linked')));
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'sub', 'own.yaml'), JSON.stringify(configMap('own')));
    symlinkSync(outside, join(root, 'link'));
    symlinkSync(root, join(root, 'sub', 'loop'));
    const reader = await SnapshotReader.load(root);
    expect(await names(reader)).toEqual(['linked', 'own']);
    expect(reader.warnings).toEqual([]);
  });

  it('accepts JSON that starts with a byte order mark', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bom.json'), `\uFEFF${JSON.stringify(configMap('bom'))}`);
    expect(await names(await SnapshotReader.load(dir))).toEqual(['bom']);
  });

  it('YAML nested 10^4 deep: a one-line error naming the file, no stack overflow text', async () => {
    const dir = tempDir();
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    writeFileSync(
      join(dir, 'deep.yaml'),
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${deep}\n`,
    );
    const error = await SnapshotReader.load(dir).catch((e) => e);
    expect(error).toMatchObject({ code: 'unreadable' });
    expect(error.message).toMatch(/deep\.yaml(:\d+)?: nested too deeply/);
    expect(error.message).not.toMatch(/call stack/);
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('an alias bomb: the error names the file', async () => {
    const dir = tempDir();
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    writeFileSync(
      join(dir, 'bomb.yaml'),
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  ${lines.join('\n  ')}\n`,
    );
    const error = await SnapshotReader.load(dir).catch((e) => e);
    expect(error).toMatchObject({ code: 'unreadable' });
    expect(error.message).toMatch(/^snapshot .*bomb\.yaml: /);
  });
});

describe('large YAML snapshots (item 5)', () => {
  it('a file of 20,000 small documents loads every object', async () => {
    const dir = tempDir();
    const docs = Array.from(
      { length: 20_000 },
      (_, i) =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: ns-${i % 7}\n  labels: {i: "${i}"}\n`,
    );
    writeFileSync(join(dir, 'many.yaml'), docs.join('---\n'));
    const reader = await SnapshotReader.load(dir);
    const all = reader.allObjects();
    expect(all).toHaveLength(20_000);
    expect(all[12_345]?.metadata).toEqual({ name: 'cm-12345', namespace: 'ns-4', labels: { i: '12345' } });
    expect(reader.warnings).toEqual([]);
  });
});
