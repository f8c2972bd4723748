// diff_resource and get_trace_history's deployer field over stdio, on the drift and helm-revisions
// scenarios: structured results that match the declared schemas, text for models, bounded, and
// never the canary.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiffOutputSchema } from '../../server/mcp/diff-tools.js';
import { HistoryOutputSchema } from '../../server/mcp/trace-tools.js';
import { expectNoCanary } from '../helpers/canary.js';
import { scenarioPath } from '../helpers/scenario.js';
import { serverEnv, stdioClient, tempHistoryDir, textOf } from './client.js';

describe('MCP drill-downs: diff_resource and get_trace_history deployer', () => {
  let client: Client;
  beforeAll(async () => {
    client = await stdioClient(
      ['--snapshot', scenarioPath('drift'), '--snapshot', scenarioPath('helm-revisions')],
      serverEnv(tempHistoryDir()),
    );
  });
  afterAll(async () => {
    await client?.close();
  });

  it('diff_resource finds "web" and names the edited fields, the managers and the times', async () => {
    const result = await client.callTool({
      name: 'diff_resource',
      arguments: { resource: 'web', namespace: 'drift', context: 'drift' },
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    const { diff } = DiffOutputSchema.parse(result.structuredContent);
    expect(diff.desiredSource).toBe('helm-release');
    expect(diff.changes.map((c) => [c.path, c.writer?.manager, c.writer?.time])).toEqual([
      ['spec.replicas', 'kubectl', undefined],
      ['spec.template.spec.containers[name=web].image', 'kubectl-edit', '2026-11-27T14:05:00Z'],
    ]);
    expect(textOf(result)).toContain('DRIFT');
    for (const resource of ['secret/web-creds', 'configmap/web-config']) {
      const r = await client.callTool({
        name: 'diff_resource',
        arguments: { resource, namespace: 'drift', context: 'drift' },
      });
      expect(r.isError, textOf(r)).toBeFalsy();
      expectNoCanary(JSON.stringify(r), `diff_resource ${resource}`);
    }
  });

  it('diff_resource: an unknown object is an error result of one line', async () => {
    const result = await client.callTool({
      name: 'diff_resource',
      arguments: { resource: 'deployment/nope', context: 'drift' },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Deployment\/nope not found in namespace|not found/);
    expect(textOf(result).split('\n')).toHaveLength(1);
  });

  it('get_trace_history with deployer: true lists the Helm revisions next to the saved traces', async () => {
    await client.callTool({
      name: 'trace_resource',
      arguments: { resource: 'deployment/shop-web', namespace: 'shop', context: 'helm-revisions' },
    });
    const result = await client.callTool({
      name: 'get_trace_history',
      arguments: { resource: 'shop/deployment/shop-web', deployer: true, context: 'helm-revisions' },
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    const structured = HistoryOutputSchema.parse(result.structuredContent);
    const events = structured.deployer?.events ?? [];
    expect(events.map((e) => [e.type, e.revision])).toEqual([
      ['trace', 'revision 2'],
      ['deploy', 'revision 3'],
      ['deploy', 'revision 2'],
      ['deploy', 'revision 1'],
    ]);
    expect(textOf(result)).toContain('revision 3 applied');
    expectNoCanary(JSON.stringify(result), 'get_trace_history deployer');
    const without = await client.callTool({ name: 'get_trace_history', arguments: { deployer: true } });
    expect(without.isError).toBe(true);
  });
});
