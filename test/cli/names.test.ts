// Issue 10 item 12: `.` and `..` are no Kubernetes names or namespaces. `cm/..` made the live
// reader request /api/v1/namespaces/demo/ (the namespace itself); every face refuses them with
// one line and exit 2 before any request names them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { type FakeApiServer, startFakeApiServer } from '../helpers/fake-apiserver.js';
import { serverEnv, stdioClient, tempHistoryDir, textOf } from '../mcp/client.js';

describe('names and namespaces . and ..', () => {
  let server: FakeApiServer;
  let kubeconfig: string;
  beforeAll(async () => {
    server = await startFakeApiServer();
    kubeconfig = server.kubeconfig(mkdtempSync(join(tmpdir(), 'cub-scout-names-')));
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    [['trace', 'cm/..', '-n', 'demo']],
    [['trace', 'cm', '.', '-n', 'demo']],
    [['trace', 'cm/cm-1', '-n', '..']],
    [['trace', 'cm/cm-1', '-n', '.']],
    [['pipelines', '-n', '..']],
    [['scan', '-n', '..']],
    [['snapshot', '-n', '..', '-o', join(tmpdir(), 'never-written.yaml')]],
  ])('%j: exit 2, one line, no request names it', async (args) => {
    const before = server.requests.length;
    const { stdout, stderr, exitCode } = await cli([...args, '--kubeconfig', kubeconfig]);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: invalid (name|namespace) "\.\.?": may not be "\." or "\.\."$/);
    const paths = server.requests.slice(before).map((r) => r.path);
    expect(paths.filter((p) => /\/\.\.?(\/|$)/.test(p) || p.endsWith('/'))).toEqual([]);
  });

  it('a valid name still traces (the check refuses only what Kubernetes refuses)', async () => {
    const { exitCode } = await cli(['trace', 'cm/cm-1', '-n', 'demo', '--kubeconfig', kubeconfig]);
    expect(exitCode).toBe(0);
  });

  describe('MCP trace_resource', () => {
    let client: Client;
    beforeAll(async () => {
      client = await stdioClient(['--demo'], serverEnv(tempHistoryDir()));
    });
    afterAll(async () => {
      await client?.close();
    });

    it('refuses .. as a name or a namespace with a one-line tool error', async () => {
      for (const args of [
        { resource: 'cm/..', namespace: 'demo' },
        { resource: 'deployment/nginx', namespace: '..' },
      ]) {
        const result = await client.callTool({ name: 'trace_resource', arguments: args });
        expect(result.isError).toBe(true);
        expect(textOf(result)).toMatch(/^invalid (name|namespace) "\.\.": may not be "\." or "\.\."$/);
      }
    });
  });
});
