// `cub-scout trace` saves to the history (unless --no-history) and `cub-scout history` lists it.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cub-scout-history-cli-'));
}

describe('cub-scout history', () => {
  it('lists what cub-scout trace saved, newest first, with what changed', async () => {
    const dir = tempDir();
    expect(
      (await cli(['trace', 'deployment/nginx', '-n', 'demo', '--demo', '--history-dir', dir])).exitCode,
    ).toBe(0);
    expect(
      (await cli(['trace', 'ks/apps', '-n', 'flux-system', '--demo', '--history-dir', dir])).exitCode,
    ).toBe(0);
    expect(
      (await cli(['trace', 'deployment/nginx', '-n', 'demo', '--demo', '--history-dir', dir])).exitCode,
    ).toBe(0);

    const text = await cli(['history', '--history-dir', dir]);
    expect(text.exitCode).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+FACE\s+CLUSTER\s+OBJECT\s+STATUS\s+RUNNING\s+CHANGES$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(
      /cli .*Deployment\/nginx -n demo\s+broken at Kustomization\/apps\s+main@sha1:abc1230f9e8d\s+-$/,
    );
    expect(lines[3]).toMatch(/Deployment\/nginx -n demo .*\(first\)$/);

    const json = await cli(['history', 'nginx', '-o', 'json', '--history-dir', dir]);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.entries).toHaveLength(2);
    expect(parsed.entries[0].result.diagnosis.brokenAt).not.toBeNull();
    expect(parsed.entries.map((e: { changes: unknown }) => e.changes)).toEqual([[], null]);
  });

  it('saves nothing with --no-history, and uses CUB_SCOUT_HISTORY_DIR otherwise', async () => {
    const dir = tempDir();
    await cli(['trace', 'deployment/nginx', '-n', 'demo', '--demo', '--no-history'], {
      CUB_SCOUT_HISTORY_DIR: dir,
    });
    expect(readdirSync(dir)).toEqual([]);
    await cli(['trace', 'deployment/nginx', '-n', 'demo', '--demo'], { CUB_SCOUT_HISTORY_DIR: dir });
    expect(readdirSync(dir)).toHaveLength(1);
    const listed = await cli(['history', 'deploy/nginx'], { CUB_SCOUT_HISTORY_DIR: dir });
    expect(listed.stdout).toContain('Deployment/nginx -n demo');
  });

  it('says so when there is nothing saved', async () => {
    const result = await cli(['history', 'nginx', '--history-dir', join(tempDir(), 'empty')]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^no saved traces of nginx in /);
  });
});
