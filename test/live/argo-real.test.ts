// Real Argo CD (v3.2, built by test/cluster/argocd/build.sh) writes the state; cub-scout, as the
// read-only user, must read it right. One Argo CD on a test bed of its own (argo-real-bed.ts);
// each describe block declares its Applications and Git commits, lets the controller act, and
// traces. Without the test bed or the Argo CD build every test here fails with the reason.
//
// What the real controller showed that the hand-written fixtures had wrong:
// - An object removed from Git with pruning off stays in status.resources (OutOfSync,
//   requiresPruning: true): it is never "not listed" while it keeps the app's mark. Auto-sync does
//   not even run for such a prune-only diff, so operationState stays at the older commit.
// - A Synced app's sync.revision moves to every new commit of its repo (a change outside its path
//   included) while status.history keeps the last synced commit: history is not what runs.
// - Argo CD's tracking id on a cluster-scoped object carries the app's destination namespace.
// - An object with a copied id is listed by the app the id names (no sync status, no
//   requiresPruning); Argo CD's self-reference check keeps it from being pruned or managed.
// - Per-resource health is absent (status.resourceHealthSource: appTree); history ids start at 0.
// - Two apps on one object: the last sync wins the mark, the other app gets SharedResourceWarning.
import { afterAll, beforeAll } from 'vitest';
import { appSuites } from './argo-real-apps.js';
import { type ArgoBed, startArgoBed } from './argo-real-bed.js';
import { claimSuites, labelTrackingSuites } from './argo-real-claims.js';
import { snapshotSuite } from './argo-real-snapshot.js';
import { viaSuite } from './argo-real-via.js';

let bed: ArgoBed | undefined;

/** The bed, or the reason there is none (every test then fails with it). */
async function argoBed(): Promise<ArgoBed> {
  if (!bed) throw new Error('the Argo CD test bed did not start (see the beforeAll error)');
  return bed;
}

beforeAll(async () => {
  bed = await startArgoBed();
}, 40 * 60_000);

afterAll(async () => {
  await bed?.stop();
}, 60_000);

appSuites(argoBed);
viaSuite(argoBed);
claimSuites(argoBed);
snapshotSuite(argoBed);
labelTrackingSuites(argoBed);
