// The logs, Events and FluxReport drill-downs offline (a snapshot) and against a fake API server
// that serves pods/<name>/log (the live suite reads real Events and a Pending pod from the real
// kube-apiserver; see test/live/suite-drilldowns.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCachedEngine } from '../../shared/cache/disk-cache.js';
import { readChainEvents, summarizeEvents } from '../../shared/drill/events.js';
import { workloadLogs } from '../../shared/drill/logs.js';
import { Engine } from '../../shared/engine.js';
import { CubScoutError } from '../../shared/errors/index.js';
import { renderPipelinesText } from '../../shared/pipelines/render.js';
import { openLiveReader } from '../../shared/reader/live.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import type { ClusterReader, KubeObject } from '../../shared/reader/types.js';
import { renderEventsText } from '../../shared/render/events.js';
import { renderLogsText } from '../../shared/render/logs.js';
import { CANARY, CANARY_BASE64, expectNoCanary } from '../helpers/canary.js';
import { cli } from '../helpers/cli.js';
import { DRILL_NOW, drillObjects, fluxReportObject } from '../helpers/drill-cluster.js';
import { type FakeApiServer, startFakeApiServer } from '../helpers/fake-apiserver.js';

const snapshot = (extra: KubeObject[] = []) =>
  SnapshotReader.fromObjects([...drillObjects(), ...extra], 'drill');

describe('Events of a chain', () => {
  it('kubectl-describe style: warnings first, the same event counted once, only the link’s own', async () => {
    const reader = snapshot();
    const trace = await new Engine(reader).trace('deployment', 'api', 'shop', { now: DRILL_NOW });
    expect(trace.chain.map((l) => `${l.kind}/${l.name}`)).toContain('Kustomization/apps');
    const events = await readChainEvents(reader, trace.chain);
    expect(events.warnings).toEqual([]);
    const ks = events.links.find((l) => l.kind === 'Kustomization');
    expect(ks?.events.map((e) => [e.type, e.reason, e.count])).toEqual([
      ['Warning', 'BuildFailed', 5],
      ['Normal', 'ReconciliationSucceeded', 1],
    ]);
    expect(ks?.events[0]).toMatchObject({
      from: 'kustomize-controller',
      firstSeen: '2026-11-28T00:20:00Z',
      lastSeen: '2026-11-28T00:58:00Z',
    });
    const text = renderEventsText(events, undefined, DRILL_NOW);
    expect(text).toContain('Kustomization/apps -n flux-system');
    expect(text).toMatch(
      /Warning {2}BuildFailed {2}2m ago \(x5 over 40m\) {2}kustomize-controller {2}kustomization path not found/,
    );
    expect(text).not.toContain('not about the Kustomization');
  });

  it('bounded: per link, messages cut, only failing links when asked', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `api.${i}`, namespace: 'shop' },
      involvedObject: { kind: 'Deployment', name: 'api', namespace: 'shop' },
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: `Scaled up replica set api-${i} to 1 ${'x'.repeat(1000)}`,
      count: 1,
      lastTimestamp: `2026-11-28T00:${String(i + 10).padStart(2, '0')}:00Z`,
    }));
    const reader = snapshot(many);
    const trace = await new Engine(reader).trace('deployment', 'api', 'shop', { now: DRILL_NOW });
    const all = await readChainEvents(reader, trace.chain, { perLink: 4, messageChars: 50 });
    const deployment = all.links.find((l) => l.kind === 'Deployment');
    expect(deployment?.events).toHaveLength(4);
    expect(deployment?.omitted).toBe(26);
    expect(deployment?.events[0]?.message).toHaveLength(51); // 50 and an ellipsis
    expect(deployment?.events[0]?.message).toContain('api-29'); // the newest first
    const failing = await readChainEvents(reader, trace.chain, { unhealthyOnly: true });
    expect(failing.links.map((l) => l.kind)).toEqual(['Kustomization']);
  });

  it('an Events list the user may not read is one warning, not a failure', async () => {
    const reader = forbidding(snapshot(), 'Event');
    const trace = await new Engine(snapshot()).trace('deployment', 'api', 'shop', { now: DRILL_NOW });
    const events = await readChainEvents(reader, trace.chain);
    expect(events.links).toEqual([]);
    expect(events.warnings).toHaveLength(1);
    expect(events.warnings[0]).toMatch(/^Events not read: cannot list events: forbidden/);
  });

  it('events.k8s.io/v1 fields (note, series, reportingController) read like core/v1 ones', () => {
    const [e] = summarizeEvents([
      {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: 'x' },
        type: 'Warning',
        reason: 'OutOfSync',
        note: 'app is out of sync',
        reportingController: 'argocd-application-controller',
        series: { count: 7, lastObservedTime: '2026-11-28T00:59:00Z' },
        eventTime: '2026-11-28T00:00:00Z',
      },
    ]);
    expect(e).toMatchObject({
      reason: 'OutOfSync',
      message: 'app is out of sync',
      count: 7,
      from: 'argocd-application-controller',
      lastSeen: '2026-11-28T00:59:00Z',
    });
  });

  it('trace -o wide prints the Events below the chain (offline); text and json outputs do not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-drill-'));
    const file = join(dir, 'cluster.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: drillObjects() }));
    const wide = await cli([
      'trace',
      'deploy/api',
      '-n',
      'shop',
      '--snapshot',
      file,
      '-o',
      'wide',
      '--no-history',
    ]);
    expect(wide.exitCode, wide.stderr).toBe(0);
    expect(wide.stdout).toMatch(
      /\nEVENTS\nKustomization\/apps -n flux-system\n {2}Warning {2}BuildFailed {2}\S+ ago \(x5 over \S+\) {2}kustomize-controller/,
    );
    const plain = await cli(['trace', 'deploy/api', '-n', 'shop', '--snapshot', file, '--no-history']);
    expect(plain.stdout).not.toContain('EVENTS');
    for (const r of [wide, plain]) expectNoCanary(r.stdout + r.stderr, 'trace');
  });
});

describe('logs of a workload', () => {
  it('offline: the Deployment’s pods through its ReplicaSets, newest first; a Pending pod says why; no logs in a snapshot', async () => {
    const logs = await workloadLogs(snapshot(), 'deploy', 'api', 'shop');
    expect(logs.pods.map((p) => p.name)).toEqual(['api-new-a', 'api-old-b']); // not the stray pod
    const [running, pending] = logs.pods;
    expect(running?.containers.map((c) => [c.container, c.restarts, c.note])).toEqual([
      ['app', 2, 'no logs in a snapshot'],
      ['sidecar', 0, 'no logs in a snapshot'],
    ]);
    expect(running?.containers[0]?.lastTermination).toBe('Error (exit code 1) at 2026-11-28T00:54:00Z');
    expect(pending?.waiting).toBe(
      'Pending: not scheduled to a node (Unschedulable: 0/3 nodes are available: 3 Insufficient cpu.)',
    );
    expect(logs.warnings).toEqual(['snapshot drill holds no logs: read them from a live cluster']);
    const text = renderLogsText(logs);
    expect(text).toContain('restarted 2 times, last ended Error (exit code 1) at 2026-11-28T00:54:00Z');
    expect(text).toContain('no logs yet: Pending: not scheduled to a node (Unschedulable');
  });

  it('a pod on a node whose container waits for its image: no logs yet, and the waiting reason', async () => {
    const logs = await workloadLogs(snapshot(), 'deployment', 'web', 'shop');
    expect(logs.pods[0]?.waiting).toBe(
      'Pending on node node-1: no container has started yet (web: waiting: ImagePullBackOff: Back-off pulling image "web:nope")',
    );
  });

  it('bad input: a kind without pods, an unknown container, a bound below 1', async () => {
    const reader = snapshot();
    await expect(workloadLogs(reader, 'ks', 'apps', 'flux-system')).rejects.toThrow(
      /Kustomization apps runs no pods/,
    );
    await expect(workloadLogs(reader, 'deploy', 'api', 'shop', { container: 'nope' })).rejects.toThrow(
      'no container "nope" in the pods of Deployment/api',
    );
    await expect(workloadLogs(reader, 'deploy', 'api', 'shop', { tailLines: 0 })).rejects.toBeInstanceOf(
      CubScoutError,
    );
    await expect(workloadLogs(reader, 'deploy', 'nope', 'shop')).rejects.toThrow(
      /Deployment\/nope not found/,
    );
  });

  describe('live reader against a fake API server', () => {
    let server: FakeApiServer;
    let reader: ClusterReader;
    const LINES = Array.from({ length: 80 }, (_, i) => `line ${i + 1}`);
    beforeAll(async () => {
      server = await startFakeApiServer({
        cluster: drillObjects(),
        logs: (pod, query) => {
          const container = query.get('container');
          if (pod !== 'api-new-a') return [400, `pod ${pod} does not have a host assigned`];
          if (container === 'app' && query.get('previous') === 'true') return [200, 'panic: nil map\n'];
          if (container === 'app') {
            const tail = Number(query.get('tailLines'));
            return [200, `${LINES.slice(-tail).join('\n')}\n`];
          }
          // The workload's own text, with a terminal escape that retitles the terminal.
          return [200, `\u001b]0;pwned\u0007hello from ${container}\n`];
        },
      });
      reader = await openLiveReader({
        kubeconfig: server.kubeconfig(mkdtempSync(join(tmpdir(), 'cub-scout-logs-'))),
      });
    });
    afterAll(async () => {
      await reader?.close?.();
      await server?.close();
    });

    it('each container’s tail, bounded by tailLines and limitBytes sent to the server', async () => {
      server.requests.length = 0;
      const logs = await workloadLogs(reader, 'deploy', 'api', 'shop', { tailLines: 20, limitBytes: 4096 });
      const app = logs.pods[0]?.containers[0];
      expect(app?.lines).toEqual(LINES.slice(-20));
      expect(app?.truncated).toBe(true);
      const asked = server.requests.filter((r) => r.path.endsWith('/log'));
      expect(
        asked.map((r) => [
          r.path,
          r.query.get('container'),
          r.query.get('tailLines'),
          r.query.get('limitBytes'),
        ]),
      ).toEqual([
        ['/api/v1/namespaces/shop/pods/api-new-a/log', 'app', '20', '4096'],
        ['/api/v1/namespaces/shop/pods/api-new-a/log', 'sidecar', '20', '4096'],
      ]);
      // The Pending pod is not asked: it has no node.
      expect(logs.pods[1]?.containers.every((c) => c.note?.startsWith('no logs yet'))).toBe(true);
      const text = renderLogsText(logs);
      expect(text).toContain('\\e]0;pwned\\ahello from sidecar');
      expect(text).not.toContain('\u001b');
      expect(text).not.toContain('\u0007');
    });

    it('--previous: the instance before the restart, and none for a container that never restarted', async () => {
      const logs = await workloadLogs(reader, 'pod', 'api-new-a', 'shop', { previous: true });
      expect(logs.pods[0]?.containers.map((c) => [c.container, c.lines, c.note])).toEqual([
        ['app', ['panic: nil map'], undefined],
        ['sidecar', [], 'no previous instance: the container has not restarted'],
      ]);
    });

    it('a server refusal is the container’s note, with the server’s message', async () => {
      const logs = await workloadLogs(reader, 'pod', 'stray', 'shop');
      expect(logs.pods[0]?.containers[0]?.note).toBe(
        'not readable: cannot read the log of pod shop/stray container app: pod stray does not have a host assigned',
      );
    });

    it('the CLI and its JSON never hold Secret data', async () => {
      const kubeconfig = server.kubeconfig(mkdtempSync(join(tmpdir(), 'cub-scout-logs-cli-')));
      for (const args of [
        ['logs', 'deploy/api', '-n', 'shop'],
        ['logs', 'deploy', 'api', '-n', 'shop', '-o', 'json', '--previous'],
      ]) {
        const r = await cli([...args, '--kubeconfig', kubeconfig]);
        expect(r.exitCode, r.stderr).toBe(0);
        expect(r.stdout).toContain('api-new-a');
        expectNoCanary(r.stdout + r.stderr, args.join(' '));
        expect(r.stdout).not.toContain(CANARY_BASE64);
        expect(r.stdout).not.toContain(CANARY);
      }
    });
  });
});

describe('FluxReport', () => {
  it('present: version, components, reconcilers and sync in the pipelines report and its text', async () => {
    const engine = new Engine(snapshot([fluxReportObject()]));
    const report = await engine.pipelines({ now: DRILL_NOW });
    expect(report.flux).toMatchObject({
      report: 'flux-system/flux',
      version: 'v2.7.3',
      managedBy: 'flux-operator',
      ready: true,
      sync: { id: 'kustomization/flux-system', ready: true },
    });
    expect(report.flux?.reconcilers.find((r) => r.kind === 'Kustomization')).toMatchObject({
      running: 4,
      failing: 1,
    });
    const text = renderPipelinesText(report);
    expect(text.split('\n').slice(2, 4)).toEqual([
      'FLUX  v2.7.3 (Issued by controlplane)  ·  managed by flux-operator  ·  1/2 components ready (not ready: source-controller)  ·  sync kustomization/flux-system ready',
      '      4 Kustomization (1 failing), 1 GitRepository',
    ]);
  });

  it('absent: nothing said, no warning', async () => {
    const report = await new Engine(snapshot()).pipelines({ now: DRILL_NOW });
    expect(report.flux).toBeUndefined();
    expect(report.warnings.filter((w) => /flux/i.test(w))).toEqual([]);
    expect(renderPipelinesText(report)).not.toContain('FLUX');
  });

  it('forbidden: one warning (the inventory’s), the pipelines still listed', async () => {
    const engine = new Engine(forbidding(snapshot([fluxReportObject()]), 'FluxReport'));
    const report = await engine.pipelines({ now: DRILL_NOW });
    expect(report.flux).toBeUndefined();
    expect(report.warnings.filter((w) => /FluxReport/.test(w))).toEqual([
      'cannot list FluxReport.fluxcd.controlplane.io: forbidden (RBAC); results that depend on it are incomplete',
    ]);
    expect(report.total).toBeGreaterThan(0);
  });

  it('a namespace-narrowed run still shows it', async () => {
    const report = await new Engine(snapshot([fluxReportObject()])).pipelines({
      namespace: 'shop',
      now: DRILL_NOW,
    });
    expect(report.flux?.version).toBe('v2.7.3');
  });

  it('a --cache hit answers it like the first run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-drill-cache-'));
    const file = join(dir, 'cluster.json');
    const items = [...drillObjects(), fluxReportObject()];
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    const answers = [];
    for (const expectHit of [false, true]) {
      const cached = await openCachedEngine({ snapshot: file }, 60, undefined, join(dir, 'cache'));
      expect(cached.hit).toBe(expectHit);
      answers.push((await cached.engine.pipelines({ now: DRILL_NOW })).flux);
      cached.save();
      await cached.engine.close();
    }
    expect(answers[0]?.version).toBe('v2.7.3');
    expect(answers[1]).toEqual(answers[0]);
  });
});

/** A reader that answers 403 for one kind, as a user without RBAC on it gets. */
function forbidding(inner: ClusterReader, kind: string): ClusterReader {
  const refuse = (verb: string, plural: string) =>
    Promise.reject(new CubScoutError('forbidden', `cannot ${verb} ${plural}: forbidden`));
  return {
    source: inner.source,
    resolveKind: (input) => inner.resolveKind(input),
    kindFor: (group, k) => inner.kindFor(group, k),
    get: (k, name, ns) => (k.kind === kind ? refuse('get', k.plural) : inner.get(k, name, ns)),
    list: (k, options) => (k.kind === kind ? refuse('list', k.plural) : inner.list(k, options)),
  };
}
