// A cold single trace reads only what its chain can need: from a cold process and an empty
// discovery cache, `cub-scout trace` of a Deployment takes at most three sequential rounds of
// requests (discovery, the object with the GitOps kinds, the Helm release storage of one
// namespace), on one connection, and the API server's audit log shows no cluster-wide list of
// ConfigMaps, Secrets or workloads. The counts come from CUB_SCOUT_HTTP_STATS=1, the log from the
// test bed's audit log; each case runs as a user of its own so that its requests can be told apart.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { AdminClient, type LoadedScenario, loadScenario } from '../helpers/fixtures.js';
import { DEMO_DIR } from '../helpers/scenario.js';
import { adminCredentials, grantClusterRole } from './suite-access.js';
import { impersonatingKubeconfig, testbed } from './testbed.js';

const ROLE = 'cub-scout-targeted';

/** A Flux chain of nested Kustomizations, a Flux HelmRelease chain, a standalone Helm release. */
const CASES = [
  { resource: 'deployment/nginx', namespace: 'demo', user: 'cub-scout-targeted-flux' },
  { resource: 'deployment/podinfo', namespace: 'podinfo', user: 'cub-scout-targeted-helmrelease' },
  {
    resource: 'deployment/metrics-kube-state-metrics',
    namespace: 'observability',
    user: 'cub-scout-targeted-helm',
  },
];

/** Kinds a single trace must never list across the cluster unless a label selector narrows the
 * list to what it reads (argocd-cm by its standard label). */
const NEVER_WIDE = new Set([
  'configmaps',
  'secrets',
  'deployments',
  'replicasets',
  'pods',
  'statefulsets',
  'daemonsets',
]);

interface AuditEvent {
  verb?: string;
  stage?: string;
  requestURI?: string;
  impersonatedUser?: { username?: string };
  objectRef?: { resource?: string; namespace?: string };
}

export function targetedSuite(): void {
  describe('live: a cold single trace reads only its chain, on one connection', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cub-scout-targeted-'));
    let loaded: LoadedScenario | undefined;

    beforeAll(async () => {
      const tb = testbed();
      const admin = new AdminClient(tb.kubeconfig, tb.adminContext);
      loaded = await loadScenario(DEMO_DIR, tb.kubeconfig, tb.adminContext);
      // Read everything, as the read-only user of a real cluster may.
      const rules = [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }];
      await grantClusterRole(
        admin,
        ROLE,
        CASES.map((c) => c.user),
        rules,
      );
    }, 120_000);

    afterAll(async () => {
      await loaded?.unload();
    }, 120_000);

    it.each(CASES)(
      '$resource -n $namespace: at most 3 rounds, 1 connection, no cluster-wide list of ConfigMaps, Secrets or workloads',
      async ({ resource, namespace, user }) => {
        const tb = testbed();
        const { server, caData, token } = adminCredentials(tb.kubeconfig);
        const kubeconfig = impersonatingKubeconfig(dir, user, server, caData, token);
        const env = {
          CUB_SCOUT_HTTP_STATS: '1',
          CUB_SCOUT_CACHE_DIR: mkdtempSync(join(dir, 'cache-')), // cold: discovery too
          CUB_SCOUT_DISCOVERY_TTL: String(6 * 3600), // then kept on disk, as outside the tests
        };
        const cold = await cli(
          ['trace', resource, '-n', namespace, '-o', 'json', '--kubeconfig', kubeconfig],
          env,
        );
        expect(cold.exitCode, cold.stderr).toBe(0);
        expect(JSON.parse(cold.stdout).tool).not.toBe('kubectl');
        const warm = await cli(
          ['trace', resource, '-n', namespace, '-o', 'json', '--kubeconfig', kubeconfig],
          env,
        );
        expect(chainOf(warm.stdout)).toEqual(chainOf(cold.stdout));
        const coldStats = stats(cold.stderr);
        const warmStats = stats(warm.stderr);
        process.stderr.write(
          `targeted ${resource} -n ${namespace}: cold ${cold.stderr.trim()}; with cached discovery ${warm.stderr.trim()}\n`,
        );
        expect(coldStats.connections).toBe(1);
        expect(coldStats.rounds).toBeLessThanOrEqual(3);
        expect(warmStats.connections).toBe(1);
        expect(warmStats.rounds).toBeLessThan(coldStats.rounds); // discovery came from disk

        const events = await auditEventsOf(tb.auditLog, user, coldStats.requests + warmStats.requests);
        const wide = events.filter(
          (e) =>
            e.verb === 'list' &&
            NEVER_WIDE.has(e.objectRef?.resource ?? '') &&
            !e.objectRef?.namespace &&
            !e.requestURI?.includes('labelSelector='),
        );
        expect(wide.map((e) => e.requestURI)).toEqual([]);
        // Helm release storage is read in one namespace, by its labels, never whole.
        const storage = events.filter(
          (e) => e.verb === 'list' && ['secrets', 'configmaps'].includes(e.objectRef?.resource ?? ''),
        );
        for (const e of storage) expect(e.requestURI).toMatch(/labelSelector=/);
        const secrets = storage.filter((e) => e.objectRef?.resource === 'secrets');
        for (const e of secrets) expect(e.objectRef?.namespace, e.requestURI).toBeTruthy();
      },
    );
  });
}

function chainOf(json: string): string[] {
  const result = JSON.parse(json) as {
    tool: string;
    managed: string;
    chain: { kind: string; name: string }[];
  };
  return [result.tool, result.managed, ...result.chain.map((l) => `${l.kind}/${l.name}`)];
}

function stats(stderr: string): { requests: number; connections: number; rounds: number } {
  const match = /http: (\d+) requests, (\d+) connections, (\d+) sequential rounds/.exec(stderr);
  expect(match, stderr).not.toBeNull();
  const [, requests, connections, rounds] = (match as RegExpExecArray).map(Number);
  return { requests: requests as number, connections: connections as number, rounds: rounds as number };
}

/** The completed requests `user` made, once the audit log holds all `count` of them. */
async function auditEventsOf(file: string, user: string, count: number): Promise<AuditEvent[]> {
  let events: AuditEvent[] = [];
  for (let i = 0; i < 50; i++) {
    events = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes(user))
      .map((line) => JSON.parse(line) as AuditEvent)
      .filter((e) => e.impersonatedUser?.username === user && e.stage === 'ResponseComplete');
    if (events.length >= count) break;
    await new Promise((done) => setTimeout(done, 100));
  }
  expect(events.length).toBe(count);
  return events;
}
