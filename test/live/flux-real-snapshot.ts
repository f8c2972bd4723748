// Saving what the real controllers wrote as a snapshot scenario (test/scenarios/flux-real), so the
// offline unit tests check the same state. Taken as the read-only user with `cub-scout snapshot`'s
// writer (no Secret data), kept to the suite's namespaces, minus what the API server makes for
// every namespace.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLiveReader } from '../../shared/reader/live.js';
import { takeSnapshot, writeSnapshot } from '../../shared/snapshot-writer.js';
import type { TestbedInfo } from '../setup/testbed-process.js';

const NAMESPACES = new Set(['flux-system', 'web', 'stale', 'keep', 'infra', 'hello', 'hello-git']);

/** What the scenario's trace.list names: the objects the suite checks. */
const TRACE_LIST = [
  'deployment/web -n web',
  'kustomization/web -n flux-system',
  'helmrelease/hello -n flux-system',
  'helmchart/flux-system-hello -n flux-system',
  'secret/sh.helm.release.v1.hello.v1 -n flux-system',
  'helmrelease/hello-git -n flux-system',
  'helmrelease/hello-bad -n flux-system',
  'kustomization/infra -n flux-system',
  'gitrepository/moved -n flux-system',
  'kustomization/apps -n flux-system',
  'configmap/stale-config -n stale',
  'configmap/keep-a -n keep',
  'configmap/keep-b -n keep',
];

export async function writeFluxRealSnapshot(info: TestbedInfo, dir: string): Promise<number> {
  const reader = await openLiveReader({ kubeconfig: info.kubeconfig, context: info.readonlyContext });
  try {
    const snapshot = await takeSnapshot(reader);
    snapshot.objects = snapshot.objects.filter((o) => {
      const ns = o.kind === 'Namespace' ? o.metadata.name : o.metadata.namespace;
      if (!ns || !NAMESPACES.has(ns)) return false;
      if (o.kind === 'ConfigMap' && o.metadata.name === 'kube-root-ca.crt') return false;
      if (o.kind === 'ServiceAccount' && o.metadata.name === 'default') return false;
      return true;
    });
    mkdirSync(dir, { recursive: true });
    await writeSnapshot(
      join(dir, 'cluster.yaml'),
      snapshot,
      'the real-Flux test bed (test/live/flux-real.test.ts)',
    );
    writeFileSync(join(dir, 'trace.list'), `${TRACE_LIST.join('\n')}\n`);
    return snapshot.objects.length;
  } finally {
    await reader.close?.();
  }
}
