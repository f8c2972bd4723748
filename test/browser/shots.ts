// Screenshots of the views, saved as test artifacts (test-results/browser/...) and attached to the
// report; the best of them are copied by hand to docs/screenshots for the README.
import type { Page, TestInfo } from '@playwright/test';

export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  // Let a background fetch or a graph's fit finish painting.
  await page.waitForTimeout(150);
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
