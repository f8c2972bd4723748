// Real Flux: source-controller, kustomize-controller and helm-controller (test/cluster/flux) run
// against a test bed of their own, reconciling a Git repository and a Helm repository served on
// 127.0.0.1. Every status here is written by the controllers; cub-scout reads as the read-only
// user, and each test checks its trace against what the controllers did.
//
// The story runs in order: commit 1 (healthy, nested, Helm), spec changes that fail, a dependency
// that fails, commit 2 (a broken build, a suspended Kustomization, a file removed under
// prune: false), then a Kustomization deleted under prune: false.
// CUB_SCOUT_FLUX_REAL_SNAPSHOT=<dir> also writes a snapshot of the state after commit 2 there
// (how test/scenarios/flux-real was made).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChainEvents } from '../../shared/drill/events.js';
import { Engine } from '../../shared/engine.js';
import type { CrossCheck } from '../../shared/model/crosscheck.js';
import type { TraceResult } from '../../shared/model/trace-result.js';
import { openLiveReader } from '../../shared/reader/live.js';
import type { ClusterReader, KubeObject } from '../../shared/reader/types.js';
import { BIN, cli } from '../helpers/cli.js';
import { expectFluxRealPipelines } from '../helpers/flux-real-pipelines.js';
import { chainNames } from '../helpers/scenario.js';
import { buildFluxCli, fakeCli, pathWith, survivors } from '../helpers/via-cli.js';
import { FluxDriver, failedCurrent, isReady, readyCondition } from './flux-real-admin.js';
import { type FluxBed, startFluxBed } from './flux-real-bed.js';
import { gitRepository, helmRelease, kustomization, NS, repoFiles } from './flux-real-objects.js';
import { GitFixture, HelmRepoFixture } from './flux-real-servers.js';
import { writeFluxRealSnapshot } from './flux-real-snapshot.js';

const CHART_DIR = join(import.meta.dirname, '..', 'cluster', 'fixtures', 'chart');

describe('live: real Flux controllers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-flux-fixtures-'));
  let bed: FluxBed | undefined;
  let flux: FluxDriver;
  let reader: ClusterReader | undefined;
  const git = new GitFixture(dir);
  let helmRepo: HelmRepoFixture | undefined;
  const commits = { first: '', second: '' };
  const rev = (sha: string) => `main@sha1:${sha}`;

  const trace = async (kind: string, name: string, namespace?: string): Promise<TraceResult> =>
    new Engine(reader as ClusterReader).trace(kind, name, namespace);

  /** `cub-scout trace ... --via flux --compare -o json` as the read-only user, the real flux CLI
   * (test/cluster/flux-cli/build.sh) on PATH unless `path` says otherwise. */
  const viaFlux = async (
    resource: string,
    namespace: string,
    env: Record<string, string> = {},
  ): Promise<{
    result?: TraceResult & { via: CrossCheck };
    stdout: string;
    stderr: string;
    exitCode: number;
  }> => {
    const info = (bed as FluxBed).info;
    const printed = await cli(
      [
        'trace',
        resource,
        '-n',
        namespace,
        '--kubeconfig',
        info.kubeconfig,
        '--context',
        info.readonlyContext,
        '--via',
        'flux',
        '--compare',
        '-o',
        'json',
        '--no-history',
      ],
      { PATH: pathWith(await buildFluxCli()), HOME: dir, ...env },
    );
    return { ...printed, ...(printed.exitCode === 0 ? { result: JSON.parse(printed.stdout) } : {}) };
  };

  const appliedAt = (sha: string) => (ks: KubeObject) =>
    isReady(ks) && ks.status?.lastAppliedRevision === rev(sha);

  beforeAll(async () => {
    bed = await startFluxBed();
    flux = new FluxDriver(bed);
    helmRepo = new HelmRepoFixture(dir, join(bed.info.binDir, 'helm'));
    await helmRepo.start(CHART_DIR, ['0.1.0']);
    await git.start();
    commits.first = await git.commit('commit 1', repoFiles(1, helmRepo.url, CHART_DIR));
    reader = await openLiveReader({ kubeconfig: bed.info.kubeconfig, context: bed.info.readonlyContext });

    await flux.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await flux.create(gitRepository('repo', git.url, 'main'));
    await flux.create(gitRepository('moved', git.url, 'main'));
    await flux.create(kustomization('root', './root'));
    await flux.create(kustomization('stale', './apps/stale'));
    await flux.create(kustomization('keep', './apps/keep', { prune: false }));
    await flux.create(kustomization('infra', './apps/infra'));
    await flux.create(
      helmRelease('hello-bad', {
        chart: 'hello',
        version: '9.9.9',
        sourceRef: { kind: 'HelmRepository', name: 'charts' },
      }),
    );
    for (const name of ['root', 'web', 'stale', 'keep', 'infra'])
      await flux.waitUntil('Kustomization', name, NS, `applied ${commits.first}`, appliedAt(commits.first));
    await flux.waitUntil('GitRepository', 'moved', NS, 'ready', isReady);
    for (const name of ['hello', 'hello-git'])
      await flux.waitUntil(
        'HelmRelease',
        name,
        NS,
        'installed',
        (hr) => isReady(hr) && hr.status?.history?.length > 0,
      );
    await flux.waitUntil('HelmRelease', 'hello-bad', NS, 'failed', failedCurrent);
  }, 60 * 60_000);

  afterAll(async () => {
    await reader?.close?.();
    await helmRepo?.stop();
    await git.stop();
    await bed?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  describe('commit 1: healthy, nested, Helm', () => {
    it('a Deployment of a nested Kustomization: the whole chain, at the commit that runs', async () => {
      const result = await trace('deployment', 'web', 'web');
      expect(chainNames(result)).toEqual([
        'GitRepository/repo',
        'Kustomization/root',
        'Kustomization/web',
        'Deployment/web',
      ]);
      expect(result).toMatchObject({ tool: 'flux', managed: 'managed', fullyManaged: true });
      expect(result.diagnosis).toMatchObject({
        running: rev(commits.first),
        expected: rev(commits.first),
        stale: false,
      });
    });

    it('--via flux: flux trace names Kustomization web and the source, one level; the compare names the root we add', async () => {
      const { result, stderr } = await viaFlux('deployment/web', 'web');
      expect(stderr).toBe('');
      expect(result?.via.command.slice(0, 4)).toEqual([
        'flux',
        'trace',
        '--kind=Deployment',
        '--api-version=apps/v1',
      ]);
      expect(chainNames(result?.via.theirs as TraceResult)).toEqual([
        'GitRepository/repo',
        'Kustomization/web',
        'Deployment/web',
      ]);
      expect(result?.via.theirs?.chain[1]).toMatchObject({
        revision: rev(commits.first),
        path: './apps/web',
      });
      expect(result?.via.differences).toEqual([
        expect.objectContaining({ aspect: 'chain', ours: 'Kustomization/root', theirs: null }),
      ]);
    });

    it('a HelmRelease applied by a Kustomization runs its chart version, not the Kustomization commit', async () => {
      const hr = (await flux.get('HelmRelease', 'hello', NS)) as KubeObject;
      const result = await trace('helmrelease', 'hello', NS);
      expect(chainNames(result)).toEqual([
        'GitRepository/repo',
        'Kustomization/root',
        'HelmRepository/charts',
        'HelmChart/flux-system-hello',
        'HelmRelease/hello',
      ]);
      expect(hr.status?.history?.[0]?.chartVersion).toBe('0.1.0');
      expect(result.diagnosis.running).toBe('0.1.0');
      expect(result.diagnosis.summary).not.toContain(commits.first);
      expect(result.diagnosis.healthy).toBe(true);
    });

    it('the HelmChart helm-controller generates is managed by its HelmRelease, shown once, not orphaned', async () => {
      const chart = (await flux.get('HelmChart', 'flux-system-hello', NS)) as KubeObject;
      // What helm-controller did: labelled the HelmChart with the HelmRelease's marks.
      expect(chart.metadata.labels).toMatchObject({ 'helm.toolkit.fluxcd.io/name': 'hello' });
      const result = await trace('helmchart', 'flux-system-hello', NS);
      expect(result.managed).toBe('managed');
      expect(result.diagnosis.summary).not.toMatch(/orphan/);
      expect(chainNames(result).filter((n) => n === 'HelmChart/flux-system-hello')).toHaveLength(1);
      expect(chainNames(result).slice(-2)).toEqual(['HelmRelease/hello', 'HelmChart/flux-system-hello']);
      expect(result.evidence).toContainEqual(
        expect.objectContaining({ kind: 'controller', key: 'HelmRelease/hello' }),
      );
    });

    it("the Helm storage Secret of helm-controller's release belongs to the HelmRelease", async () => {
      const storage = (await flux.get('HelmRelease', 'hello', NS))?.status?.storageNamespace as string;
      expect(await flux.get('Secret', 'sh.helm.release.v1.hello.v1', storage)).toBeDefined();
      const result = await trace('secret', 'sh.helm.release.v1.hello.v1', storage);
      expect(result.tool).toBe('flux');
      expect(result.managed).toBe('managed');
      expect(chainNames(result).slice(-2)).toEqual([
        'HelmRelease/hello',
        'Secret/sh.helm.release.v1.hello.v1',
      ]);
    });

    it('pipelines: no separate Helm release pipeline, no orphan under the release, counts of applied objects', async () => {
      // The deployment controller gives up on keeper (no kubelet): it is unhealthy, with its
      // ReplicaSet and Pod below it.
      await flux.waitUntil('Deployment', 'keeper', 'keep', 'past its progress deadline', (d) =>
        (d.status?.conditions ?? []).some(
          (c: { type: string; reason?: string }) =>
            c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded',
        ),
      );
      const report = await new Engine(reader as ClusterReader).pipelines({});
      expectFluxRealPipelines(report);
    });

    it('a HelmRelease of a chart in Git: chart from the GitRepository, release traced to it', async () => {
      const result = await trace('helmrelease', 'hello-git', NS);
      expect(chainNames(result)).toEqual([
        'GitRepository/repo',
        'Kustomization/root',
        'HelmChart/flux-system-hello-git',
        'HelmRelease/hello-git',
      ]);
      expect(result.diagnosis).toMatchObject({ healthy: true, running: '0.1.0' });
      const cm = (
        await (reader as ClusterReader).list(await (reader as ClusterReader).resolveKind('configmaps'), {
          namespace: 'hello-git',
        })
      ).find((c) => c.metadata.annotations?.['meta.helm.sh/release-name'] === 'hello-git');
      expect(cm).toBeDefined();
      const object = await trace('configmap', cm?.metadata.name as string, 'hello-git');
      expect(chainNames(object).slice(-2)).toEqual([
        'HelmRelease/hello-git',
        `ConfigMap/${cm?.metadata.name}`,
      ]);
      expect(object.managed).toBe('managed');
    });

    it('a chart version that does not exist: the break is where the controller failed, with its message', async () => {
      const chart = (await flux.get('HelmChart', 'flux-system-hello-bad', NS)) as KubeObject;
      const failed = readyCondition(chart);
      expect(failed?.status).toBe('False');
      const result = await trace('helmrelease', 'hello-bad', NS);
      const broken = result.chain[result.diagnosis.brokenAt as number];
      expect(broken).toMatchObject({ kind: 'HelmChart', name: 'flux-system-hello-bad', ready: false });
      expect(broken?.message).toBe(failed?.message);
      expect(result.diagnosis.summary).toContain(failed?.message);
      // The controllers looked at this spec and failed: it is not "not reconciled yet".
      expect(result.chain.filter((l) => l.reconciled === false)).toEqual([]);
    });
  });

  describe('spec changes that fail: a missing path, a missing branch', () => {
    beforeAll(async () => {
      await flux.patch('Kustomization', 'infra', NS, { spec: { path: './apps/missing' } });
      await flux.patch('GitRepository', 'moved', NS, { spec: { ref: { branch: 'no-such-branch' } } });
      await flux.waitUntil('Kustomization', 'infra', NS, 'failed on the new path', failedCurrent);
      await flux.waitUntil('GitRepository', 'moved', NS, 'failed on the new branch', failedCurrent);
    }, 300_000);

    for (const [kind, name] of [
      ['Kustomization', 'infra'],
      ['GitRepository', 'moved'],
    ] as const) {
      it(`${kind} ${name}: the controller reconciled the new spec and failed; the trace says so`, async () => {
        const live = (await flux.get(kind, name, NS)) as KubeObject;
        const ready = readyCondition(live);
        // What the controller wrote: Ready=False for generation 2, status.observedGeneration still 1.
        expect(live.metadata.generation).toBe(2);
        expect(ready).toMatchObject({ status: 'False', observedGeneration: 2 });
        expect(live.status?.observedGeneration).toBe(1);
        const result = await trace(kind.toLowerCase(), name, NS);
        const self = result.chain.at(-1);
        expect(self).toMatchObject({ kind, name, ready: false, reconciled: true, message: ready?.message });
        expect(result.diagnosis.summary).toContain(ready?.message);
        expect(result.diagnosis.summary).not.toMatch(/not reconciled/);
      });
    }

    it('the Events the controllers wrote explain the failing links, warnings first (trace -o wide)', async () => {
      const live = (await flux.get('Kustomization', 'infra', NS)) as KubeObject;
      const ready = readyCondition(live);
      const result = await trace('kustomization', 'infra', NS);
      const events = await readChainEvents(reader as ClusterReader, result.chain);
      const own = events.links.find((l) => l.kind === 'Kustomization' && l.name === 'infra');
      // kustomize-controller records an Event per failed reconciliation, its reason the Ready reason.
      expect(own?.events[0]).toMatchObject({
        type: 'Warning',
        reason: ready?.reason,
        from: 'kustomize-controller',
      });
      expect(own?.events[0]?.message).toContain('apps/missing');
      const cli = await execa(
        'node',
        [
          BIN,
          'trace',
          'ks/infra',
          '-n',
          NS,
          '-o',
          'wide',
          '--context',
          (bed as FluxBed).info.readonlyContext,
          '--no-history',
        ],
        { reject: false, env: { NO_COLOR: '1', KUBECONFIG: (bed as FluxBed).info.kubeconfig } },
      );
      expect(cli.exitCode, cli.stderr).toBe(0);
      expect(cli.stdout).toMatch(
        new RegExp(`\\nEVENTS\\n[^]*Kustomization/infra -n ${NS}\\n  Warning  ${ready?.reason}  `),
      );
    });
  });

  describe('dependsOn a failing Kustomization', () => {
    beforeAll(async () => {
      await flux.create(kustomization('apps', './apps/dep', { dependsOn: [{ name: 'infra' }] }));
      await flux.waitUntil(
        'Kustomization',
        'apps',
        NS,
        'waiting for infra',
        (ks) => readyCondition(ks)?.reason === 'DependencyNotReady',
      );
    }, 300_000);

    it('the chain and the diagnosis name the dependency and why it failed', async () => {
      const infra = readyCondition(await flux.get('Kustomization', 'infra', NS));
      const result = await trace('kustomization', 'apps', NS);
      expect(result.chain.map((l) => `${l.role} ${l.kind}/${l.name}`)).toEqual([
        'source GitRepository/repo',
        'dependency Kustomization/infra',
        'object Kustomization/apps',
      ]);
      expect(result.diagnosis.brokenAt).toBe(1);
      expect(result.diagnosis.summary).toContain(
        `Kustomization ${NS}/apps is blocked by Kustomization ${NS}/infra, which failed: ${infra?.reason}: ${infra?.message}`,
      );
    });
  });

  describe('commit 2: a broken build, a suspended Kustomization, a file removed under prune: false', () => {
    beforeAll(async () => {
      await flux.patch('Kustomization', 'web', NS, { spec: { suspend: true } });
      commits.second = await git.commit('commit 2', repoFiles(2, helmRepo?.url ?? '', CHART_DIR));
      await flux.reconcileNow('GitRepository', 'repo', NS);
      await flux.waitUntil(
        'GitRepository',
        'repo',
        NS,
        `at ${commits.second}`,
        (g) => g.status?.artifact?.revision === rev(commits.second),
      );
      for (const name of ['root', 'keep'])
        await flux.waitUntil(
          'Kustomization',
          name,
          NS,
          `applied ${commits.second}`,
          appliedAt(commits.second),
        );
      await flux.waitUntil(
        'Kustomization',
        'stale',
        NS,
        `failed to build ${commits.second}`,
        (ks) =>
          ks.status?.lastAttemptedRevision === rev(commits.second) && readyCondition(ks)?.status === 'False',
      );
    }, 300_000);

    it('a suspended nested Kustomization runs its own old commit: stale, not its parent revision', async () => {
      const web = (await flux.get('Kustomization', 'web', NS)) as KubeObject;
      expect(web.status?.lastAppliedRevision).toBe(rev(commits.first));
      const result = await trace('kustomization', 'web', NS);
      expect(chainNames(result)).toEqual(['GitRepository/repo', 'Kustomization/root', 'Kustomization/web']);
      expect(result.diagnosis).toMatchObject({
        running: rev(commits.first),
        expected: rev(commits.second),
        stale: true,
      });
      expect(result.diagnosis.summary).toContain(`Kustomization ${NS}/web is suspended`);
      // And what it applied runs the old commit too.
      const deployment = await trace('deployment', 'web', 'web');
      expect(deployment.diagnosis).toMatchObject({ running: rev(commits.first), stale: true });
    });

    it('a commit that breaks the build: the objects run the last applied commit, the break has the real error', async () => {
      const ks = (await flux.get('Kustomization', 'stale', NS)) as KubeObject;
      const ready = readyCondition(ks);
      expect(ready?.reason).toBe('BuildFailed');
      const result = await trace('configmap', 'stale-config', 'stale');
      expect(result.diagnosis).toMatchObject({
        running: rev(commits.first),
        expected: rev(commits.second),
        stale: true,
      });
      const broken = result.chain[result.diagnosis.brokenAt as number];
      expect(broken).toMatchObject({
        kind: 'Kustomization',
        name: 'stale',
        reason: 'BuildFailed',
        message: ready?.message,
      });
      expect(broken?.reconciled).not.toBe(false);
    });

    it('prune: false and a file removed from Git: the object left behind is orphaned', async () => {
      expect(await flux.get('ConfigMap', 'keep-b', 'keep')).toBeDefined();
      const result = await trace('configmap', 'keep-b', 'keep');
      expect(result.managed).toBe('orphaned');
      expect(result.diagnosis.summary).toContain(`Kustomization ${NS}/keep no longer lists it`);
      const kept = await trace('configmap', 'keep-a', 'keep');
      expect(kept).toMatchObject({ managed: 'managed', fullyManaged: true });
    });

    it('--via flux on the object left under prune: false: flux trace (labels only) says managed, we say orphaned, and why', async () => {
      const { result } = await viaFlux('configmap/keep-b', 'keep');
      expect(result?.managed).toBe('orphaned');
      expect(result?.via.theirs?.managed).toBe('managed');
      const managed = result?.via.differences.find((d) => d.aspect === 'managed');
      expect(managed).toMatchObject({ ours: 'orphaned', theirs: 'managed' });
      expect(managed?.why).toContain(`Kustomization ${NS}/keep no longer lists it`);
    });

    it('--via flux on an object of a Kustomization whose build fails: flux trace says "Last reconciled", we say BuildFailed', async () => {
      const ready = readyCondition(await flux.get('Kustomization', 'stale', NS));
      const { result } = await viaFlux('configmap/stale-config', 'stale');
      const status = result?.via.differences.find((d) => d.aspect === 'status');
      // Ours reads the Ready condition (the controller keeps retrying: "Reconciling (failing)").
      expect(status?.link).toBe('Kustomization/stale');
      expect(status?.ours).toMatch(/: BuildFailed$/);
      expect(status?.theirs).toMatch(/^Last reconciled at /);
      expect(result?.via.theirs?.chain.find((l) => l.kind === 'Kustomization')?.message).toBe(ready?.message);
    });
  });

  describe('prune: false and the Kustomization deleted', () => {
    beforeAll(async () => {
      // The state so far, for the offline scenario (see the header).
      const snapshotDir = process.env.CUB_SCOUT_FLUX_REAL_SNAPSHOT;
      if (snapshotDir) await writeFluxRealSnapshot((bed as FluxBed).info, snapshotDir);
      await flux.remove('Kustomization', 'keep', NS);
    }, 300_000);

    it('what it applied stays, orphaned: its deployer no longer exists', async () => {
      expect(await flux.get('ConfigMap', 'keep-a', 'keep')).toBeDefined();
      const result = await trace('configmap', 'keep-a', 'keep');
      expect(result.managed).toBe('orphaned');
      expect(result.diagnosis.summary).toContain(`Kustomization ${NS}/keep no longer exists`);
    });

    it('--via flux when the Kustomization is gone: flux trace fails, one warning line, our answer', async () => {
      const { result, stderr } = await viaFlux('configmap/keep-a', 'keep');
      expect(stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          /^warning: --via flux: flux trace failed: failed to find kustomization: .*; showing cub-scout's own answer$/,
        ),
      ]);
      expect(result?.managed).toBe('orphaned');
      expect(result?.via).toMatchObject({ tool: 'flux', differences: [] });
    });
  });

  describe('--via flux when flux cannot answer', () => {
    it('flux not on PATH: one warning line, exit 0, our own answer', async () => {
      const { result, stderr, exitCode } = await viaFlux('deployment/web', 'web', { PATH: pathWith() });
      expect(exitCode).toBe(0);
      expect(stderr.trim().split('\n')).toEqual([
        "warning: --via flux: flux not found in PATH; showing cub-scout's own answer",
      ]);
      expect(result?.managed).toBe('managed');
      expect(result?.via).toEqual({
        tool: 'flux',
        command: [],
        warning: 'flux not found in PATH',
        differences: [],
      });
    });

    it('a flux that hangs (and forks): a warning after CUB_SCOUT_VIA_TIMEOUT, and its processes are gone', async () => {
      const pids = join(dir, 'hanging-flux.pids');
      const fake = fakeCli('flux', `sleep 600 & echo $! >> ${pids}; echo $$ >> ${pids}; wait`);
      const { result, stderr } = await viaFlux('deployment/web', 'web', {
        PATH: pathWith(fake),
        CUB_SCOUT_VIA_TIMEOUT: '2',
      });
      expect(stderr.trim().split('\n')).toEqual([
        "warning: --via flux: flux did not answer within 2 s (stopped it); showing cub-scout's own answer",
      ]);
      expect(result?.chain.at(-1)).toMatchObject({ kind: 'Deployment', name: 'web' });
      const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
      expect(started).toHaveLength(2);
      expect(await survivors(started)).toEqual([]);
    });
  });
});
