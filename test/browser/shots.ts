// Screenshots of the views, saved as test artifacts (test-results/browser/...) and attached to the
// report. CUB_SCOUT_SCREENSHOTS=DIR also collects them under their plain names in DIR, where the
// best are picked for docs/screenshots and the README.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';

export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  // Let a background fetch or a graph's fit finish painting.
  await page.waitForTimeout(150);
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  const collect = process.env.CUB_SCOUT_SCREENSHOTS;
  if (collect) {
    mkdirSync(collect, { recursive: true });
    copyFileSync(path, join(collect, `${name}.png`));
  }
}
