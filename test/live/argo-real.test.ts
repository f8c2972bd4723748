// Real Argo CD (v3.2, built by test/cluster/argocd/build.sh) writes the state; cub-scout, as the
// read-only user, must read it right. One Argo CD on a test bed of its own (argo-real-bed.ts);
// each describe block declares its Applications and Git commits, lets the controller act, and
// traces. Without the test bed or the Argo CD build every test here fails with the reason.
import { afterAll, beforeAll } from 'vitest';
import { appSuites } from './argo-real-apps.js';
import { type ArgoBed, startArgoBed } from './argo-real-bed.js';
import { claimSuites, labelTrackingSuites } from './argo-real-claims.js';
import { snapshotSuite } from './argo-real-snapshot.js';

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
claimSuites(argoBed);
snapshotSuite(argoBed);
labelTrackingSuites(argoBed);
