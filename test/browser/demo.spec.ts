/// <reference lib="dom" />
// The app against the demo cluster through `cub-scout ui --demo`: every view and its key, the
// broken nginx chain drawn like the CLI, the overview's counts equal to the CLI's, the trace
// view's keys, a keyboard-only walk, the strict CSP, light and dark themes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { execa } from 'execa';
import type { PipelinesReport } from '../../shared/pipelines/model.js';
import type { ScanReport } from '../../shared/scan/model.js';
import { BIN } from '../helpers/cli.js';
import { chainLines, cliChainLines, key, onView, rowWith } from './app.js';
import { shot } from './shots.js';
import { cliJson, openApp, startUi, type Ui } from './ui.js';

let ui: Ui;
test.beforeAll(async () => {
  ui = await startUi(['--demo']);
});
test.afterAll(async () => {
  await ui?.stop();
});
/** A server a single test started for itself. */
let extra: Ui | undefined;
test.afterEach(async () => {
  await extra?.stop();
  extra = undefined;
});

/** Open the app, wait for the overview's data, and check the page broke no CSP rule at the end. */
async function open(page: import('@playwright/test').Page) {
  const { problems } = await openApp(page, ui.url);
  await expect(page.getByTestId('count-pipelines-total')).toBeVisible();
  return problems;
}

test('the overview counts equal `cub-scout pipelines` and `scan` on the same cluster', async ({
  page,
}, testInfo) => {
  const problems = await open(page);
  const pipelines = await cliJson<PipelinesReport>(['pipelines', '--demo']);
  const scan = await cliJson<ScanReport>(['scan', '--demo']);
  await expect(page.getByTestId('count-pipelines-total')).toHaveText(String(pipelines.total));
  await expect(page.getByTestId('count-pipelines-healthy')).toHaveText(String(pipelines.healthy));
  await expect(page.getByTestId('count-pipelines-broken')).toHaveText(
    String(pipelines.total - pipelines.healthy),
  );
  await expect(page.getByTestId('count-findings-critical')).toHaveText(String(scan.counts.critical));
  await expect(page.getByTestId('count-findings-warning')).toHaveText(String(scan.counts.warning));
  await expect(page.getByTestId('count-findings-info')).toHaveText(String(scan.counts.info));
  // The broken pipelines listed below the counts are the CLI's unhealthy ones.
  const broken = pipelines.pipelines.filter((p) => !p.healthy);
  await expect(page.getByTestId('overview-broken').getByRole('option')).toHaveCount(broken.length);
  for (const p of broken) {
    const name = `${p.deployer.kind}/${p.deployer.namespace ? `${p.deployer.namespace}/` : ''}${p.deployer.name}`;
    await expect(rowWith(page.getByTestId('overview-broken'), name)).toHaveCount(1);
  }
  // The context list says the same.
  await expect(page.getByTestId('context-demo')).toContainText(`${broken.length} broken`);
  await expect(page.getByTestId('data-age')).toHaveText(/data \d+[smh] old/);
  await shot(page, testInfo, 'overview');
  expect(problems).toEqual([]);
});

test('every view opens with its key and shows the demo’s data', async ({ page }, testInfo) => {
  const problems = await open(page);

  await key(page, 'w');
  await onView(page, 'workloads');
  await expect(page.getByText(/^\d+ objects$/)).toBeVisible();
  await expect(rowWith(page.getByTestId('workloads-list'), 'Deployment', 'demo', 'nginx')).toHaveCount(1);
  await expect(
    rowWith(page.getByTestId('workloads-list'), 'Deployment', 'observability', 'legacy-exporter'),
  ).toContainText('orphaned');
  await shot(page, testInfo, 'workloads');

  await key(page, 'd');
  await onView(page, 'deployers');
  const apps = rowWith(page.getByTestId('deployers-list'), 'Kustomization', 'flux-system/apps');
  await expect(apps).toContainText('Reconciliation failed');
  await apps.click();
  await expect(page.getByTestId('deployers-message')).toContainText('kustomization path not found');
  await shot(page, testInfo, 'deployers');

  await key(page, 's');
  await onView(page, 'sources');
  await expect(
    rowWith(page.getByTestId('sources-list'), 'GitRepository', 'flux-system/infra-repo'),
  ).toHaveCount(1);
  await shot(page, testInfo, 'sources');

  await key(page, 'i');
  await onView(page, 'pipelines');
  await rowWith(page.getByTestId('pipelines-list'), 'Kustomization/flux-system/apps').click();
  const graph = page.getByTestId('pipeline-graph');
  await expect(graph.getByTestId('graph-level').filter({ hasText: 'Kustomization/apps' })).toHaveAttribute(
    'data-health',
    'fail',
  );
  await expect(
    graph.getByTestId('graph-level').filter({ hasText: 'GitRepository/infra-repo' }),
  ).toHaveAttribute('data-health', 'ok');
  await expect(graph.getByTestId('graph-object').filter({ hasText: 'Deployment/nginx' })).toBeVisible();
  await shot(page, testInfo, 'pipelines');
  await key(page, 'u');
  await expect(page.getByTestId('pipelines-list').getByRole('option').filter({ hasText: '✓' })).toHaveCount(
    0,
  );

  await key(page, 'f');
  await onView(page, 'findings');
  await expect(page.getByTestId('finding-detail')).toBeVisible();
  await expect(
    page.getByTestId('finding-detail').getByRole('heading', { name: 'Remediation' }),
  ).toBeVisible();
  await shot(page, testInfo, 'findings');
  await key(page, 'v'); // critical only
  await expect(page.getByTestId('findings-list').getByRole('option').first()).toContainText('critical');
  await expect(
    page.getByTestId('findings-list').getByRole('option').filter({ hasText: 'warning' }),
  ).toHaveCount(0);

  // t on the selected finding traces the object it is about.
  const object = await page
    .getByTestId('findings-list')
    .getByRole('option', { selected: true })
    .locator('.cell')
    .nth(2)
    .textContent();
  await key(page, 't');
  await onView(page, 'trace');
  await expect(page.getByTestId('trace-chain')).toBeVisible();
  await expect(page.getByTestId('trace-recent')).toContainText(object ?? '(none)');
  await shot(page, testInfo, 'trace-finding');

  await key(page, 'H');
  await onView(page, 'history');

  await key(page, 'o');
  await onView(page, 'overview');

  await key(page, '?');
  const help = page.getByTestId('help');
  await expect(help).toBeVisible();
  for (const k of ['o', 'w', 'd', 's', 'i', 'f', 't', 'H', 'r', 'q', 'p', 'Enter']) {
    await expect(help.locator('kbd', { hasText: new RegExp(`(^|\\s)${k}(\\s|$)`) }).first()).toBeVisible();
  }
  await shot(page, testInfo, 'help');
  await key(page, 'Escape');
  await expect(help).toBeHidden();

  // Every view is reachable by mouse too.
  for (const name of [
    'workloads',
    'deployers',
    'sources',
    'pipelines',
    'findings',
    'trace',
    'history',
    'overview',
  ]) {
    await page.getByTestId(`nav-${name}`).click();
    await onView(page, name);
  }
  expect(problems).toEqual([]);
});

test('the broken nginx chain: PROBLEM HERE on Kustomization/apps, running and expected revisions, drawn like the CLI', async ({
  page,
}, testInfo) => {
  const problems = await open(page);
  await key(page, 'w');
  await page.getByTestId('workloads-filter').fill('nginx');
  const row = rowWith(page.getByTestId('workloads-list'), 'Deployment', 'demo', 'nginx');
  await row.click();
  await key(page, 't');
  await onView(page, 'trace');

  const cli = await execa(
    'node',
    [BIN, 'trace', 'deployment/nginx', '-n', 'demo', '--demo', '--no-history'],
    {
      env: { NO_COLOR: '1', KUBECONFIG: '/nonexistent/kubeconfig' },
      reject: false,
    },
  );
  const json = await cliJson<import('../../shared/model/trace-result.js').TraceResult>([
    'trace',
    'deployment/nginx',
    '-n',
    'demo',
    '--demo',
    '--no-history',
  ]);
  await expect(page.getByTestId('trace-link')).toHaveCount(json.chain.length);
  expect(await chainLines(page)).toEqual(cliChainLines(cli.stdout));

  const broken = page.getByTestId('trace-link').filter({ has: page.getByTestId('problem-here') });
  await expect(broken).toHaveCount(1);
  await expect(broken).toContainText('Kustomization/apps');
  await expect(broken).toContainText('✗');
  await expect(page.getByTestId('problem-here')).toHaveText(/PROBLEM HERE/);
  await expect(page.getByTestId('revision-running')).toHaveText(json.diagnosis.running ?? '');
  await expect(page.getByTestId('revision-expected')).toHaveText(json.diagnosis.expected ?? '');
  expect(json.diagnosis.running).not.toEqual(json.diagnosis.expected);
  await expect(page.getByTestId('trace-summary')).toHaveText(`BROKEN ${json.diagnosis.summary}`);
  await shot(page, testInfo, 'trace-nginx');
  expect(problems).toEqual([]);
});

test('trace keys: ↑/↓, Enter (with Events), t, q, p, r, d, l (logs), h', async ({ page }, testInfo) => {
  // A server of its own: the history it shows is this test's traces only.
  const own = await startUi(['--demo']);
  extra = own;
  await openApp(page, own.url);
  await expect(page.getByTestId('count-pipelines-total')).toBeVisible();
  await key(page, 'w');
  await page.getByTestId('workloads-filter').fill('nginx');
  await rowWith(page.getByTestId('workloads-list'), 'Deployment', 'demo', 'nginx').click();
  await key(page, 't');
  const links = page.getByTestId('trace-link');
  await expect(links).toHaveCount(5);
  await expect(links.nth(0)).toHaveAttribute('aria-current', 'true');

  // ↓ three times: Kustomization/apps; Enter shows its details.
  await key(page, 'ArrowDown', 'ArrowDown', 'ArrowDown');
  await expect(links.nth(3)).toHaveAttribute('aria-current', 'true');
  await key(page, 'ArrowUp', 'ArrowDown');
  await expect(links.nth(3)).toHaveAttribute('aria-current', 'true');
  await key(page, 'Enter');
  const details = links.nth(3).getByTestId('link-details');
  await expect(details).toContainText('kustomization path not found');
  await expect(details).toContainText('./clusters/prod/apps');
  await expect(details).toContainText('main@sha1:abc1230f9e8d');
  await expect(details).toContainText('BuildFailed');
  // What kustomize-controller said about it: its Events, warnings first, counted once.
  await expect(details.getByTestId('link-events')).toContainText('Warning  BuildFailed  ');
  await expect(details.getByTestId('link-events')).toContainText('(x6 over');
  await key(page, 'End', 'Enter');
  await expect(links.nth(4).getByTestId('link-details')).toContainText('Evidence');
  await shot(page, testInfo, 'trace-expanded');
  await key(page, 'Enter');
  await expect(links.nth(4).getByTestId('link-details')).toBeHidden();

  // p pins; the pinned list holds it.
  await key(page, 'p');
  await expect(page.getByTestId('trace-pinned')).toContainText('Deployment/nginx -n demo');

  // t on the selected link traces it; q comes back.
  await key(page, 'ArrowUp');
  await key(page, 't');
  await expect(page.getByRole('heading', { name: 'Kustomization/apps -n flux-system' })).toBeVisible();
  await expect(page.getByTestId('trace-recent')).toContainText('Kustomization/apps -n flux-system');
  await key(page, 'q');
  await expect(page.getByRole('heading', { name: 'Deployment/nginx -n demo' })).toBeVisible();

  // r traces again (a second record in the history).
  await key(page, 'r');
  await expect(page.getByTestId('notice')).toContainText('traced Deployment/nginx -n demo again');

  // d opens the diff of the selected object below the chain: a Flux Kustomization's desired state
  // is not readable from the cluster, and the panel says so; q closes the panel, not the trace.
  await key(page, 'End', 'd');
  await expect(page.getByTestId('diff-panel')).toBeVisible();
  await expect(page.getByTestId('diff-desired')).toContainText(
    'not readable: Flux Kustomization flux-system/apps applies an artifact',
  );
  await key(page, 'q');
  await expect(page.getByTestId('diff-panel')).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Deployment/nginx -n demo' })).toBeVisible();
  // l opens the logs of the selected link's pods below the chain (a snapshot has none: it says
  // so), and closes them again.
  await key(page, 'End', 'l');
  const logs = page.getByTestId('logs-panel');
  await expect(logs).toContainText('Logs of Deployment/nginx -n demo');
  await expect(logs.getByTestId('logs-pod')).toHaveCount(1);
  await expect(logs).toContainText('pod nginx-7c5ddbdf54-x2x9q (Running)');
  await expect(logs).toContainText('no logs in a snapshot');
  await shot(page, testInfo, 'trace-logs');
  await key(page, 'l');
  await expect(logs).toBeHidden();

  // h opens the history of the selected object; q comes back to the trace.
  await key(page, 'End', 'h');
  await onView(page, 'history');
  await expect(page.getByTestId('history-object')).toHaveValue('Deployment/nginx');
  await expect(page.getByTestId('history-list').getByRole('option')).toHaveCount(2);
  // ...with the deployer's own history on top, merged with those two traces.
  const deployer = page.getByTestId('deployer-history');
  await expect(deployer).toContainText('Deployer history: Deployment/nginx -n demo');
  await expect(deployer.getByRole('listitem').filter({ hasText: 'our trace (desktop)' })).toHaveCount(2);
  await expect(deployer).toContainText('Flux Kustomization flux-system/apps records no history');
  await key(page, 'q');
  await onView(page, 'trace');
  await key(page, 'q');
  await onView(page, 'workloads');
});

test('a keyboard-only walk from the overview to a trace and back', async ({ page }) => {
  await open(page);
  // Nothing is clicked from here on.
  await key(page, 'ArrowDown', 'ArrowDown');
  const selected = page.getByTestId('overview-broken').getByRole('option', { selected: true });
  await expect(selected).toContainText('Kustomization/flux-system/apps');
  await key(page, 't');
  await onView(page, 'trace');
  await expect(page.getByTestId('problem-here')).toBeVisible();
  await key(page, 'ArrowDown', 'Enter');
  await expect(page.getByTestId('link-details')).toBeVisible();
  await key(page, 'q');
  await onView(page, 'overview');
  await expect(page.getByTestId('overview-broken').getByRole('option', { selected: true })).toContainText(
    'Kustomization/flux-system/apps',
  );
  // Through the pipelines view, the same way.
  await key(page, 'i', 'u', 'Enter');
  await onView(page, 'trace');
  await key(page, 'q');
  await onView(page, 'pipelines');
  await key(page, 'o');
  await onView(page, 'overview');
});

test('findings: the severity filter and the copy button', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page);
  await key(page, 'f');
  await page.getByRole('button', { name: 'critical', exact: true }).click();
  const rows = page.getByTestId('findings-list').getByRole('option');
  await expect(rows.filter({ hasText: 'warning' })).toHaveCount(0);
  const scan = await cliJson<ScanReport>(['scan', '--demo', '--severity', 'critical']);
  await expect(rows).toHaveCount(scan.findings.filter((f) => f.severity === 'critical').length);
  const command = page.getByTestId('finding-detail').locator('.command code').first();
  const text = await command.textContent();
  await page.getByTestId('copy-command').first().click();
  await expect(page.getByTestId('notice')).toHaveText('copied the command');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
});

test('light and dark themes follow the system', async ({ page }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await open(page);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const dark = await background();
  await shot(page, testInfo, 'overview-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await background();
  expect(dark).not.toEqual(light);
  // Dark is dark: each channel below the middle.
  const channels = (dark.match(/\d+/g) ?? []).slice(0, 3).map(Number);
  expect(Math.max(...channels)).toBeLessThan(128);
});

test('the page carries a strict Content-Security-Policy', async ({ page }) => {
  await open(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/);
  // The built page has no inline script at all.
  const html = readFileSync(join(import.meta.dirname, '..', '..', 'out', 'renderer', 'index.html'), 'utf8');
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  // An inline script is refused (and reported).
  const ran = await page.evaluate(async () => {
    const refused = new Promise<string>((resolve) =>
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), {
        once: true,
      }),
    );
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    return {
      ran: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true,
      directive: await refused,
    };
  });
  expect(ran).toEqual({ ran: false, directive: expect.stringMatching(/^script-src/) });
});
