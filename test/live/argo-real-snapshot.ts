// `cub-scout snapshot` of the state real Argo CD wrote: per scenario namespace, the snapshot traces
// offline exactly like the live cluster, and keeps no Secret data. The committed scenarios
// test/scenarios/argo-real-* were taken this way: with CUB_SCOUT_ARGO_CAPTURE=<dir> the snapshots
// are also written to <dir>/argo-real-<name>/cluster.yaml with their trace.list, for review.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { TraceResult } from '../../shared/model/trace-result.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import { cli } from '../helpers/cli.js';
import { type ArgoBed, readonly } from './argo-real-bed.js';
import { comparable } from './compare.js';
import { traceSnapshot, traceWith } from './testbed.js';

/** Scenario name -> the namespace it keeps and the objects worth tracing in it. */
export const CAPTURED: Record<string, { namespace: string; targets: string[] }> = {
  'failed-sync': {
    namespace: 'argo-shop',
    targets: ['configmap/shop-settings -n argo-shop', 'application/shop -n argocd'],
  },
  'out-of-sync': { namespace: 'argo-blog', targets: ['configmap/blog-settings -n argo-blog'] },
  'pruning-off': {
    namespace: 'argo-cleanup',
    targets: ['configmap/old -n argo-cleanup', 'configmap/keep -n argo-cleanup'],
  },
  shared: { namespace: 'argo-shared', targets: ['configmap/shared-config -n argo-shared'] },
  'app-of-apps': {
    namespace: 'argo-web',
    targets: ['configmap/web-config -n argo-web', 'application/platform-web -n argocd'],
  },
  appset: {
    namespace: 'argo-envs-prod',
    targets: ['configmap/env-config -n argo-envs-prod', 'application/envs-prod -n argocd'],
  },
  helm: {
    namespace: 'argo-hello',
    targets: [
      'configmap/hello-config -n argo-hello',
      'deployment/hello -n argo-hello',
      'service/hello -n argo-hello',
    ],
  },
  copycat: {
    namespace: 'argo-copycat',
    targets: [
      'configmap/copycat-config -n argo-copycat',
      'configmap/hand-copy -n argo-copycat',
      'clusterrole/copycat-reader',
    ],
  },
};

/** A trace without what the controller rewrites every reconciliation (every 30 s): the snapshot
 * and the live read are moments apart. */
function settled(result: TraceResult) {
  const chain = result.chain.map((link) => {
    if (link.tool !== 'argo') return link;
    const { reconciledAt: _r, ...details } = link.details ?? {};
    return { ...link, lastTransitionTime: null, details };
  });
  return comparable({ ...result, chain });
}

export function snapshotSuite(argoBed: () => Promise<ArgoBed>): void {
  describe('real Argo CD: cub-scout snapshot of what it wrote', () => {
    for (const [name, { namespace, targets }] of Object.entries(CAPTURED)) {
      it(`${name}: the snapshot (-n ${namespace}) traces offline like the live cluster`, async () => {
        const bed = await argoBed();
        const tmp = mkdtempSync(join(tmpdir(), 'cub-scout-argo-snapshot-'));
        onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
        const file = join(tmp, 'cluster.yaml');
        const result = await cli([
          'snapshot',
          '-o',
          file,
          '-n',
          namespace,
          '--kubeconfig',
          bed.info.kubeconfig,
          '--context',
          bed.info.readonlyContext,
        ]);
        expect(result.exitCode).toBe(0);
        const objects = (await SnapshotReader.load(file)).allObjects();
        for (const secret of objects.filter((o) => o.kind === 'Secret')) {
          expect(secret).not.toHaveProperty('data');
          expect(secret).not.toHaveProperty('stringData');
        }
        const reader = await readonly(bed);
        try {
          for (const line of targets) {
            const [resource = '', , ns] = line.split(' ');
            const [kind = '', objectName = ''] = resource.split('/');
            const target = { kind, name: objectName, namespace: ns as string, line };
            const live = await traceWith(reader, target);
            expect(settled(await traceSnapshot(file, target)), line).toEqual(settled(live));
          }
        } finally {
          await reader.close?.();
        }
        const capture = process.env.CUB_SCOUT_ARGO_CAPTURE;
        if (capture) {
          const dir = join(capture, `argo-real-${name}`);
          mkdirSync(dir, { recursive: true });
          copyFileSync(file, join(dir, 'cluster.yaml'));
          writeFileSync(join(dir, 'trace.list'), `${targets.join('\n')}\n`);
        }
      }, 60_000);
    }
  });
}
