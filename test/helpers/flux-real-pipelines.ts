// What the pipelines report says of the real-Flux state (test/live/flux-real*.ts; saved as
// test/scenarios/flux-real): checked the same way live and on the saved snapshot.
import { expect } from 'vitest';
import type { PipelinesReport } from '../../shared/pipelines/model.js';

const NS = 'flux-system';

/** No Release pipeline beside the HelmRelease, no orphan, and counts of the objects applied
 * (keeper is past its progress deadline; its ReplicaSet and Pod are not counted again). */
export function expectFluxRealPipelines(report: PipelinesReport): void {
  expect(report.pipelines.map((p) => p.id).filter((id) => id.startsWith('Release/'))).toEqual([]);
  const hello = report.pipelines.find((p) => p.id === `HelmRelease/${NS}/hello`);
  expect(hello?.orphanCount).toBe(0);
  expect(hello?.delivers.find((d) => d.kind === 'Secret')).toMatchObject({ count: 1 });
  const keep = report.pipelines.find((p) => p.id === `Kustomization/${NS}/keep`);
  expect(keep?.delivers.find((d) => d.kind === 'Deployment')).toEqual({
    kind: 'Deployment',
    count: 1,
    unhealthy: 1,
  });
  const applied = keep?.delivers.reduce((n, d) => n + d.count, 0);
  expect(keep?.summary).toBe(`Kustomization ${NS}/keep: 1 of ${applied} delivered objects unhealthy`);
}
