// Answers sized for an assistant, on a 10k-object cluster: the default answer of every
// whole-cluster call fits in about 20k tokens (80k characters, text and structured content
// together), unhealthy first, says what it left out, and the cursor gets the rest.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelinesOutputSchema, ScanOutputSchema } from '../../server/mcp/batch-tools.js';
import { bigClusterSnapshot } from './big-cluster.js';
import { serverEnv, stdioClient, tempHistoryDir, textOf } from './client.js';

const BUDGET = 80_000;

function size(result: unknown): number {
  const r = result as CallToolResult;
  return textOf(r).length + JSON.stringify(r.structuredContent ?? {}).length;
}

describe('cub-scout mcp answer sizes on a 10k-object cluster', () => {
  let client: Client;
  beforeAll(async () => {
    client = await stdioClient(
      ['--snapshot', bigClusterSnapshot(), '--no-history'],
      serverEnv(tempHistoryDir()),
    );
  }, 120_000);
  afterAll(async () => {
    await client?.close();
  });

  it('list_pipelines {}: one page within budget, unhealthy first, and a cursor to the rest', async () => {
    const first = await client.callTool({ name: 'list_pipelines', arguments: {} }, undefined, {
      timeout: 120_000,
    });
    expect(first.isError, textOf(first)).toBeFalsy();
    expect(size(first)).toBeLessThanOrEqual(BUDGET);
    const page = PipelinesOutputSchema.parse(first.structuredContent);
    expect(page.total).toBeGreaterThan(page.pipelines.length);
    const healthyAt = page.pipelines.findIndex((p) => p.healthy);
    if (healthyAt >= 0) expect(page.pipelines.slice(healthyAt).every((p) => p.healthy)).toBe(true);
    expect(page.pipelines[0]?.healthy).toBe(false);
    expect(page.omitted).toBe(page.total - page.pipelines.length);
    expect(page.nextCursor).toBeDefined();
    expect(page.more).toMatch(/cursor/);
    expect(textOf(first)).toContain(`cursor "${page.nextCursor}"`);

    const second = await client.callTool({ name: 'list_pipelines', arguments: { cursor: page.nextCursor } });
    const next = PipelinesOutputSchema.parse(second.structuredContent);
    expect(size(second)).toBeLessThanOrEqual(BUDGET);
    const seen = new Set(page.pipelines.map((p) => p.id));
    expect(next.pipelines.length).toBeGreaterThan(0);
    expect(next.pipelines.some((p) => seen.has(p.id))).toBe(false);
    expect(next.omitted).toBe(page.total - page.pipelines.length - next.pipelines.length);
  });

  it('list_pipelines {trace: true}: within budget, traces for unhealthy pipelines only unless asked', async () => {
    const traced = await client.callTool({ name: 'list_pipelines', arguments: { trace: true } });
    expect(size(traced)).toBeLessThanOrEqual(BUDGET);
    const page = PipelinesOutputSchema.parse(traced.structuredContent);
    expect(page.pipelines.some((p) => (p.traces?.length ?? 0) > 0)).toBe(true);
    expect(page.pipelines.filter((p) => p.healthy).every((p) => p.traces === undefined)).toBe(true);
    expect(page.omittedTraces).toBeGreaterThan(0);
    expect(page.more).toMatch(/traceHealthy/);

    // Healthy pipelines come after the unhealthy ones: start the page where they begin.
    const firstHealthy = String(page.total - page.healthy);
    const all = await client.callTool({
      name: 'list_pipelines',
      arguments: { trace: true, traceHealthy: true, cursor: firstHealthy },
    });
    expect(size(all)).toBeLessThanOrEqual(BUDGET);
    const healthy = PipelinesOutputSchema.parse(all.structuredContent).pipelines.filter((p) => p.healthy);
    expect(healthy.some((p) => (p.traces?.length ?? 0) > 0)).toBe(true);
  });

  it('scan_ccve {}: within budget, worst first, counts over every finding, cursor to the rest', async () => {
    const result = await client.callTool({ name: 'scan_ccve', arguments: { limit: 500 } });
    expect(size(result)).toBeLessThanOrEqual(BUDGET);
    const report = ScanOutputSchema.parse(result.structuredContent);
    const counted = report.counts.critical + report.counts.warning + report.counts.info;
    expect(counted).toBe(report.findings.length + report.omitted);
    const order = report.findings.map((f) => ['critical', 'warning', 'info'].indexOf(f.severity));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    if (report.omitted) expect(report.nextCursor).toBeDefined();
  });

  it('refuses a cursor it did not give, in one line', async () => {
    const result = await client.callTool({ name: 'list_pipelines', arguments: { cursor: 'abc' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^cursor "abc" is not one this server gave/);
  });
});
