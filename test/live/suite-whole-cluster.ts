// The whole-cluster view on a live scenario: batch tracing, pipelines and scan must agree with
// single traces, as they do offline (test/unit/batch, pipelines, scan). Only the scenario's own
// objects are compared: the live cluster also holds what the API server and its controllers make
// (default ServiceAccounts, kube-root-ca.crt, ReplicaSets and Pods), which the YAML does not.
import { expect, it } from 'vitest';
import { Engine } from '../../shared/engine.js';
import type { TraceResult } from '../../shared/model/trace-result.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import { type ClusterReader, groupOf, type KubeObject } from '../../shared/reader/types.js';
import type { Finding } from '../../shared/scan/model.js';
import { comparable } from './compare.js';
import { NOW } from './testbed.js';

const WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod']);

function key(o: { apiVersion: string; kind: string; name: string; namespace?: string | undefined }): string {
  return `${groupOf(o.apiVersion)}/${o.kind}/${o.namespace ?? ''}/${o.name}`;
}

function objectRef(o: KubeObject) {
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace };
}

/** A finding as the test bed's controllers cannot change it: rule and GitOps link (workload health aside). */
function gitopsFinding(f: Finding): string | undefined {
  if (!f.link || WORKLOADS.has(f.link.kind)) return undefined;
  return `${f.ruleId} ${f.link.kind}/${f.link.namespace ?? ''}/${f.link.name}`;
}

export function wholeClusterChecks(dir: string, reader: () => ClusterReader): void {
  it('batch tracing of the live cluster equals single live traces, object by object', async () => {
    const scenario = new Set((await SnapshotReader.load(dir)).allObjects().map((o) => key(objectRef(o))));
    const batch = await new Engine(reader()).traceAll({ now: NOW });
    const mine = batch.results.filter((r) => scenario.has(key(r.object)));
    expect(mine.length).toBeGreaterThan(0);
    for (const result of mine) {
      const o = result.object;
      // A fresh engine per object: the single trace reads only what it needs.
      const alone: TraceResult = await new Engine(reader()).traceRef(o, { now: NOW });
      expect(comparable(result), `${o.kind}/${o.name} -n ${o.namespace ?? ''}`).toEqual(comparable(alone));
    }
  }, 180_000);

  it('pipelines and scan of the live cluster agree with the offline ones', async () => {
    const live = new Engine(reader());
    const offline = await Engine.open({ snapshot: dir });
    const [livePipes, offlinePipes] = await Promise.all([
      live.pipelines({ now: NOW, traces: true }),
      offline.pipelines({ now: NOW, traces: true }),
    ]);
    const levels = (report: typeof livePipes) =>
      Object.fromEntries(
        report.pipelines.map((p) => [p.id, p.levels.map((l) => `${l.kind}/${l.namespace ?? ''}/${l.name}`)]),
      );
    const offlineLevels = levels(offlinePipes);
    expect(levels(livePipes)).toMatchObject(offlineLevels);

    const [liveScan, offlineScan] = await Promise.all([live.scan({ now: NOW }), offline.scan({ now: NOW })]);
    const findings = (report: typeof liveScan) =>
      [...new Set(report.findings.map(gitopsFinding).filter((f): f is string => f !== undefined))].sort();
    expect(findings(liveScan)).toEqual(findings(offlineScan));
    await offline.close();
  }, 180_000);
}
