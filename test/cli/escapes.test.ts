// Issue 10 item 7: terminal control characters in cluster text (condition messages, spec.url,
// spec.path, annotations, field managers) never reach a terminal raw. Text outputs escape them;
// mermaid and dot escape newlines and markup too; JSON stays faithful.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { serverEnv, stdioClient, tempHistoryDir, textOf } from '../mcp/client.js';

const TITLE = '\u001b]0;pwned\u0007\u001b[2J'; // retitle the terminal, clear the screen
const MESSAGE = `build failed${TITLE}\r✓ all good\u009b31m\u202eevil`;
const URL_TEXT = `https://example.com/repo${TITLE}`;
const PATH_TEXT = './apps\u2066"]\n<b>x</b>';
/** A name that would end a mermaid or dot label and open markup. */
const EVIL_NAME = 'evil"]\n<b>x\u001b[2J';
const MANAGER = 'kubectl\u001b[31m-evil';
/** Anything a terminal acts on, except the newline that separates lines. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function hostileSnapshot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-escapes-'));
  const kustomizeLabels = {
    'kustomize.toolkit.fluxcd.io/name': 'apps',
    'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
  };
  const objects = [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'repo', namespace: 'flux-system', uid: 'u1' },
      spec: { url: URL_TEXT, ref: { branch: 'main' } },
      status: {
        artifact: { revision: 'main@sha1:1111111111111111111111111111111111111111' },
        conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'ok' }],
      },
    },
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'apps', namespace: 'flux-system', uid: 'u2', annotations: { note: TITLE } },
      spec: { path: PATH_TEXT, sourceRef: { kind: 'GitRepository', name: 'repo' } },
      status: {
        conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed', message: MESSAGE }],
        inventory: { entries: [{ id: 'demo_web_apps_Deployment', v: 'v1' }] },
      },
    },
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: EVIL_NAME, namespace: 'flux-system', uid: 'u5' },
      spec: { path: './evil', sourceRef: { kind: 'GitRepository', name: 'repo' } },
      status: { conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded' }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'demo', uid: 'u3', labels: kustomizeLabels },
      spec: { replicas: 1 },
      status: { replicas: 1, readyReplicas: 1 },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'hand',
        namespace: 'demo',
        uid: 'u4',
        managedFields: [{ manager: MANAGER, operation: 'Update', apiVersion: 'v1' }],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'apps.1', namespace: 'flux-system' },
      involvedObject: { kind: 'Kustomization', name: 'apps', namespace: 'flux-system' },
      type: 'Warning',
      reason: `BuildFailed${TITLE}`,
      message: MESSAGE,
      source: { component: MANAGER },
      count: 2,
      lastTimestamp: '2026-11-28T00:58:00Z',
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `web-1${TITLE}`,
        namespace: 'demo',
        uid: 'u6',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u3', controller: true },
        ],
      },
      spec: { containers: [{ name: 'web' }] },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: MESSAGE }],
      },
    },
    {
      apiVersion: 'fluxcd.controlplane.io/v1',
      kind: 'FluxReport',
      metadata: { name: 'flux', namespace: 'flux-system', uid: 'u7' },
      spec: { distribution: { version: `v2.7${TITLE}`, managedBy: MANAGER } },
    },
  ];
  writeFileSync(
    join(dir, 'cluster.json'),
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
  );
  return dir;
}

describe('terminal escapes from cluster text', () => {
  const snapshot = hostileSnapshot();
  const history = tempHistoryDir();
  const env = { CUB_SCOUT_HISTORY_DIR: history };

  it.each([
    [['trace', 'deploy/web', '-n', 'demo']],
    [['trace', 'deploy/web', '-n', 'demo', '-o', 'wide']],
    [['trace', 'cm/hand', '-n', 'demo', '-o', 'wide']],
    [['pipelines']],
    [['pipelines', '--trace']],
    [['scan']],
    [['logs', 'deploy/web', '-n', 'demo']],
  ])('%j text output carries no control character, and shows the escaped text', async (args) => {
    const { stdout, exitCode } = await cli([...args, '--snapshot', snapshot], env);
    expect(exitCode).toBe(0);
    expect(stdout).not.toMatch(CONTROL);
    expect(stdout.length).toBeGreaterThan(0);
    if (args[0] === 'pipelines' || args[0] === 'scan' || args.includes('deploy/web'))
      expect(stdout).toContain('build failed\\e]0;pwned\\a\\e[2J');
  });

  it('trace -o wide shows the URL, the path and the field manager escaped', async () => {
    const web = await cli(['trace', 'deploy/web', '-n', 'demo', '-o', 'wide', '--snapshot', snapshot], env);
    expect(web.stdout).toContain('https://example.com/repo\\e]0;pwned\\a\\e[2J');
    expect(web.stdout).toContain('./apps\\u2066"]\\n<b>x</b>');
    const hand = await cli(['trace', 'cm/hand', '-n', 'demo', '-o', 'wide', '--snapshot', snapshot], env);
    expect(hand.stdout).toContain('kubectl\\e[31m-evil');
    // The Events below the chain: reason, reporter and message escaped.
    expect(web.stdout).toContain('Warning  BuildFailed\\e]0;pwned\\a\\e[2J  ');
    expect(web.stdout).toContain('kubectl\\e[31m-evil  build failed\\e]0;pwned');
  });

  it('logs and the FluxReport line show cluster text escaped', async () => {
    const logs = await cli(['logs', 'deploy/web', '-n', 'demo', '--snapshot', snapshot], env);
    expect(logs.stdout).toContain('pod web-1\\e]0;pwned\\a\\e[2J (Pending)');
    expect(logs.stdout).toContain('Unschedulable: build failed\\e]0;pwned');
    const pipelines = await cli(['pipelines', '--snapshot', snapshot], env);
    expect(pipelines.stdout).toContain('FLUX  v2.7\\e]0;pwned\\a\\e[2J  ·  managed by kubectl\\e[31m-evil');
  });

  it('history text escapes what the saved traces carry', async () => {
    await cli(['trace', 'ks', EVIL_NAME, '-n', 'flux-system', '--snapshot', snapshot], env);
    const { stdout } = await cli(['history', '--history-dir', history], env);
    expect(stdout).toContain('Kustomization/evil"]\\n<b>x\\e[2J -n flux-system');
    expect(stdout).not.toMatch(CONTROL);
  });

  it('mermaid and dot: no newline or markup from the cluster inside a label', async () => {
    const mermaid = (await cli(['pipelines', '-o', 'mermaid', '--snapshot', snapshot], env)).stdout;
    expect(mermaid).not.toMatch(CONTROL);
    expect(mermaid).toContain('Kustomization/evil#34;]\\n#60;b#62;x\\e[2J');
    expect(mermaid).not.toContain('<b>');
    for (const line of mermaid.split('\n').slice(1))
      expect(line).toMatch(/^ {2}(n\d+\["[^"]*"\]:::\w+|n\d+ --> n\d+|classDef .*)$|^$/);
    const dot = (await cli(['pipelines', '-o', 'dot', '--snapshot', snapshot], env)).stdout;
    expect(dot).not.toMatch(CONTROL);
    expect(dot).toContain('[label="Kustomization/evil\\"]\\\\n<b>x\\\\e[2J"');
    for (const line of dot.split('\n').slice(3, -2))
      expect(line).toMatch(/^ {2}n\d+ (\[label=".*", color=\w+\];|-> n\d+;)$/);
  });

  it('diff text escapes values, paths and field managers from the cluster', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-escapes-diff-'));
    const applied = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'edited', namespace: 'demo', labels: { [EVIL_NAME.replace(/\W/g, '')]: 'a' } },
    };
    const edited = {
      ...applied,
      metadata: {
        ...applied.metadata,
        uid: 'u9',
        labels: { [EVIL_NAME.replace(/\W/g, '')]: TITLE },
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(applied) },
        managedFields: [
          { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1', fieldsV1: {} },
          {
            manager: MANAGER,
            operation: 'Update',
            apiVersion: 'v1',
            fieldsV1: { 'f:metadata': { 'f:labels': { [`f:${EVIL_NAME}`]: {} } } },
          },
        ],
      },
    };
    writeFileSync(join(dir, 'cm.json'), JSON.stringify(edited));
    const { stdout, exitCode } = await cli(['diff', 'cm/edited', '-n', 'demo', '--snapshot', dir], env);
    expect(exitCode).toBe(1);
    expect(stdout).not.toMatch(CONTROL);
    expect(stdout).toContain('kubectl\\e[31m-evil');
    // Values are shown as JSON, which escapes control characters itself.
    expect(stdout).toContain('→ "\\u001b]0;pwned\\u0007\\u001b[2J"');
  });

  it('JSON output keeps the values as they are (JSON escapes them itself)', async () => {
    const { stdout } = await cli(
      ['trace', 'deploy/web', '-n', 'demo', '-o', 'json', '--snapshot', snapshot],
      env,
    );
    expect(stdout).not.toMatch(CONTROL);
    const result = JSON.parse(stdout);
    expect(result.chain.find((l: { kind: string }) => l.kind === 'Kustomization').message).toBe(MESSAGE);
  });

  describe('MCP text content', () => {
    let client: Client;
    beforeAll(async () => {
      client = await stdioClient(['--snapshot', snapshot], serverEnv(tempHistoryDir()));
    });
    afterAll(async () => {
      await client?.close();
    });

    it.each([
      ['trace_resource', { resource: 'deployment/web', namespace: 'demo' }],
      ['list_pipelines', {}],
      ['scan_ccve', {}],
      ['get_trace_history', {}],
      ['diff_resource', { resource: 'deployment/web', namespace: 'demo' }],
      ['get_workload_logs', { resource: 'deployment/web', namespace: 'demo' }],
    ])('%s', async (name, args) => {
      const result = await client.callTool({ name, arguments: args });
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).not.toMatch(CONTROL);
    });
  });
});
