// The registry of checks: rule files name one of these in `check:`.
import { argoDegraded, argoOutOfSync, argoSyncFailed } from './argo-checks.js';
import {
  dependsOnNotReady,
  helmReleaseFailed,
  sourceFetchFailed,
  stuckReconciler,
  suspended,
} from './flux-checks.js';
import { brokenIntermediate, orphanedObject, staleRevision, unreachedObject } from './trace-checks.js';
import type { Check } from './types.js';

export const CHECKS: Record<string, Check> = {
  'unreached-object': unreachedObject,
  'stale-revision': staleRevision,
  'broken-intermediate': brokenIntermediate,
  'orphaned-object': orphanedObject,
  'stuck-reconciler': stuckReconciler,
  suspended,
  'depends-on-not-ready': dependsOnNotReady,
  'source-fetch-failed': sourceFetchFailed,
  'helm-release-failed': helmReleaseFailed,
  'argo-out-of-sync': argoOutOfSync,
  'argo-degraded': argoDegraded,
  'argo-sync-failed': argoSyncFailed,
};
