// The shared history from the app's side: traces from the AI assistant (MCP over stdio), the CLI
// and the app itself are listed with their face, searchable by object and context; a saved trace
// opens; two are compared. Also: each context keeps its own view state when switching.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { execa } from 'execa';
import { BIN } from '../helpers/cli.js';
import { serverEnv, stdioClient } from '../mcp/client.js';
import { key, onView, rowWith } from './app.js';
import { shot } from './shots.js';
import { openApp, startUi, tempDir, type Ui } from './ui.js';

const SNAPSHOT = join(import.meta.dirname, '..', 'scenarios', 'ccve-flux');
let ui: Ui;
let historyDir: string;

test.beforeAll(async () => {
  historyDir = tempDir('shared-history');
  ui = await startUi(['--demo', '--snapshot', SNAPSHOT], { historyDir });
});
test.afterAll(async () => {
  await ui?.stop();
});

test('traces from the MCP server, the CLI and the app are listed with their face, and compare', async ({
  page,
}, testInfo) => {
  // The AI assistant traces nginx over MCP (stdio), writing to the same history store.
  const mcp = await stdioClient(['--demo'], serverEnv(historyDir));
  try {
    const result = await mcp.callTool({
      name: 'trace_resource',
      arguments: { resource: 'deployment/nginx', namespace: 'demo' },
    });
    expect(result.isError).toBeFalsy();
  } finally {
    await mcp.close();
  }
  // So does a person in a terminal.
  const cli = await execa('node', [BIN, 'trace', 'deployment/nginx', '-n', 'demo', '--demo'], {
    env: { NO_COLOR: '1', KUBECONFIG: '/nonexistent/kubeconfig', CUB_SCOUT_HISTORY_DIR: historyDir },
    reject: false,
  });
  expect(cli.exitCode).toBe(0);

  await openApp(page, ui.url);
  await expect(page.getByTestId('context-demo')).toBeVisible();
  await page.getByTestId('context-demo').click();
  // And the app (the third face).
  await key(page, 'w');
  await page.getByTestId('workloads-filter').fill('nginx');
  await rowWith(page.getByTestId('workloads-list'), 'Deployment', 'demo', 'nginx').click();
  await key(page, 't');
  await expect(page.getByTestId('problem-here')).toBeVisible();

  await key(page, 'H');
  await onView(page, 'history');
  const list = page.getByTestId('history-list');
  await expect(list.getByRole('option')).toHaveCount(3);
  for (const face of ['mcp', 'cli', 'desktop']) {
    await expect(list.getByRole('option').filter({ has: page.locator(`.face.${face}`) })).toHaveCount(1);
  }
  await expect(list.locator('.face.mcp')).toHaveText('mcp');
  await shot(page, testInfo, 'history');

  // Search: by object, and by context (the snapshot has no nginx).
  await page.getByTestId('history-object').fill('redis');
  await expect(list.getByRole('option')).toHaveCount(0);
  await page.getByTestId('history-object').fill('deploy/nginx');
  await expect(list.getByRole('option')).toHaveCount(3);
  await page.getByTestId('history-cluster').selectOption('ccve-flux');
  await expect(list.getByRole('option')).toHaveCount(0);
  await page.getByTestId('history-cluster').selectOption('demo');
  await expect(list.getByRole('option')).toHaveCount(3);

  // Enter opens the MCP's saved trace, with its face.
  await list
    .getByRole('option')
    .filter({ has: page.locator('.face.mcp') })
    .click();
  await key(page, 'Enter');
  await expect(page.getByTestId('saved-face')).toHaveText('mcp');
  await expect(page.getByTestId('problem-here')).toBeVisible();
  await key(page, 'q');

  // Pick two (space) and compare (c): the same state, nothing marked.
  await key(page, 'Home', ' ', 'ArrowDown', ' ', 'c');
  const compare = page.getByTestId('compare');
  await expect(compare).toBeVisible();
  await expect(compare.getByTestId('compare-link')).toHaveCount(5);
  await expect(compare.locator('[data-testid="compare-link"]:not([data-change="same"])')).toHaveCount(0);
  await expect(compare).toContainText('no difference');
  await key(page, 'q');
  await expect(compare).toBeHidden();
});

test('each context keeps its own view state when switching', async ({ page }, testInfo) => {
  await openApp(page, ui.url);
  await page.getByTestId('context-demo').click();
  await key(page, 'w');
  await page.getByTestId('workloads-filter').fill('nginx');
  await expect(rowWith(page.getByTestId('workloads-list'), 'Deployment', 'demo', 'nginx')).toHaveCount(1);

  await page.getByTestId('context-ccve-flux').click();
  await onView(page, 'overview');
  await key(page, 'i');
  await rowWith(page.getByTestId('pipelines-list'), 'Kustomization/flux-system/frozen').click();
  await expect(page.getByTestId('pipeline-graph')).toContainText('Kustomization/frozen');
  await shot(page, testInfo, 'pipelines-snapshot');

  // Back: the demo's workloads, still filtered; then the snapshot's pipeline, still selected.
  await page.getByTestId('context-demo').click();
  await onView(page, 'workloads');
  await expect(page.getByTestId('workloads-filter')).toHaveValue('nginx');
  await key(page, ']');
  await onView(page, 'pipelines');
  await expect(page.getByTestId('pipelines-list').getByRole('option', { selected: true })).toContainText(
    'Kustomization/flux-system/frozen',
  );
});
