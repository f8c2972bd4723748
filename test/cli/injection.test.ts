// Issue 10 item 2: names read from a cluster reach remediation commands only shell-quoted. A user
// pastes `$ flux reconcile ...` into a shell: a name like `repo$(...)` must stay one literal word.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanReportSchema } from '../../shared/scan/model.js';
import { cli } from '../helpers/cli.js';
import { serverEnv, stdioClient, tempHistoryDir, textOf } from '../mcp/client.js';

// Payloads that would run a command if pasted unquoted; harmless ones (they only print).
const SOURCE = 'repo$(echo INJECTED)';
const DEPENDENCY = "dep`echo INJECTED`;echo 'INJECTED'";

function hostileSnapshot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-injection-'));
  const objects = [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: SOURCE, namespace: 'flux-system', uid: 'u-src' },
      spec: { url: 'https://example.com/repo', ref: { branch: 'main' } },
      status: {
        conditions: [
          { type: 'Ready', status: 'False', reason: 'GitOperationFailed', message: 'auth required' },
        ],
      },
    },
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'apps', namespace: 'flux-system', uid: 'u-ks' },
      spec: {
        path: './apps',
        sourceRef: { kind: 'GitRepository', name: SOURCE },
        dependsOn: [{ name: DEPENDENCY }],
      },
      status: { conditions: [{ type: 'Ready', status: 'False', reason: 'DependencyNotReady' }] },
    },
  ];
  writeFileSync(
    join(dir, 'cluster.json'),
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
  );
  return dir;
}

/** The words a POSIX shell makes of a pasted command (printf prints one per line). */
function shellWords(command: string): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\n' ${command}`], { encoding: 'utf8' });
  return out.split('\n').slice(0, -1);
}

function expectQuoted(commands: string[]): void {
  const named = commands.filter((c) => c.includes('INJECTED'));
  expect(named.length).toBeGreaterThanOrEqual(2);
  const words = named.map(shellWords);
  expect(words.some((w) => w.includes(SOURCE))).toBe(true);
  expect(words.some((w) => w.includes(DEPENDENCY))).toBe(true);
  for (const w of words) expect(w).not.toContain('INJECTED');
}

describe('remediation commands quote cluster names', () => {
  const snapshot = hostileSnapshot();

  it('scan -o json: each command word-splits to the literal names', async () => {
    const { stdout } = await cli(['scan', '--snapshot', snapshot, '-o', 'json']);
    const report = ScanReportSchema.parse(JSON.parse(stdout));
    expectQuoted(report.findings.flatMap((f) => f.remediation.commands));
  });

  it('scan text: the printed `$ ` lines are quoted', async () => {
    const { stdout } = await cli(['scan', '--snapshot', snapshot]);
    const commands = stdout
      .split('\n')
      .filter((l) => l.startsWith('    $ '))
      .map((l) => l.slice('    $ '.length));
    expectQuoted(commands);
  });

  it('scan -o sarif: fixes in the rule help and results are quoted', async () => {
    const { stdout } = await cli(['scan', '--snapshot', snapshot, '-o', 'sarif']);
    const sarif = JSON.parse(stdout);
    const results = sarif.runs[0].results as { properties: { remediation: { commands: string[] } } }[];
    expectQuoted(results.flatMap((r) => r.properties.remediation.commands));
  });

  describe('MCP scan_ccve', () => {
    let client: Client;
    beforeAll(async () => {
      client = await stdioClient(['--snapshot', snapshot], serverEnv(tempHistoryDir()));
    });
    afterAll(async () => {
      await client?.close();
    });

    it('structured and text results carry the names quoted', async () => {
      const result = await client.callTool({ name: 'scan_ccve', arguments: {} });
      const report = result.structuredContent as { findings: { remediation: { commands: string[] } }[] };
      expectQuoted(report.findings.flatMap((f) => f.remediation.commands));
      const text = textOf(result);
      const commands = text
        .split('\n')
        .filter((l) => l.startsWith('    $ '))
        .map((l) => l.slice('    $ '.length));
      expectQuoted(commands);
    });
  });
});
