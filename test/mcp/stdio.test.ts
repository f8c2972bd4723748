// `cub-scout mcp --demo` over stdio, driven by the SDK's Client as Claude Desktop/Code would: every
// tool listed with schemas and read-only annotations, every tool called, the broken demo chain
// explained in one call, errors as one-line tool results.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelinesOutputSchema, ScanOutputSchema } from '../../server/mcp/batch-tools.js';
import { ContextsOutputSchema } from '../../server/mcp/cluster-tools.js';
import { HistoryOutputSchema, TraceOutputSchema } from '../../server/mcp/trace-tools.js';
import { TraceResultSchema } from '../../shared/model/trace-result.js';
import { serverEnv, stdioClient, tempHistoryDir, textOf } from './client.js';

const ALL_TOOLS = [
  'diff_resource',
  'get_trace_history',
  'get_workload_logs',
  'list_contexts',
  'list_pipelines',
  'scan_ccve',
  'trace_resource',
];

describe('cub-scout mcp --demo over stdio', () => {
  let client: Client;
  const historyDir = tempHistoryDir();

  beforeAll(async () => {
    client = await stdioClient(['--demo'], serverEnv(historyDir));
  });
  afterAll(async () => {
    await client?.close();
  });

  it('lists every tool with input and output schemas and read-only annotations', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect([...names].sort()).toEqual(ALL_TOOLS);
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      expect(tool.annotations?.openWorldHint, tool.name).toBe(true);
      expect(tool.annotations?.destructiveHint, tool.name).toBe(false);
      expect(tool.description?.length ?? 0, tool.name).toBeGreaterThan(100);
    }
    const trace = tools.find((t) => t.name === 'trace_resource');
    expect(Object.keys(trace?.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['resource', 'kind', 'name', 'namespace', 'context']),
    );
    // A caller never names a file: no tool takes a path.
    for (const tool of tools)
      expect(Object.keys(tool.inputSchema.properties ?? {}), tool.name).not.toContain('snapshot');
  });

  it('explains the broken demo chain from just "nginx": failing Kustomization, its error, running vs expected', async () => {
    const result = await client.callTool({ name: 'trace_resource', arguments: { resource: 'nginx' } });
    expect(result.isError).toBeFalsy();
    const text = textOf(result);
    expect(text).toContain('Kustomization/apps');
    expect(text).toMatch(/flux-system\/apps/);
    expect(text).toContain('path not found');
    expect(text).toMatch(/running revision:\s+main@sha1:abc123/);
    expect(text).toMatch(/expected revision:\s+main@sha1:def456/);

    const structured = TraceOutputSchema.parse(result.structuredContent);
    expect(structured.outcome).toBe('traced');
    const trace = TraceResultSchema.parse(structured.trace);
    expect(trace.object).toMatchObject({ kind: 'Deployment', name: 'nginx', namespace: 'demo' });
    expect(trace.diagnosis.healthy).toBe(false);
    const broken = trace.chain[trace.diagnosis.brokenAt ?? -1];
    expect(broken).toMatchObject({
      kind: 'Kustomization',
      name: 'apps',
      namespace: 'flux-system',
      ready: false,
    });
    expect(trace.diagnosis.running).toMatch(/^main@sha1:abc123/);
    expect(trace.diagnosis.expected).toMatch(/^main@sha1:def456/);
    // The nginx Service shares the name; it is reported, not traced.
    expect(structured.alsoMatched).toEqual([expect.objectContaining({ kind: 'Service', namespace: 'demo' })]);
  });

  it('traces a healthy object named with kind and namespace', async () => {
    const result = await client.callTool({
      name: 'trace_resource',
      arguments: { resource: 'deploy/podinfo', namespace: 'podinfo' },
    });
    const structured = TraceOutputSchema.parse(result.structuredContent);
    const trace = TraceResultSchema.parse(structured.trace);
    expect(trace.object).toMatchObject({ kind: 'Deployment', name: 'podinfo', namespace: 'podinfo' });
    expect(trace.chain.map((l) => l.kind)).toContain('HelmRelease');
    expect(textOf(result)).toContain('TRACE: deployment/podinfo -n podinfo');
  });

  it('lists candidates with kind and namespace when a name is ambiguous', async () => {
    const result = await client.callTool({ name: 'trace_resource', arguments: { resource: 'podinfo' } });
    expect(result.isError).toBeFalsy();
    const structured = TraceOutputSchema.parse(result.structuredContent);
    expect(structured.outcome).toBe('ambiguous');
    expect(structured.trace).toBeUndefined();
    const listed = (structured.candidates ?? []).map((c) => `${c.kind}/${c.namespace}`);
    expect(listed).toEqual(
      expect.arrayContaining(['Deployment/podinfo', 'HelmRelease/flux-system', 'HelmRepository/flux-system']),
    );
    expect(textOf(result)).toContain('HelmRelease/podinfo -n flux-system');
  });

  it.each([
    [{ resource: 'no-such-app' }, /named "no-such-app"/],
    [{ resource: 'frobnicator/nginx' }, /unknown kind "frobnicator"/],
    [{ resource: 'deployment/nginx', namespace: 'elsewhere' }, /not found/],
    [{ resource: 'nginx', context: 'prod' }, /^unknown cluster "prod": choose one of demo$/],
  ])('reports %o as a one-line tool error', async (args, reason) => {
    const result = await client.callTool({ name: 'trace_resource', arguments: args });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toMatch(reason);
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(text).not.toMatch(/\bat .+\.js:\d+/); // no stack trace
  });

  it('returns the traces it made from get_trace_history, newest first', async () => {
    await client.callTool({
      name: 'trace_resource',
      arguments: { resource: 'deployment/nginx', namespace: 'demo' },
    });
    const result = await client.callTool({
      name: 'get_trace_history',
      arguments: { resource: 'nginx', limit: 1 },
    });
    expect(result.isError).toBeFalsy();
    const history = HistoryOutputSchema.parse(result.structuredContent);
    expect(history.entries).toHaveLength(1);
    expect(history.total).toBeGreaterThanOrEqual(2);
    expect(history.omitted).toBe(history.total - 1);
    const [newest] = history.entries;
    expect(newest).toMatchObject({ face: 'mcp', healthy: false, brokenAt: 'Kustomization/apps' });
    expect(newest?.object).toEqual({ kind: 'Deployment', name: 'nginx', namespace: 'demo' });
    expect(newest?.changes).toEqual([]); // same demo, same chain: nothing changed since the trace before
    expect(textOf(result)).toContain('Deployment/nginx -n demo');
  });

  it('lists the demo pipelines, with progress notifications when asked, bounded by limit', async () => {
    const progress: { progress: number; total?: number | undefined }[] = [];
    const result = await client.callTool(
      { name: 'list_pipelines', arguments: { unhealthyOnly: true } },
      undefined,
      {
        onprogress: (p) => progress.push(p),
      },
    );
    expect(result.isError).toBeFalsy();
    const report = PipelinesOutputSchema.parse(result.structuredContent);
    expect(report.total).toBeGreaterThan(report.healthy);
    expect(report.pipelines.every((p) => !p.healthy)).toBe(true);
    const apps = report.pipelines.find((p) => p.deployer.name === 'apps');
    expect(apps?.levels.find((l) => l.kind === 'Kustomization' && l.name === 'apps')?.problem).toMatch(
      /path not found/,
    );
    expect(progress.length).toBeGreaterThan(0);
    // Progress says how far: a total, and a count that only grows.
    expect(progress.every((p) => p.total === 100)).toBe(true);
    const counts = progress.map((p) => p.progress);
    expect(counts).toEqual([...new Set(counts)].sort((a, b) => a - b));
    expect(textOf(result)).toContain('Kustomization/apps');
    // Pipelines fed by one source are listed under it once, not each under a copy of its heading.
    const all = textOf(await client.callTool({ name: 'list_pipelines', arguments: {} }));
    const headings = all.split('\n').filter((line) => /^[✓✗] /.test(line));
    expect(headings.length).toBeGreaterThan(0);
    expect(new Set(headings).size).toBe(headings.length);

    const limited = PipelinesOutputSchema.parse(
      (await client.callTool({ name: 'list_pipelines', arguments: { limit: 1, trace: true } }))
        .structuredContent,
    );
    expect(limited.pipelines).toHaveLength(1);
    expect(limited.omitted).toBe(limited.total - 1);
    expect(limited.pipelines[0]?.traces?.length ?? 0).toBeGreaterThan(0);
  });

  it('scans the demo for CCVEs, filtered by severity and categories, with progress', async () => {
    let notified = 0;
    const all = await client.callTool({ name: 'scan_ccve', arguments: {} }, undefined, {
      onprogress: () => notified++,
    });
    expect(all.isError).toBeFalsy();
    const report = ScanOutputSchema.parse(all.structuredContent);
    expect(report.findings.some((f) => f.object.name === 'apps' && f.severity === 'critical')).toBe(true);
    expect(notified).toBeGreaterThan(0);

    const narrowed = ScanOutputSchema.parse(
      (
        await client.callTool({
          name: 'scan_ccve',
          arguments: { severity: 'critical', categories: ['APPLY', 'SOURCE'], limit: 1 },
        })
      ).structuredContent,
    );
    const wanted = report.findings.filter(
      (f) => f.severity === 'critical' && ['APPLY', 'SOURCE'].includes(f.category),
    );
    expect(narrowed.findings).toHaveLength(Math.min(1, wanted.length));
    expect(narrowed.omitted).toBe(wanted.length - narrowed.findings.length);
    expect(narrowed.counts.critical).toBe(wanted.length);
  });

  it('reports a bad scan argument as a tool error, not a protocol failure', async () => {
    const result = await client.callTool({ name: 'scan_ccve', arguments: { severity: 'catastrophic' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/severity/);
    expect(textOf(result).trim().split('\n')).toHaveLength(1);
  });

  it('lists the demo as its only cluster when there is no kubeconfig, without telling to add --demo', async () => {
    const result = await client.callTool({ name: 'list_contexts', arguments: {} });
    expect(result.isError).toBeFalsy();
    const { contexts, current } = ContextsOutputSchema.parse(result.structuredContent);
    expect(contexts).toEqual([{ name: 'demo', kind: 'demo', current: true, reachable: null }]);
    expect(current).toBe('demo');
    expect(textOf(result)).not.toMatch(/--demo/);
  });

  it('puts the commands to look closer and retry into the diagnosis, in the structured and the text result', async () => {
    const result = await client.callTool({
      name: 'trace_resource',
      arguments: { resource: 'deployment/nginx', namespace: 'demo' },
    });
    const trace = TraceResultSchema.parse(TraceOutputSchema.parse(result.structuredContent).trace);
    expect(trace.diagnosis.fix).toEqual([
      'flux events --for Kustomization/apps -n flux-system',
      'flux reconcile kustomization apps -n flux-system --with-source',
    ]);
    expect(textOf(result)).toContain('flux reconcile kustomization apps -n flux-system --with-source');
  });

  it('offers the why-not-deployed prompt, which walks through the tools', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toContain('why-not-deployed');
    const prompt = await client.getPrompt({ name: 'why-not-deployed', arguments: { resource: 'nginx' } });
    const message = prompt.messages[0]?.content;
    const text = message && message.type === 'text' ? message.text : '';
    expect(text).toContain('trace_resource');
    expect(text).toContain('get_trace_history');
    expect(text).toContain('brokenAt');
  });
});

describe('cub-scout mcp --toolsets', () => {
  it('offers only the toolsets asked for, and refuses an unknown one', async () => {
    const client = await stdioClient(['--demo', '--toolsets', 'trace'], serverEnv(tempHistoryDir()));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([
        'diff_resource',
        'get_trace_history',
        'get_workload_logs',
        'trace_resource',
      ]);
    } finally {
      await client.close();
    }
    const { cli } = await import('../helpers/cli.js');
    const bad = await cli(['mcp', '--demo', '--toolsets', 'trace,nope']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim()).toBe('error: unknown toolset "nope"; known: trace, cluster');
  });
});

describe('cub-scout mcp list_contexts with a kubeconfig', () => {
  it('lists contexts with server, default namespace and reachability', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-kubeconfig-'));
    const kubeconfig = join(dir, 'config');
    // Port 9 on loopback: nothing listens, so the probe fails fast with "unreachable".
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
current-context: dead
clusters:
- name: dead
  cluster: {server: 'https://127.0.0.1:9'}
contexts:
- name: dead
  context: {cluster: dead, user: u, namespace: team-a}
- name: other
  context: {cluster: dead, user: u}
users:
- name: u
  user: {token: not-a-real-token}
`,
    );
    const client = await stdioClient(['--demo'], serverEnv(tempHistoryDir(), { KUBECONFIG: kubeconfig }));
    try {
      const started = Date.now();
      const result = await client.callTool({ name: 'list_contexts', arguments: {} });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(result.isError).toBeFalsy();
      const { contexts, current } = ContextsOutputSchema.parse(result.structuredContent);
      // Started with --demo: the demo is what tools read when they name no cluster.
      expect(current).toBe('demo');
      expect(contexts.map((c) => [c.name, c.kind, c.server, c.namespace, c.reachable])).toEqual([
        ['dead', 'context', 'https://127.0.0.1:9', 'team-a', false],
        ['other', 'context', 'https://127.0.0.1:9', 'default', false],
        ['demo', 'demo', undefined, undefined, null],
      ]);
      expect(textOf(result)).toMatch(/ {2}dead .*unreachable/);
      expect(textOf(result)).toMatch(/^\* demo/m);

      // The tools that read a cluster say why they cannot, in one line.
      const unknown = await client.callTool({
        name: 'trace_resource',
        arguments: { resource: 'nginx', context: 'nope' },
      });
      expect(unknown.isError).toBe(true);
      expect(textOf(unknown)).toMatch(/^unknown cluster "nope": choose one of dead, other, demo$/);
      const dead = await client.callTool({
        name: 'trace_resource',
        arguments: { resource: 'nginx', context: 'dead' },
      });
      expect(dead.isError).toBe(true);
      expect(textOf(dead)).toMatch(/^cannot reach https:\/\/127\.0\.0\.1:9 \(context dead\)/);
      expect(textOf(dead).trim().split('\n')).toHaveLength(1);
    } finally {
      await client.close();
    }
  });
});
