// The desktop's drill-downs through the API dispatch (both transports call it): `logs` of a trace
// link's workload, the Events a trace answer carries for link details, the FluxReport on the
// overview, and `logs` refused for what runs no pods.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterCatalog } from '../../shared/cluster-catalog.js';
import type { Operation, ResponseOf } from '../../shared/desktop-api/contract.js';
import { ClusterEngines } from '../../shared/desktop-api/engines.js';
import { createHandlers, dispatch, type Handlers } from '../../shared/desktop-api/handlers.js';
import { expectNoCanary } from '../helpers/canary.js';
import { drillObjects, fluxReportObject } from '../helpers/drill-cluster.js';

describe('desktop drill-downs', () => {
  let handlers: Handlers;
  let engines: ClusterEngines;
  let cluster: string;

  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-desktop-drill-'));
    const file = join(dir, 'drill.json');
    writeFileSync(
      file,
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...drillObjects(), fluxReportObject()] }),
    );
    const catalog = new ClusterCatalog({ snapshots: [file], noContexts: true });
    engines = new ClusterEngines(catalog);
    cluster = catalog.defaultCluster as string;
    handlers = createHandlers({
      catalog,
      engines,
      history: undefined,
      electron: false,
      refreshIntervalSeconds: 30,
    });
  });
  afterAll(() => engines.close());

  async function call<O extends Operation>(op: O, payload: unknown): Promise<ResponseOf<O>> {
    const answer = await dispatch(handlers, op, payload);
    if (!answer.ok) throw new Error(`${op}: ${answer.error.error.code}: ${answer.error.error.message}`);
    return answer.value as ResponseOf<O>;
  }

  it('capabilities say logs are here', async () => {
    expect((await call('capabilities', {})).drilldowns.logs).toBe(true);
  });

  it('logs of a Deployment link: its pods, restarts, and why the Pending one has none', async () => {
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'shop' };
    const logs = await call('logs', { cluster, ref });
    expect(logs.pods.map((p) => [p.name, p.phase])).toEqual([
      ['api-new-a', 'Running'],
      ['api-old-b', 'Pending'],
    ]);
    expect(logs.pods[0]?.containers[0]).toMatchObject({ container: 'app', restarts: 2 });
    expect(logs.pods[1]?.waiting).toContain('Unschedulable');
    expect(logs.tailLines).toBe(200);
    expectNoCanary(JSON.stringify(logs), 'desktop logs');
  });

  it('logs of a Kustomization link: one clear line', async () => {
    const ref = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      name: 'apps',
      namespace: 'flux-system',
    };
    const answer = await dispatch(handlers, 'logs', { cluster, ref });
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.error.code).toBe('bad-input');
      expect(answer.error.error.message).toMatch(/^Kustomization apps runs no pods/);
    }
  });

  it('a trace carries the Events of its links for the link details', async () => {
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'shop' };
    const traced = await call('trace', { cluster, ref });
    const ks = traced.events?.links.find((l) => l.kind === 'Kustomization');
    expect(ks?.events.map((e) => [e.type, e.reason, e.count])).toEqual([
      ['Warning', 'BuildFailed', 5],
      ['Normal', 'ReconciliationSucceeded', 1],
    ]);
  });

  it('the overview carries the FluxReport for the context header', async () => {
    const overview = await call('overview', { cluster });
    expect(overview.flux).toMatchObject({ version: 'v2.7.3', components: expect.any(Array) });
  });
});
