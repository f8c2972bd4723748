// `trace --via argocd` on the real-Argo bed: the built cub-scout runs the real argocd CLI (v3.2.11)
// logged in to the bed's argocd-server, on the Applications the app suites synced (a healthy app,
// an OutOfSync app, a failed sync), and compares. Without a login, and with --argocd-core on a
// cluster whose repo-server is no pod, the argocd CLI cannot answer: one warning line, our answer.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseArgocdApp } from '../../shared/crosscheck/argocd-app-parse.js';
import type { CrossCheck } from '../../shared/model/crosscheck.js';
import type { TraceResult } from '../../shared/model/trace-result.js';
import { buildArgoCD } from '../helpers/argocd-process.js';
import { cli } from '../helpers/cli.js';
import { pathWith } from '../helpers/via-cli.js';
import type { ArgoBed } from './argo-real-bed.js';

export function viaSuite(argoBed: () => Promise<ArgoBed>): void {
  describe('real Argo CD: trace --via argocd (the argocd CLI logged in to argocd-server)', () => {
    const home = mkdtempSync(join(tmpdir(), 'cub-scout-argocd-home-'));
    const run = async (args: string[], env: Record<string, string> = {}) => {
      const bed = await argoBed();
      const argocdDir = await buildArgoCD();
      return cli(
        [
          'trace',
          ...args,
          '--kubeconfig',
          bed.info.kubeconfig,
          '--context',
          bed.info.readonlyContext,
          '--no-history',
        ],
        { PATH: pathWith(argocdDir), HOME: home, ...env },
      );
    };
    const loggedIn = async () => ({
      ARGOCD_SERVER: (await argoBed()).argo.server,
      ARGOCD_OPTS: '--plaintext',
    });

    it('a healthy app: argocd says Synced/Healthy at the commit we say runs, and no difference', async () => {
      const printed = await run(
        ['configmap/guestbook-ui', '-n', 'argo-guestbook', '--via', 'argocd', '--compare', '-o', 'json'],
        await loggedIn(),
      );
      expect(printed.stderr).toBe('');
      const result = JSON.parse(printed.stdout) as TraceResult & { via: CrossCheck };
      expect(result.via.command).toEqual([
        'argocd',
        'app',
        'get',
        'guestbook',
        '--app-namespace=argocd',
        '-o',
        'json',
      ]);
      expect(result.via.theirs?.chain.map((l) => [l.kind, l.name, l.status, l.ready])).toEqual([
        ['Application', 'guestbook', 'Synced/Healthy', true],
        ['ConfigMap', 'guestbook-ui', 'Synced', true],
      ]);
      expect(result.via.theirs?.chain[0]?.revision).toBe(result.diagnosis.running);
      expect(result.via.differences).toEqual([]);
      // The same as text.
      const text = await run(
        ['configmap/guestbook-ui', '-n', 'argo-guestbook', '--via', 'argocd', '--compare'],
        await loggedIn(),
      );
      expect(text.stdout).toContain(
        'VIA argocd app get: argocd app get guestbook --app-namespace=argocd -o json',
      );
      expect(text.stdout).toContain('COMPARE cub-scout and argocd app get: no differences');
    });

    it("argocd's own JSON (run directly) reads into the same answer; CUB_SCOUT_CAPTURE_VIA=<dir> keeps it as a fixture", async () => {
      const argocdDir = await buildArgoCD();
      const env = { PATH: pathWith(argocdDir), HOME: home, ...(await loggedIn()) };
      for (const [app, object] of [
        [
          'guestbook',
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'guestbook-ui', namespace: 'argo-guestbook' },
        ],
        ['blog', { apiVersion: 'v1', kind: 'ConfigMap', name: 'blog-settings', namespace: 'argo-blog' }],
      ] as const) {
        const printed = await execa('argocd', ['app', 'get', app, '--app-namespace=argocd', '-o', 'json'], {
          env,
          extendEnv: false,
          reject: false,
          timeout: 60_000,
        });
        expect(printed.exitCode).toBe(0);
        const { theirs } = parseArgocdApp(printed.stdout, object);
        expect(theirs?.chain.map((l) => `${l.kind}/${l.name}`)).toEqual([
          `Application/${app}`,
          `ConfigMap/${object.name}`,
        ]);
        const captureDir = process.env.CUB_SCOUT_CAPTURE_VIA;
        if (captureDir) {
          // managedFields are long and say nothing the parser reads.
          const json = JSON.parse(printed.stdout);
          delete json.metadata.managedFields;
          writeFileSync(
            join(captureDir, `argocd-app-get-real-${app}.json`),
            `${JSON.stringify(json, null, 2)}\n`,
          );
        }
      }
    });

    it('an OutOfSync app (auto-sync off): argocd agrees it is OutOfSync; only our reason says why', async () => {
      const printed = await run(
        ['configmap/blog-settings', '-n', 'argo-blog', '--via', 'argocd', '--compare', '-o', 'json'],
        await loggedIn(),
      );
      const result = JSON.parse(printed.stdout) as TraceResult & { via: CrossCheck };
      expect(result.chain[0]).toMatchObject({ kind: 'Application', ready: false, reason: 'OutOfSync' });
      expect(result.via.theirs?.chain[0]).toMatchObject({
        status: 'OutOfSync/Healthy',
        ready: false,
        revision: result.diagnosis.expected,
      });
      expect(result.via.theirs?.chain[1]).toMatchObject({ status: 'OutOfSync', ready: false });
      expect(result.via.theirs?.diagnosis).toMatchObject({
        running: result.diagnosis.running,
        expected: result.diagnosis.expected,
        stale: true,
      });
      expect(
        result.via.differences.filter((d) => d.aspect === 'managed' || d.link === 'Application/blog'),
      ).toEqual([]);
    });

    it('a failed sync: argocd reports the failed operation with the same message we break on', async () => {
      const printed = await run(
        ['configmap/shop-settings', '-n', 'argo-shop', '--via', 'argocd', '-o', 'json'],
        await loggedIn(),
      );
      const result = JSON.parse(printed.stdout) as TraceResult & { via: CrossCheck };
      expect(result.via.theirs?.chain[0]).toMatchObject({ reason: 'SyncFailed', ready: false });
      expect(result.via.theirs?.chain[0]?.message).toBe(result.chain[0]?.message);
    });

    it('argocd not logged in: one warning line, exit 0, our own answer', async () => {
      const printed = await run(['configmap/guestbook-ui', '-n', 'argo-guestbook', '--via', 'argocd']);
      expect(printed.exitCode).toBe(0);
      expect(printed.stderr.trim().split('\n')).toEqual([
        "warning: --via argocd: argocd is not logged in (Argo CD server address unspecified): run `argocd login`, or add --argocd-core to read the cluster directly; showing cub-scout's own answer",
      ]);
      expect(printed.stdout).toContain('Application/guestbook');
      expect(printed.stdout).not.toContain('VIA argocd');
    });

    it('--argocd-core where repo-server is not a pod (argocd --core port-forwards to it): one warning line', async () => {
      const printed = await run([
        'configmap/guestbook-ui',
        '-n',
        'argo-guestbook',
        '--via',
        'argocd',
        '--argocd-core',
      ]);
      expect(printed.exitCode).toBe(0);
      const lines = printed.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^warning: --via argocd: argocd app get failed: .+; showing cub-scout's own answer$/,
      );
      expect(printed.stdout).toContain('Application/guestbook');
    });
  });
}
