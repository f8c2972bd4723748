/// <reference lib="dom" />
// The desktop section of `npm run bench`: Debian's Chromium drives the renderer served by
// `cub-scout ui` (what a user sees, timed inside the page) against the demo, a synthetic 10k-object
// cluster and a 100k one (bench/generate.ts, written as snapshots). Figures: the demo's first
// screen with data, the 10k overview, a filter keystroke until the list is repainted, a warm trace
// opened, and at 100k the workloads list scrolled end to end with the rows in the DOM counted and
// the renderer's JS heap measured (CDP, after a GC).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/browser/chromium.js';
import { startUi, type Ui } from '../test/browser/ui.js';
import { generateCluster } from './generate.js';

export interface DesktopFigures {
  demoFirstScreenMs: number;
  demoWarmScreenMs: number;
  overview10kMs: number;
  filterKeystrokeMs: number[];
  warmTraceMs: number[];
  overview100kMs: number;
  scroll100k: { total: number; jumps: number; maxDomRows: number; jumpMs: number[] };
  heap100kMb: number;
}

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');

/** Run the desktop bench and print its figures (or why it could not run). */
export async function printDesktop(root: string, dir: string): Promise<void> {
  console.log('\nDESKTOP (cub-scout ui in Chromium)');
  if (!existsSync(CHROMIUM_PATH)) {
    console.log(`  skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);
    return;
  }
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    console.log('  skipped: the renderer is not built (npm run build)');
    return;
  }
  const f = await measureDesktop(join(root, 'dist', 'cli', 'bin.js'), dir);
  console.log(
    `  demo: first screen with data   ${ms(f.demoFirstScreenMs)} after navigation, server cold  target ≤ 1 s: ${mark(f.demoFirstScreenMs <= 1000)}`,
  );
  console.log(`                                 ${ms(f.demoWarmScreenMs)} on a second navigation`);
  console.log(
    `  10k: overview interactive      ${ms(f.overview10kMs)} (server reads and indexes the snapshot first)  target ≤ 2 s: ${mark(f.overview10kMs <= 2000)}`,
  );
  console.log(
    `  10k: filter keystroke repaint  median ${ms(median(f.filterKeystrokeMs))} (${f.filterKeystrokeMs.map(ms).join(', ')})  target ≤ 50 ms: ${mark(median(f.filterKeystrokeMs) <= 50)}`,
  );
  console.log(
    `  10k: warm trace opened         median ${ms(median(f.warmTraceMs))} (${f.warmTraceMs.map(ms).join(', ')})  target ≤ 100 ms: ${mark(median(f.warmTraceMs) <= 100)}`,
  );
  console.log(`  100k: overview                 ${ms(f.overview100kMs)}`);
  console.log(
    `  100k: workloads scrolled       ${f.scroll100k.total} rows, ${f.scroll100k.jumps} jumps to the end, at most ${f.scroll100k.maxDomRows} rows in the DOM, rows shown ${f.scroll100k.jumpMs.map(ms).join(', ')} after each jump`,
  );
  console.log(
    `  100k: renderer JS heap         ${f.heap100kMb.toFixed(1)} MB after scrolling (after GC)  target ≤ 300 MB: ${mark(f.heap100kMb <= 300)}`,
  );
}

export async function measureDesktop(bin: string, dir: string): Promise<DesktopFigures> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const demo = await withUi(bin, ['--demo'], (ui) => demoFigures(browser, ui));
    const ten = await withUi(bin, ['--snapshot', snapshot(dir, 10_000)], (ui) => clusterFigures(browser, ui));
    const hundred = await withUi(bin, ['--snapshot', snapshot(dir, 100_000)], (ui) =>
      bigListFigures(browser, ui),
    );
    return { ...demo, ...ten, ...hundred };
  } finally {
    await browser.close();
  }
}

function snapshot(dir: string, size: number): string {
  const file = join(dir, `desktop-${size}.json`);
  if (!existsSync(file)) {
    const { objects } = generateCluster(size);
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  }
  return file;
}

async function withUi<T>(bin: string, args: string[], run: (ui: Ui) => Promise<T>): Promise<T> {
  const ui = await startUi(args, { bin, env: { NODE_OPTIONS: '--max-old-space-size=4096' } });
  try {
    return await run(ui);
  } finally {
    await ui.stop();
  }
}

/** Milliseconds from navigation start until the overview's counts are on screen. */
async function overviewShown(page: Page, url: string, timeout = 120_000): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="count-pipelines-total"]') !== null,
    undefined,
    {
      polling: 'raf',
      timeout,
    },
  );
  return page.evaluate(() => performance.now());
}

async function demoFigures(browser: Browser, ui: Ui) {
  {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const demoFirstScreenMs = await overviewShown(page, ui.url);
    // The token left the address bar; the tab keeps it.
    const demoWarmScreenMs = await overviewShown(page, page.url());
    await page.close();
    return { demoFirstScreenMs, demoWarmScreenMs };
  }
}

async function clusterFigures(browser: Browser, ui: Ui) {
  {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const overview10kMs = await overviewShown(page, ui.url);
    await page.keyboard.press('w');
    await page.waitForSelector('[data-testid="workloads-list"] [role="option"] .cell');
    const filterKeystrokeMs: number[] = [];
    for (const char of ['l', 'z', 'd', 'x', 'w']) {
      await page.getByTestId('workloads-filter').fill('');
      await waitForRows(page);
      filterKeystrokeMs.push(await keystrokeRepaint(page, char));
    }
    await page.getByTestId('workloads-filter').fill('');
    await waitForRows(page);
    await page.keyboard.press('Escape');
    // Warm: one trace first (and the index is warm since the overview); then other objects.
    const warmTraceMs: number[] = [];
    for (let i = 0; i < 6; i++) {
      await page.locator('[data-testid="workloads-list"] [role="option"]').nth(i).click();
      const took = await traceOpened(page);
      if (i > 0) warmTraceMs.push(took);
      await page.keyboard.press('q');
      await page.waitForSelector('[data-testid="workloads-list"]');
    }
    await page.close();
    return { overview10kMs, filterKeystrokeMs, warmTraceMs };
  }
}

async function waitForRows(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.loading-row'), undefined, { polling: 'raf' });
}

/** Type one character into the filter; ms from the keydown until the list shows the new total and
 * a frame was painted. */
async function keystrokeRepaint(page: Page, char: string): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { repaint?: Promise<number> };
    const input = document.querySelector('[data-testid="workloads-filter"]') as HTMLInputElement;
    const hint = document.querySelector('.workloads .view-head .hint') as HTMLElement;
    w.repaint = new Promise((resolve) => {
      input.addEventListener(
        'keydown',
        (event) => {
          const before = hint.textContent;
          const started = event.timeStamp;
          const observer = new MutationObserver(() => {
            if (hint.textContent === before) return;
            observer.disconnect();
            requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started)));
          });
          observer.observe(hint, { subtree: true, childList: true, characterData: true });
        },
        { once: true },
      );
    });
  });
  await page.getByTestId('workloads-filter').focus();
  await page.keyboard.press(char);
  return page.evaluate(() => (window as unknown as { repaint: Promise<number> }).repaint);
}

/** Press `t` on the selected row; ms until the chain is on screen and painted. */
async function traceOpened(page: Page): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { traced?: Promise<number> };
    w.traced = new Promise((resolve) => {
      window.addEventListener(
        'keydown',
        (event) => {
          const started = event.timeStamp;
          const check = () => {
            if (document.querySelector('[data-testid="trace-chain"]'))
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started)));
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        },
        { once: true, capture: true },
      );
    });
  });
  await page.keyboard.press('t');
  return page.evaluate(() => (window as unknown as { traced: Promise<number> }).traced);
}

async function bigListFigures(browser: Browser, ui: Ui) {
  {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const overview100kMs = await overviewShown(page, ui.url, 600_000);
    await page.keyboard.press('w');
    await page.waitForSelector('[data-testid="workloads-list"] [role="option"] .cell', { timeout: 600_000 });
    const total = Number(
      (await page.locator('.workloads .view-head .hint').textContent())?.replace(/\D/g, ''),
    );
    const jumpMs: number[] = [];
    let maxDomRows = 0;
    const fractions = [0.1, 0.25, 0.5, 0.75, 0.9, 1];
    for (const fraction of fractions) {
      const started = Date.now();
      await page.evaluate((f) => {
        const body = document.querySelector('.rowlist-body') as HTMLElement;
        body.scrollTop = (body.scrollHeight - body.clientHeight) * f;
      }, fraction);
      await page.waitForTimeout(50);
      await waitForRows(page);
      jumpMs.push(Date.now() - started);
      maxDomRows = Math.max(maxDomRows, await page.locator('[role="option"]').count());
    }
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
    await page.close();
    return {
      overview100kMs,
      scroll100k: { total, jumps: fractions.length, maxDomRows, jumpMs },
      heap100kMb: heap / 1024 / 1024,
    };
  }
}
