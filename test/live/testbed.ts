// Access to the running test bed from live tests (started by test/setup/testbed.ts), and tracing
// through it as the read-only user, the way cub-scout runs for real.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { Engine } from '../../shared/engine.js';
import type { TraceResult } from '../../shared/model/trace-result.js';
import { openLiveReader } from '../../shared/reader/live.js';
import type { ClusterReader } from '../../shared/reader/types.js';
import type { TraceTarget } from '../helpers/scenario.js';
import type { TestbedInfo } from '../setup/testbed-process.js';

/** The same clock for the live and the offline trace, so ages and staleness agree. */
export const NOW = new Date('2026-11-28T01:00:00Z');

/** The running test bed, or a loud failure naming why there is none. */
export function testbed(): TestbedInfo {
  const state = inject('testbed');
  if (!state.ok) throw new Error(state.error);
  return state.info;
}

export function readonlyReader(): Promise<ClusterReader> {
  const tb = testbed();
  return openLiveReader({ kubeconfig: tb.kubeconfig, context: tb.readonlyContext });
}

/** Trace with a fresh index (the cluster changed since the last trace), on a shared reader. */
export async function traceWith(reader: ClusterReader, target: TraceTarget): Promise<TraceResult> {
  const engine = new Engine(reader);
  return engine.trace(target.kind, target.name, target.namespace, { now: NOW });
}

export async function traceSnapshot(path: string, target: TraceTarget): Promise<TraceResult> {
  const engine = await Engine.open({ snapshot: path });
  try {
    return await engine.trace(target.kind, target.name, target.namespace, { now: NOW });
  } finally {
    await engine.close();
  }
}

/** A kubeconfig whose only context impersonates `user` through the admin token: a user with just
 * the permissions a test grants it. */
export function impersonatingKubeconfig(
  dir: string,
  user: string,
  server: string,
  caData: string,
  token: string,
): string {
  const file = join(dir, `${user}.kubeconfig`);
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'testbed', cluster: { server, 'certificate-authority-data': caData } }],
      users: [{ name: user, user: { token, as: user } }],
      contexts: [{ name: user, context: { cluster: 'testbed', user } }],
      'current-context': user,
    }),
  );
  return file;
}
