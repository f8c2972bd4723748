// Server data through @tanstack/react-query: one cache entry per (cluster, operation, arguments),
// kept while the user looks elsewhere, so switching contexts shows what was there at once and
// refreshes behind it. Every cluster's entries start with its name, so `r` can drop them together.
import {
  keepPreviousData,
  type QueryClient,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useMemo } from 'react';
import { call, type Op, type Req, type Res } from './client.js';
import { limiter } from './limit.js';

/** Contexts probed at once: enough to fill the list fast, few enough not to flood the machine. */
const PROBE_CONCURRENCY = 4;
const probe = limiter(PROBE_CONCURRENCY);
const GLOBAL = '\u0000global';

export function useCapabilities() {
  return useQuery({
    queryKey: [GLOBAL, 'capabilities'],
    queryFn: () => call('capabilities', {}),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The background refresh interval (ms), from the server; views refetch at it on their own. */
export function useRefreshInterval(): number | false {
  const seconds = useCapabilities().data?.refreshIntervalSeconds;
  return seconds && seconds > 0 ? seconds * 1000 : false;
}

export function useClusters() {
  return useQuery({ queryKey: [GLOBAL, 'clusters'], queryFn: () => call('clusters', {}), staleTime: 60_000 });
}

/** Every cluster's status, probed in parallel under a bound; each answers on its own. */
export function useClusterStatuses(names: string[]) {
  const interval = useRefreshInterval();
  return useQueries({
    queries: names.map((cluster) => ({
      queryKey: [cluster, 'clusterStatus'],
      queryFn: () => probe(() => call('clusterStatus', { cluster })),
      refetchInterval: interval,
      retry: false,
    })),
  });
}

/** A cluster operation, refreshed in the background at the server's interval. */
export function useClusterQuery<O extends Op>(op: O, payload: Req<O> & { cluster: string }, enabled = true) {
  const interval = useRefreshInterval();
  return useQuery<Res<O>>({
    queryKey: [payload.cluster, op, payload],
    queryFn: () => call(op, payload),
    refetchInterval: interval,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useGlobalQuery<O extends Op>(op: O, payload: Req<O>, enabled = true) {
  const interval = useRefreshInterval();
  return useQuery<Res<O>>({
    queryKey: [GLOBAL, op, payload],
    queryFn: () => call(op, payload),
    refetchInterval: interval,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** `r`: drop the cluster's index on the server, then read everything on screen again. */
export async function refreshCluster(client: QueryClient, cluster: string): Promise<void> {
  await call('refresh', { cluster });
  await client.invalidateQueries({ queryKey: [cluster] });
  await client.invalidateQueries({ queryKey: [GLOBAL] });
}

export function useRefreshCluster() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (cluster: string) => refreshCluster(client, cluster) });
}

/** A stable key for memoising on a payload object. */
export function useStable<T>(value: T): T {
  const key = JSON.stringify(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the JSON key is the identity
  return useMemo(() => value, [key]);
}
