/// <reference lib="dom" />
// The app against the live test bed (a real kube-apiserver, started by the global setup), through
// a kubeconfig that also holds contexts that cannot work: a port nobody listens on, a port that
// accepts and never answers, and a user whose exec credential plugin does not exist. Each context
// shows its own state, the broken ones say why within seconds without holding up the others, All
// contexts lists the test bed's broken pipelines, and a chain changed by an admin between two
// traces is marked in the history's compare.
import { writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { parse } from 'yaml';
import type { PipelinesReport } from '../../shared/pipelines/model.js';
import type { KindInfo } from '../../shared/reader/types.js';
import { AdminClient, type LoadedScenario, loadScenario, objectPath } from '../helpers/fixtures.js';
import { DEMO_DIR } from '../helpers/scenario.js';
import { key, onView, rowWith } from './app.js';
import { shot } from './shots.js';
import { cliJson, openApp, startUi, tempDir, testbed, type Ui } from './ui.js';

const PLUGIN = 'cub-scout-no-such-credential-plugin';
let ui: Ui;
let loaded: LoadedScenario | undefined;
let silent: Server | undefined;
const sockets = new Set<Socket>();
let kubeconfig: string;
let readonly: string;

/** A TCP port that accepts connections and never says a word. */
async function silentPort(): Promise<number> {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve));
  return (silent.address() as { port: number }).port;
}

/** A port nobody listens on: bound once to learn a free one, then closed. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const tb = testbed();
  readonly = tb.readonlyContext;
  loaded = await loadScenario(DEMO_DIR, tb.kubeconfig, tb.adminContext);
  // The test bed's own kubeconfig first (its current context wins), then the broken contexts.
  const own = parse((await import('node:fs')).readFileSync(tb.kubeconfig, 'utf8'));
  const caData = own.clusters[0].cluster['certificate-authority-data'];
  const dir = tempDir('kubeconfig');
  const broken = join(dir, 'broken.kubeconfig');
  writeFileSync(
    broken,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'nowhere', cluster: { server: `https://127.0.0.1:${await closedPort()}` } },
        { name: 'silent', cluster: { server: `https://127.0.0.1:${await silentPort()}` } },
        { name: 'testbed-plugin', cluster: { server: tb.server, 'certificate-authority-data': caData } },
      ],
      users: [
        { name: 'token', user: { token: 'not-a-real-token' } },
        {
          name: 'plugin',
          user: {
            exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: PLUGIN, args: ['token'] },
          },
        },
      ],
      contexts: [
        { name: 'silent', context: { cluster: 'silent', user: 'token' } },
        { name: 'unreachable', context: { cluster: 'nowhere', user: 'token' } },
        { name: 'no-plugin', context: { cluster: 'testbed-plugin', user: 'plugin' } },
      ],
    }),
  );
  kubeconfig = `${tb.kubeconfig}:${broken}`;
  ui = await startUi(['--context', readonly], { env: { KUBECONFIG: kubeconfig } });
});

test.afterAll(async () => {
  await ui?.stop();
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
  await loaded?.unload();
});

/** When each context first showed a state other than "checking" (ms after navigation). */
async function recordContextStates(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: Record<string, { state: string; at: number }> = {};
    (window as unknown as { contextStates: typeof seen }).contextStates = seen;
    const poll = () => {
      for (const el of document.querySelectorAll<HTMLElement>('[data-state]')) {
        const name = el.dataset.testid ?? '';
        const state = el.dataset.state ?? '';
        if (state !== 'checking' && !seen[name]) seen[name] = { state, at: performance.now() };
      }
    };
    setInterval(poll, 25);
  });
}

test('the test bed, an unreachable port, a silent port and a missing exec plugin: each its own state', async ({
  page,
}, testInfo) => {
  await recordContextStates(page);
  await openApp(page, ui.url);
  const broken = await cliJson<PipelinesReport>(['pipelines', '--unhealthy-only', '--context', readonly], {
    KUBECONFIG: kubeconfig,
  });
  expect(broken.pipelines.length).toBeGreaterThan(0);

  const tbContext = page.getByTestId(`context-${readonly}`);
  await expect(tbContext).toHaveAttribute('data-state', 'broken', { timeout: 60_000 });
  await expect(tbContext).toContainText(`${broken.pipelines.length} broken`);

  const unreachable = page.getByTestId('context-unreachable');
  await expect(unreachable).toHaveAttribute('data-state', 'unreachable', { timeout: 10_000 });
  await expect(unreachable).toContainText('127.0.0.1');

  const plugin = page.getByTestId('context-no-plugin');
  await expect(plugin).toContainText(`exec plugin \`${PLUGIN}\` not found on PATH`, { timeout: 10_000 });

  const quiet = page.getByTestId('context-silent');
  await expect(quiet).toHaveAttribute('data-state', 'unreachable', { timeout: 15_000 });
  await shot(page, testInfo, 'contexts-live');

  // Not blocked: the contexts listed after the silent one answered before it gave up.
  const states = await page.evaluate(
    () =>
      (window as unknown as { contextStates: Record<string, { state: string; at: number }> }).contextStates,
  );
  const at = (name: string) => states[`context-${name}`]?.at ?? Number.POSITIVE_INFINITY;
  expect(at('unreachable')).toBeLessThan(at('silent'));
  expect(at('no-plugin')).toBeLessThan(at('silent'));
  // "Within seconds": the port nobody listens on is known to be down long before any read timeout.
  expect(at('unreachable')).toBeLessThan(10_000);
});

test('All contexts lists the test bed’s broken pipelines and the contexts it could not read', async ({
  page,
}, testInfo) => {
  await openApp(page, ui.url);
  const broken = await cliJson<PipelinesReport>(['pipelines', '--unhealthy-only', '--context', readonly], {
    KUBECONFIG: kubeconfig,
  });
  await key(page, 'a');
  await onView(page, 'all');
  const list = page.getByTestId('all-contexts-list');
  await expect(list.getByRole('option').first()).toBeVisible({ timeout: 60_000 });
  for (const p of broken.pipelines) {
    await expect(
      list.getByRole('option').filter({ hasText: readonly }).filter({ hasText: p.deployer.name }).first(),
    ).toBeVisible();
  }
  const unreadable = page.getByTestId('all-unreachable');
  for (const name of ['unreachable', 'silent', 'no-plugin']) await expect(unreadable).toContainText(name);
  await shot(page, testInfo, 'all-contexts');

  // A row opens its trace in its own context.
  await rowWith(list, readonly, 'pipeline').first().click();
  await key(page, 'Enter');
  await onView(page, 'trace');
  await expect(page.getByTestId(`context-${readonly}`)).toHaveClass(/current/);
  await expect(page.getByTestId('trace-chain')).toBeVisible();
});

test('history: trace, an admin changes the chain, trace again, compare marks the changed link', async ({
  page,
}, testInfo) => {
  const tb = testbed();
  await openApp(page, ui.url);
  await page.getByTestId(`context-${readonly}`).click();
  await key(page, 'w');
  await page.getByTestId('workloads-filter').fill('nginx');
  await rowWith(page.getByTestId('workloads-list'), 'Deployment', 'demo', 'nginx').click({ timeout: 60_000 });
  await key(page, 't');
  const apps = page.getByTestId('trace-link').filter({ hasText: 'Kustomization/apps' });
  await expect(apps).toHaveAttribute('data-health', 'fail');
  await expect(apps.getByTestId('problem-here')).toBeVisible();

  // The admin fixes the Kustomization (its status says it applied the source's revision).
  const admin = new AdminClient(tb.kubeconfig, tb.adminContext);
  const kind = (await admin.reader.kindFor('kustomize.toolkit.fluxcd.io', 'Kustomization')) as KindInfo;
  const fixed = 'main@sha1:def4560a1b2c3d4e5f60718293a4b5c6d7e8f901';
  const patched = await admin.request(
    'PATCH',
    `${objectPath(kind, 'flux-system', 'apps')}/status`,
    {
      status: {
        lastAppliedRevision: fixed,
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'ReconciliationSucceeded',
            message: `Applied revision: ${fixed}`,
            lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          },
        ],
      },
    },
    'application/merge-patch+json',
  );
  expect(patched.status).toBe(200);

  // r: trace again from a fresh read.
  await key(page, 'r');
  await expect(apps).toHaveAttribute('data-health', 'ok');

  await key(page, 'H');
  await onView(page, 'history');
  await page.getByTestId('history-object').fill('deploy/nginx');
  await page.getByTestId('history-cluster').selectOption(readonly);
  const rows = page.getByTestId('history-list').getByRole('option');
  await expect(rows).toHaveCount(2);
  await expect(rows.locator('.face.desktop')).toHaveCount(2);
  await rows.first().click();
  await key(page, ' ', 'ArrowDown', ' ', 'c');
  const changed = page
    .getByTestId('compare')
    .getByTestId('compare-link')
    .filter({ hasText: 'Kustomization/flux-system/apps' });
  await expect(changed).toHaveAttribute('data-change', 'changed');
  await expect(changed).toContainText('Reconciliation failed');
  await expect(changed).toContainText(/Ready|ReconciliationSucceeded/);
  await expect(page.getByTestId('compare').locator('[data-change="same"]').first()).toBeVisible();
  await expect(page.getByTestId('diagnosis-changes')).toBeVisible();
  await shot(page, testInfo, 'history-compare');
});
