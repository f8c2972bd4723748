// The live backend: a real cluster through @kubernetes/client-node. (Filled in by the live
// clusters issue; until then it only reports that no cluster is configured.)
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CubScoutError } from '../errors/index.js';
import type { ClusterReader } from './types.js';

export async function openLiveReader(options: {
  context?: string;
  kubeconfig?: string;
}): Promise<ClusterReader> {
  const configured = options.kubeconfig ?? process.env.KUBECONFIG ?? join(homedir(), '.kube', 'config');
  if (!configured || !existsSync(configured.split(':')[0] ?? '')) {
    throw new CubScoutError(
      'no-cluster',
      'no kubeconfig found (--kubeconfig, KUBECONFIG or ~/.kube/config); try the built-in demo: add --demo, or run `cub-scout demo`',
    );
  }
  throw new CubScoutError('no-cluster', 'live clusters are not supported yet; use --snapshot PATH or --demo');
}
