// The MCP server against the live test bed (a real kube-apiserver, started by
// test/setup/testbed.ts): trace_resource with `context` reads the cluster as the read-only user and
// agrees with the offline trace of the same objects; list_contexts probes the real server. The
// objects are the demo's broken chain moved to namespaces of their own, so that this file can run
// without touching the namespaces of the other live suites. Run from test/live/live.test.ts, before
// the audit check, which so also proves that the MCP server only reads. Without a test bed it fails
// with why.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { ContextsOutputSchema } from '../../server/mcp/cluster-tools.js';
import { TraceOutputSchema } from '../../server/mcp/trace-tools.js';
import { TraceResultSchema } from '../../shared/model/trace-result.js';
import { type LoadedScenario, loadScenario } from '../helpers/fixtures.js';
import { DEMO_DIR } from '../helpers/scenario.js';
import { comparable } from '../live/compare.js';
import { testbed, traceSnapshot } from '../live/testbed.js';
import { serverEnv, stdioClient, tempHistoryDir, textOf } from './client.js';

/** The demo's broken chain (its Flux objects and the nginx Deployment with its Service), renamed
 * into namespaces only this file uses. */
function isolatedDemo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-mcp-live-'));
  const keep = (doc: { kind?: string; metadata?: { name?: string } }) =>
    doc.kind !== 'ReplicaSet' && doc.kind !== 'Pod' && !!doc.metadata?.name?.startsWith('nginx');
  for (const file of ['flux-system.yaml', 'apps.yaml']) {
    let docs = parseAllDocuments(readFileSync(join(DEMO_DIR, file), 'utf8')).map((d) => d.toJS());
    if (file === 'apps.yaml') docs = docs.filter(keep);
    const text = docs
      .map((d) => stringify(d))
      .join('---\n')
      .replaceAll('flux-system', 'mcp-flux')
      .replace(/\b(namespace|targetNamespace): demo\b/g, '$1: mcp-demo')
      .replace(/\bid: demo_/g, 'id: mcp-demo_')
      .replaceAll('_demo__Namespace', '_mcp-demo__Namespace');
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

export function mcpLiveSuite(): void {
  describe('live: cub-scout mcp against the test bed', () => {
    let dir = '';
    let loaded: LoadedScenario | undefined;
    let client: Client | undefined;

    beforeAll(async () => {
      const tb = testbed();
      dir = isolatedDemo();
      loaded = await loadScenario(dir, tb.kubeconfig, tb.adminContext);
      client = await stdioClient([], serverEnv(tempHistoryDir(), { KUBECONFIG: tb.kubeconfig }));
    }, 120_000);

    afterAll(async () => {
      await client?.close();
      await loaded?.unload();
    }, 120_000);

    it('trace_resource with context finds "nginx" and explains the broken chain like the offline trace', async () => {
      const tb = testbed();
      const result = await (client as Client).callTool({
        name: 'trace_resource',
        arguments: { resource: 'nginx', context: tb.readonlyContext },
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      const live = TraceResultSchema.parse(TraceOutputSchema.parse(result.structuredContent).trace);
      expect(live.object).toMatchObject({ kind: 'Deployment', name: 'nginx', namespace: 'mcp-demo' });
      expect(live.source).toBe(`context ${tb.readonlyContext}`);
      const offline = await traceSnapshot(dir, {
        kind: 'deployment',
        name: 'nginx',
        namespace: 'mcp-demo',
        line: '',
      });
      expect(comparable(live)).toEqual(comparable(offline));
      const text = textOf(result);
      expect(text).toContain('Kustomization/apps');
      expect(text).toContain('path not found');
      expect(text).toMatch(/running revision:\s+main@sha1:abc123/);
      expect(text).toMatch(/expected revision:\s+main@sha1:def456/);
    });

    it('list_contexts shows the test bed contexts as reachable', async () => {
      const tb = testbed();
      const result = await (client as Client).callTool({ name: 'list_contexts', arguments: {} });
      const { contexts } = ContextsOutputSchema.parse(result.structuredContent);
      const readonly = contexts.find((c) => c.name === tb.readonlyContext);
      expect(readonly).toMatchObject({ server: tb.server, reachable: true });
      expect(readonly?.version).toMatch(/^v\d/); // the server's gitVersion (a dev build here)
    });

    it('reports an unknown context as a one-line tool error', async () => {
      const tb = testbed();
      const result = await (client as Client).callTool({
        name: 'trace_resource',
        arguments: { resource: 'nginx', context: 'no-such-context' },
      });
      expect(result.isError).toBe(true);
      // The clusters are the kubeconfig's contexts, fixed at start: the error names them.
      expect(textOf(result)).toMatch(/^unknown cluster "no-such-context": choose one of /);
      expect(textOf(result)).toContain(tb.readonlyContext);
      expect(textOf(result).trim().split('\n')).toHaveLength(1);
    });
  });
}
