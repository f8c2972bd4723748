// Logs and FluxReport against the real kube-apiserver of the test bed, read as the read-only user.
// The bed has no kubelet and no scheduler, so a Deployment's pod (made by the real deployment and
// replicaset controllers) stays Pending: its logs answer says there are none yet and why. For real
// log bytes, a Node is registered whose kubelet endpoint is a small HTTPS server of this test: the
// API server itself proxies pods/<name>/log to it, with the tailLines and limitBytes we send.
// (Events of a failing Kustomization, written by the real kustomize-controller, are in
// flux-real.test.ts.)
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workloadLogs } from '../../shared/drill/logs.js';
import { Engine } from '../../shared/engine.js';
import type { ClusterReader, KubeObject } from '../../shared/reader/types.js';
import { expectNoCanary } from '../helpers/canary.js';
import { cli } from '../helpers/cli.js';
import { fluxReportObject } from '../helpers/drill-cluster.js';
import { AdminClient } from '../helpers/fixtures.js';
import { readonlyReader, testbed } from './testbed.js';

const NS = 'drill';
const NODE = 'drill-fake-kubelet';

export function drilldownSuite(): void {
  describe('live: logs and FluxReport', () => {
    let admin: AdminClient;
    let reader: ClusterReader;
    let kubelet: Server | undefined;
    const kubeletAsked: URL[] = [];
    let createdFluxSystem = false;

    beforeAll(async () => {
      const tb = testbed();
      admin = new AdminClient(tb.kubeconfig, tb.adminContext);
      reader = await readonlyReader();
      await admin.expect('POST', '/api/v1/namespaces', { metadata: { name: NS } }, [201, 409], 'namespace');
      await admin.expect(
        'POST',
        `/apis/apps/v1/namespaces/${NS}/deployments`,
        {
          metadata: { name: 'pending-api' },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: 'pending-api' } },
            template: {
              metadata: { labels: { app: 'pending-api' } },
              spec: { containers: [{ name: 'api', image: 'registry.invalid/api:1' }] },
            },
          },
        },
        [201],
        'deployment',
      );
      // The deployment and replicaset controllers make the ReplicaSet and the Pod.
      await waitFor(async () => {
        const pods = await admin.request(
          'GET',
          `/api/v1/namespaces/${NS}/pods?labelSelector=app%3Dpending-api`,
        );
        return pods.body?.items?.length === 1;
      }, 'the Deployment’s pod');
      kubelet = await startFakeKubelet(tb.stateDir as string, kubeletAsked);
      await registerNodeAndRunningPod(admin, (kubelet.address() as AddressInfo).port);
    }, 120_000);

    afterAll(async () => {
      // A pod bound to a node waits for its kubelet to confirm a graceful delete: none will.
      await admin?.request('DELETE', `/api/v1/namespaces/${NS}/pods/logger?gracePeriodSeconds=0`);
      await admin?.request('DELETE', `/api/v1/nodes/${NODE}`);
      await admin?.request('DELETE', `/api/v1/namespaces/${NS}`);
      await admin?.request(
        'DELETE',
        '/apis/fluxcd.controlplane.io/v1/namespaces/flux-system/fluxreports/flux',
      );
      if (createdFluxSystem) await admin?.request('DELETE', '/api/v1/namespaces/flux-system');
      await reader?.close?.();
      await new Promise<void>((resolve) => (kubelet ? kubelet.close(() => resolve()) : resolve()));
    }, 60_000);

    it('a Pending pod of a Deployment: no logs yet, and why (not scheduled)', async () => {
      const logs = await workloadLogs(reader, 'deployment', 'pending-api', NS);
      expect(logs.pods).toHaveLength(1);
      const [pod] = logs.pods;
      expect(pod?.name).toMatch(/^pending-api-[a-z0-9]+-[a-z0-9]+$/);
      expect(pod?.phase).toBe('Pending');
      expect(pod?.waiting).toBe(
        'Pending: not scheduled to a node yet (no scheduler has placed it; no conditions reported)',
      );
      expect(pod?.containers).toEqual([
        expect.objectContaining({
          container: 'api',
          lines: [],
          note: 'no logs yet: the pod has not started any container',
        }),
      ]);
      const tb = testbed();
      const r = await cli(['logs', 'deploy/pending-api', '-n', NS, '--context', tb.readonlyContext], {
        KUBECONFIG: tb.kubeconfig,
      });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain('no logs yet: Pending: not scheduled to a node yet');
    });

    it('a running pod: the API server proxies pods/log to the node’s kubelet with our bounds', async () => {
      kubeletAsked.length = 0;
      const logs = await workloadLogs(reader, 'pod', 'logger', NS, { tailLines: 3, limitBytes: 2048 });
      const [app] = logs.pods[0]?.containers ?? [];
      expect(app).toMatchObject({
        container: 'app',
        restarts: 1,
        lastTermination: 'OOMKilled (exit code 137) at 2026-11-28T00:50:00Z',
        lines: ['log line 8', 'log line 9', 'log line 10'],
        truncated: true,
      });
      expect(
        kubeletAsked.map((u) => [
          u.pathname,
          u.searchParams.get('tailLines'),
          u.searchParams.get('limitBytes'),
        ]),
      ).toEqual([[`/containerLogs/${NS}/logger/app`, '3', '2048']]);
      const previous = await workloadLogs(reader, 'pod', 'logger', NS, { previous: true });
      expect(previous.pods[0]?.containers[0]?.lines).toEqual(['previous instance: out of memory']);
      expect(kubeletAsked.at(-1)?.searchParams.get('previous')).toBe('true');
    });

    it('FluxReport present: the pipelines report, its text and JSON carry it', async () => {
      const tb = testbed();
      const ns = await admin.expect(
        'POST',
        '/api/v1/namespaces',
        { metadata: { name: 'flux-system' } },
        [201, 409],
        'ns',
      );
      createdFluxSystem = ns.status === 201;
      const report = fluxReportObject();
      const { status, ...body } = report;
      await admin.expect(
        'POST',
        '/apis/fluxcd.controlplane.io/v1/namespaces/flux-system/fluxreports',
        body,
        [201],
        'FluxReport',
      );
      const created = await admin.request(
        'GET',
        '/apis/fluxcd.controlplane.io/v1/namespaces/flux-system/fluxreports/flux',
      );
      await admin.expect(
        'PUT',
        '/apis/fluxcd.controlplane.io/v1/namespaces/flux-system/fluxreports/flux/status',
        { ...created.body, status },
        [200],
        'FluxReport status',
      );
      const pipelines = await new Engine(reader).pipelines();
      expect(pipelines.flux).toMatchObject({ report: 'flux-system/flux', version: 'v2.7.3', ready: true });
      expect(pipelines.warnings.filter((w) => /FluxReport/.test(w))).toEqual([]);
      const env = { KUBECONFIG: tb.kubeconfig };
      const text = await cli(['pipelines', '--context', tb.readonlyContext], env);
      expect(text.exitCode, text.stderr).toBe(0);
      expect(text.stdout).toContain(
        'FLUX  v2.7.3 (Issued by controlplane)  ·  managed by flux-operator  ·  1/2 components ready',
      );
      const json = await cli(['pipelines', '-o', 'json', '--context', tb.readonlyContext], env);
      expect(JSON.parse(json.stdout).flux.reconcilers).toHaveLength(3);
    });

    it('FluxReport absent (the CRD served, no object): nothing printed, no warning', async () => {
      await admin.request(
        'DELETE',
        '/apis/fluxcd.controlplane.io/v1/namespaces/flux-system/fluxreports/flux',
      );
      await waitFor(async () => {
        const r = await admin.request(
          'GET',
          '/apis/fluxcd.controlplane.io/v1/namespaces/flux-system/fluxreports/flux',
        );
        return r.status === 404;
      }, 'the FluxReport gone');
      const tb = testbed();
      const text = await cli(['pipelines', '--context', tb.readonlyContext], { KUBECONFIG: tb.kubeconfig });
      expect(text.exitCode, text.stderr).toBe(0);
      expect(text.stdout).not.toContain('FLUX');
      expect(text.stdout).not.toMatch(/FluxReport/);
      expectNoCanary(text.stdout, 'pipelines');
    });
  });
}

/** An HTTPS server that answers the kubelet's containerLogs endpoint, with the API server's own
 * certificate (the API server does not verify a kubelet's certificate without a kubelet CA). */
function startFakeKubelet(stateDir: string, asked: URL[]): Promise<Server> {
  const certs = join(stateDir, 'certs');
  const server = createServer(
    { cert: readFileSync(join(certs, 'apiserver.crt')), key: readFileSync(join(certs, 'apiserver.key')) },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://kubelet');
      asked.push(url);
      if (url.searchParams.get('previous') === 'true') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return void res.end('previous instance: out of memory\n');
      }
      const tail = Number(url.searchParams.get('tailLines') ?? '10');
      const lines = Array.from({ length: 10 }, (_, i) => `log line ${i + 1}`).slice(-tail);
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(`${lines.join('\n')}\n`);
    },
  );
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A Node whose kubelet is the fake one, and a pod bound to it whose status says it runs (as a
 * kubelet would write it), after one OOM-killed restart. */
async function registerNodeAndRunningPod(admin: AdminClient, port: number): Promise<void> {
  const node: KubeObject = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: NODE },
    status: {
      addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
      daemonEndpoints: { kubeletEndpoint: { Port: port } },
    },
  };
  const created = await admin.expect('POST', '/api/v1/nodes', node, [201], 'node');
  await admin.expect(
    'PUT',
    `/api/v1/nodes/${NODE}/status`,
    { ...created.body, status: node.status },
    [200],
    'node status',
  );
  const pod = await admin.expect(
    'POST',
    `/api/v1/namespaces/${NS}/pods`,
    {
      metadata: { name: 'logger' },
      spec: { nodeName: NODE, containers: [{ name: 'app', image: 'registry.invalid/app:1' }] },
    },
    [201],
    'pod',
  );
  await admin.expect(
    'PUT',
    `/api/v1/namespaces/${NS}/pods/logger/status`,
    {
      ...pod.body,
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            image: 'registry.invalid/app:1',
            imageID: '',
            ready: true,
            restartCount: 1,
            state: { running: { startedAt: '2026-11-28T00:51:00Z' } },
            lastState: {
              terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: '2026-11-28T00:50:00Z' },
            },
          },
        ],
      },
    },
    [200],
    'pod status',
  );
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
