// Kubeconfig handling like kubectl: merged KUBECONFIG files, --kubeconfig, --context, current
// context, and one-line errors for what cannot be used.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CubScoutError } from '../../shared/errors/index.js';
import { listContexts, loadKubeconfig } from '../../shared/reader/kubeconfig.js';
import { openLiveReader } from '../../shared/reader/live.js';
import { cli } from '../helpers/cli.js';

let dir: string;
const savedKubeconfig = process.env.KUBECONFIG;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cub-scout-kubeconfig-'));
});
afterEach(() => {
  if (savedKubeconfig === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = savedKubeconfig;
});

function kubeconfigFile(
  name: string,
  contexts: Array<{ name: string; server: string; namespace?: string }>,
  current?: string,
): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: contexts.map((c) => ({ name: `${c.name}-cluster`, cluster: { server: c.server } })),
      users: contexts.map((c) => ({ name: `${c.name}-user`, user: { token: 't' } })),
      contexts: contexts.map((c) => ({
        name: c.name,
        context: { cluster: `${c.name}-cluster`, user: `${c.name}-user`, namespace: c.namespace },
      })),
      ...(current ? { 'current-context': current } : {}),
    }),
  );
  return file;
}

function caught(run: () => unknown): CubScoutError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(CubScoutError);
    return e as CubScoutError;
  }
  throw new Error('expected an error');
}

describe('kubeconfig', () => {
  it('merges KUBECONFIG files: the first file wins names and the current context', () => {
    const first = kubeconfigFile(
      'a',
      [{ name: 'prod', server: 'https://prod.example:6443', namespace: 'shop' }],
      'prod',
    );
    const second = kubeconfigFile(
      'b',
      [
        { name: 'prod', server: 'https://other.example:6443' },
        { name: 'staging', server: 'https://staging.example:6443' },
      ],
      'staging',
    );
    process.env.KUBECONFIG = [first, join(dir, 'missing'), second].join(delimiter);
    const contexts = listContexts();
    expect(contexts).toEqual([
      {
        name: 'prod',
        cluster: 'prod-cluster',
        server: 'https://prod.example:6443',
        user: 'prod-user',
        namespace: 'shop',
        current: true,
      },
      {
        name: 'staging',
        cluster: 'staging-cluster',
        server: 'https://staging.example:6443',
        user: 'staging-user',
        namespace: 'default',
        current: false,
      },
    ]);
    expect(loadKubeconfig().context).toBe('prod');
    expect(loadKubeconfig({ context: 'staging' }).server).toBe('https://staging.example:6443');
  });

  it('prefers --kubeconfig over KUBECONFIG', () => {
    process.env.KUBECONFIG = kubeconfigFile('env', [{ name: 'env', server: 'https://env:6443' }], 'env');
    const explicit = kubeconfigFile('explicit', [{ name: 'mine', server: 'https://mine:6443' }], 'mine');
    expect(loadKubeconfig({ kubeconfig: explicit }).context).toBe('mine');
  });

  it('names the known contexts when --context is unknown', () => {
    const file = kubeconfigFile('a', [
      { name: 'a', server: 'https://a:6443' },
      { name: 'b', server: 'https://b:6443' },
    ]);
    const error = caught(() => loadKubeconfig({ kubeconfig: file, context: 'x' }));
    expect(error.code).toBe('bad-input');
    expect(error.message).toBe('context "x" not found in kubeconfig; known: a, b');
  });

  it('asks for --context when there is no current context', () => {
    const file = kubeconfigFile('a', [{ name: 'a', server: 'https://a:6443' }]);
    expect(caught(() => loadKubeconfig({ kubeconfig: file })).message).toMatch(
      /no current context.*known: a/,
    );
  });

  it('reports a kubeconfig that does not parse in one line, with the file', () => {
    const file = join(dir, 'broken');
    writeFileSync(file, 'clusters:\n  - name: x\n    cluster: {server: [unclosed\n');
    const error = caught(() => loadKubeconfig({ kubeconfig: file }));
    expect(error.code).toBe('unreadable');
    expect(error.message).toContain(file);
    expect(error.message).not.toContain('\n');
    const scalar = join(dir, 'scalar');
    writeFileSync(scalar, 'just some text\n');
    expect(caught(() => loadKubeconfig({ kubeconfig: scalar })).message).toMatch(/not a kubeconfig/);
  });

  it('keeps the no-kubeconfig hint when nothing is configured', async () => {
    process.env.KUBECONFIG = join(dir, 'nothing-here');
    const error = await openLiveReader({}).catch((e: unknown) => e as CubScoutError);
    expect(error).toBeInstanceOf(CubScoutError);
    expect((error as CubScoutError).message).toMatch(/no kubeconfig found.*--demo/);
  });
});

describe('cub-scout contexts', () => {
  it('prints a table of contexts and marks the current one', async () => {
    const file = kubeconfigFile(
      'a',
      [
        { name: 'prod', server: 'https://prod.example:6443', namespace: 'shop' },
        { name: 'dev', server: 'https://dev.example:6443' },
      ],
      'dev',
    );
    const result = await cli(['contexts'], { KUBECONFIG: file });
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/CURRENT\s+NAME\s+CLUSTER\s+SERVER\s+NAMESPACE/);
    expect(lines.find((l) => l.includes('dev'))).toMatch(
      /^\*\s+dev\s+dev-cluster\s+https:\/\/dev.example:6443\s+default/,
    );
    expect(lines.find((l) => l.includes('prod'))).toMatch(/^\s+prod\s+.*shop/);
  });

  it('prints JSON with -o json', async () => {
    const file = kubeconfigFile('a', [{ name: 'prod', server: 'https://prod.example:6443' }], 'prod');
    const result = await cli(['contexts', '-o', 'json', '--kubeconfig', file]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        name: 'prod',
        cluster: 'prod-cluster',
        server: 'https://prod.example:6443',
        user: 'prod-user',
        namespace: 'default',
        current: true,
      },
    ]);
  });

  it('fails in one line with exit code 3 on an unreadable kubeconfig', async () => {
    const file = join(dir, 'broken');
    writeFileSync(file, 'contexts: [\n');
    const result = await cli(['contexts'], { KUBECONFIG: file });
    expect(result.exitCode).toBe(3);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(file);
  });
});
