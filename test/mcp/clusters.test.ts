// A caller never names a file: the clusters a server reads are fixed when it starts (the demo, each
// --snapshot, the kubeconfig's contexts) and tools select one by name. Every path-shaped value is
// refused in one line that says nothing about the file; a snapshot named at start is selectable
// by its name. And the protocol errors a client expects, over raw stdio.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContextsOutputSchema } from '../../server/mcp/cluster-tools.js';
import { TraceOutputSchema } from '../../server/mcp/trace-tools.js';
import { scenarioPath } from '../helpers/scenario.js';
import { serverEnv, stdioClient, tempHistoryDir, textOf } from './client.js';
import { RawClient } from './raw.js';

const SNAPSHOT = scenarioPath('argo-failed-sync');
const PATHS = [
  '/etc/passwd',
  '../../../../etc/passwd',
  '~/.ssh/id_rsa',
  'file:///etc/passwd',
  '/usr',
  SNAPSHOT,
];

describe('cub-scout mcp --demo --snapshot: clusters by name, never a path', () => {
  let client: Client;
  beforeAll(async () => {
    client = await stdioClient(['--demo', '--snapshot', SNAPSHOT], serverEnv(tempHistoryDir()));
  });
  afterAll(async () => {
    await client?.close();
  });

  it('lists exactly the clusters it was started with', async () => {
    const result = await client.callTool({ name: 'list_contexts', arguments: {} });
    const { contexts, current } = ContextsOutputSchema.parse(result.structuredContent);
    expect(contexts.map((c) => [c.name, c.kind])).toEqual([
      ['demo', 'demo'],
      ['argo-failed-sync', 'snapshot'],
    ]);
    expect(current).toBe('argo-failed-sync');
    expect(textOf(result)).not.toContain(SNAPSHOT); // the server's paths stay the server's
  });

  it('reads a snapshot and the demo by name', async () => {
    const app = await client.callTool({
      name: 'trace_resource',
      arguments: { resource: 'nginx', context: 'demo' },
    });
    expect(TraceOutputSchema.parse(app.structuredContent).outcome).toBe('traced');
    const pipelines = await client.callTool({
      name: 'list_pipelines',
      arguments: { context: 'argo-failed-sync' },
    });
    expect(pipelines.isError, textOf(pipelines)).toBeFalsy();
    expect(textOf(pipelines)).toContain('argo-failed-sync');
  });

  it.each(PATHS)(
    'refuses %s as a cluster in every tool, in one line naming no file content',
    async (path) => {
      for (const [name, args] of [
        ['trace_resource', { resource: 'nginx', context: path }],
        ['list_pipelines', { context: path }],
        ['scan_ccve', { context: path }],
      ] as const) {
        const result = await client.callTool({ name, arguments: args });
        expect(result.isError, name).toBe(true);
        const text = textOf(result);
        expect(text.trim().split('\n'), name).toHaveLength(1);
        expect(text, name).toMatch(/^unknown cluster ".*": choose one of demo, argo-failed-sync$/);
        expect(text, name).not.toMatch(/root:|no such file|EISDIR|ENOENT|JSON|YAML/);
      }
    },
  );

  it('ignores a snapshot argument: tools take no path at all', async () => {
    const result = await client.callTool({
      name: 'trace_resource',
      arguments: { resource: 'nginx', context: 'demo', snapshot: '/etc/passwd' },
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(TraceOutputSchema.parse(result.structuredContent).trace?.source).toMatch(/demo/);
  });
});

describe('cub-scout mcp protocol errors (raw JSON-RPC over stdio)', () => {
  let raw: RawClient;
  beforeAll(async () => {
    raw = new RawClient(['--demo', '--no-history'], serverEnv(tempHistoryDir()));
    await raw.initialize();
  });
  afterAll(() => raw?.close());

  it('answers an unknown tool with a JSON-RPC error -32602', async () => {
    raw.send({ id: 11, method: 'tools/call', params: { name: 'delete_everything', arguments: {} } });
    const reply = await raw.reply(11);
    expect(reply.result).toBeUndefined();
    expect(reply.error?.code).toBe(-32602);
    expect(reply.error?.message).toMatch(/^unknown tool "delete_everything"; tools: /);
  });

  it('answers non-object arguments with a short -32602, no validation dump', async () => {
    for (const [id, args] of [
      [12, 'nginx'],
      [13, ['nginx']],
      [14, 42],
    ] as const) {
      raw.send({ id, method: 'tools/call', params: { name: 'trace_resource', arguments: args } });
      const reply = await raw.reply(id);
      expect(reply.error?.code).toBe(-32602);
      expect(reply.error?.message).toMatch(/^arguments of trace_resource must be an object/);
      expect(reply.error?.message.length).toBeLessThan(120);
    }
  });

  it('answers a line that is not JSON with -32700 and keeps serving', async () => {
    raw.send('{"jsonrpc": "2.0", "id": 15, "method": tools/list}');
    const parseError = await raw.next((m) => m.error?.code === -32700);
    expect(parseError.id).toBeNull();
    raw.send({ id: 16, method: 'tools/list' });
    expect((await raw.reply(16)).result?.tools).toBeDefined();
  });

  it('cuts a huge argument out of its error', async () => {
    raw.send({
      id: 17,
      method: 'tools/call',
      params: { name: 'trace_resource', arguments: { resource: 'x'.repeat(1_000_000) } },
    });
    const reply = await raw.reply(17);
    expect(JSON.stringify(reply).length).toBeLessThan(2_000);
  });
});
