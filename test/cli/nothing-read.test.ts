// Issue 10 items 6 and 14: nothing read, or nothing checked, is never success. When every kind
// fails to load (403 on discovery, a server URL that is not a URL, file://), `pipelines`, `scan`
// and `snapshot` exit 3 with one line, and `scan --exit-code` never claims "no CCVE rule matched";
// a rules directory without rules, a missing one, and an empty --stuck-after are bad input (2).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { type FakeApiServer, startFakeApiServer } from '../helpers/fake-apiserver.js';
import { scenarioPath } from '../helpers/scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'cub-scout-nothing-read-'));

function kubeconfigFor(server: string, name: string): string {
  const file = join(dir, `${name}.kubeconfig`);
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server } }],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [{ name, context: { cluster: 'c', user: 'u' } }],
      'current-context': name,
    }),
  );
  return file;
}

describe('a cluster nothing can be read from', () => {
  let forbidden: FakeApiServer;
  const configs: [string, string][] = [];
  beforeAll(async () => {
    forbidden = await startFakeApiServer({ forbidAll: true });
    configs.push(
      ['403 on discovery', forbidden.kubeconfig(dir, undefined, 'forbidden')],
      ['a server that is not a URL', kubeconfigFor('not a url', 'not-a-url')],
      ['a file:// server', kubeconfigFor('file:///etc', 'file-url')],
    );
  });
  afterAll(async () => {
    await forbidden?.close();
  });

  it.each(
    [
      ['pipelines'],
      ['scan'],
      ['scan', '--exit-code'],
      ['scan', '-o', 'json'],
      ['snapshot', '-o', join(dir, 'out.yaml')],
    ].map((args) => [args.join(' '), args] as const),
  )('%s exits 3 with one line for every broken cluster', async (_name, args) => {
    for (const [what, kubeconfig] of configs) {
      const { stdout, stderr, exitCode } = await cli([...args.filter(Boolean), '--kubeconfig', kubeconfig]);
      expect({ what, exitCode }).toEqual({ what, exitCode: 3 });
      expect(stdout).not.toContain('no CCVE rule matched');
      expect(stdout).not.toContain('no delivery pipelines found');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^error: nothing could be read from context /);
    }
  });
});

describe('nothing checked, or a flag that says nothing', () => {
  const snapshot = scenarioPath('ccve-flux');

  it('scan --rules with a directory without rules: exit 2, one line', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cub-scout-no-rules-'));
    const { stdout, stderr, exitCode } = await cli(['scan', '--snapshot', snapshot, '--rules', empty]);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`error: rules directory ${empty} holds no rule files (*.yaml, *.yml)`);
  });

  it('scan --rules with a directory that does not exist: exit 2, as the README says', async () => {
    const { stderr, exitCode } = await cli(['scan', '--snapshot', snapshot, '--rules', '/nonexistent']);
    expect(exitCode).toBe(2);
    expect(stderr).toBe('error: rules directory /nonexistent cannot be read');
  });

  it("--stuck-after '' is an error, not 0", async () => {
    const { stderr, exitCode } = await cli(['scan', '--snapshot', snapshot, '--stuck-after', '']);
    expect(exitCode).toBe(2);
    expect(stderr).toBe('error: --stuck-after must be minutes, not ""');
  });
});
