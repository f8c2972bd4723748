// The drill-downs an assistant gets over MCP, on a snapshot: get_workload_logs (bounded, the
// Pending pod's reason), the Events of the failing links inside trace_resource's answer, and the
// FluxReport in list_pipelines.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelinesOutputSchema } from '../../server/mcp/batch-tools.js';
import { TraceOutputSchema } from '../../server/mcp/trace-tools.js';
import { WorkloadLogsSchema } from '../../shared/model/drilldowns.js';
import { expectNoCanary } from '../helpers/canary.js';
import { drillObjects, fluxReportObject } from '../helpers/drill-cluster.js';
import { serverEnv, stdioClient, tempHistoryDir, textOf } from './client.js';

describe('MCP drill-downs', () => {
  let client: Client;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-mcp-drill-'));
    const file = join(dir, 'cluster.json');
    const items = [...drillObjects(), fluxReportObject()];
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    client = await stdioClient(['--snapshot', file], serverEnv(tempHistoryDir()));
  });
  afterAll(async () => {
    await client?.close();
  });

  it('trace_resource on a broken chain carries the failing links’ Events, and only theirs', async () => {
    const result = await client.callTool({
      name: 'trace_resource',
      arguments: { resource: 'deployment/api', namespace: 'shop' },
    });
    expect(result.isError).toBeFalsy();
    const structured = TraceOutputSchema.parse(result.structuredContent);
    expect(structured.trace?.diagnosis.healthy).toBe(false);
    expect(structured.events?.links.map((l) => `${l.kind}/${l.name}`)).toEqual(['Kustomization/apps']);
    expect(structured.events?.links[0]?.events[0]).toMatchObject({
      type: 'Warning',
      reason: 'BuildFailed',
      count: 5,
    });
    expect(textOf(result)).toMatch(/EVENTS\nKustomization\/apps -n flux-system\n {2}Warning {2}BuildFailed/);
    expectNoCanary(JSON.stringify(result), 'trace_resource');
  });

  it('get_workload_logs: the pods of a workload by name alone, the Pending one with its reason', async () => {
    const result = await client.callTool({
      name: 'get_workload_logs',
      arguments: { resource: 'api', namespace: 'shop' },
    });
    expect(result.isError).toBeFalsy();
    const logs = WorkloadLogsSchema.parse(result.structuredContent);
    expect(logs.object).toMatchObject({ kind: 'Deployment', name: 'api', namespace: 'shop' });
    expect(logs.tailLines).toBe(30);
    expect(logs.limitBytes).toBe(8192);
    expect(logs.pods.map((p) => p.name)).toEqual(['api-new-a', 'api-old-b']);
    expect(logs.pods[1]?.waiting).toMatch(/^Pending: not scheduled to a node \(Unschedulable: 0\/3 nodes/);
    expect(textOf(result)).toContain('restarted 2 times, last ended Error (exit code 1)');
    expectNoCanary(JSON.stringify(result), 'get_workload_logs');
  });

  it('get_workload_logs refuses what has no pods, in one line', async () => {
    const result = await client.callTool({
      name: 'get_workload_logs',
      arguments: { resource: 'ks/apps', namespace: 'flux-system' },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^Kustomization apps runs no pods; logs are read from a Pod or a workload/,
    );
  });

  it('list_pipelines carries the FluxReport', async () => {
    const result = await client.callTool({ name: 'list_pipelines', arguments: {} });
    expect(result.isError).toBeFalsy();
    const report = PipelinesOutputSchema.parse(result.structuredContent);
    expect(report.flux).toMatchObject({ version: 'v2.7.3', managedBy: 'flux-operator' });
    expect(textOf(result)).toContain('FLUX  v2.7.3');
  });
});
