/// <reference lib="dom" />
// What the browser specs read off the app: the view on screen, a list's rows, the trace chain.
import { expect, type Locator, type Page } from '@playwright/test';

export const view = (page: Page, name: string): Locator => page.getByTestId(`view-${name}`);

/** Press a key with nothing focused (the app's keys, not a text field's). */
export async function key(page: Page, ...keys: string[]): Promise<void> {
  for (const k of keys) await page.keyboard.press(k);
}

/** Wait until the view `name` shows. */
export async function onView(page: Page, name: string): Promise<void> {
  await expect(view(page, name)).toBeVisible();
}

/** Each chain link's line as text (name, mark, description; no PROBLEM HERE badge), whitespace
 * collapsed. */
export async function chainLines(page: Page): Promise<string[]> {
  return page.getByTestId('trace-link').evaluateAll((items) =>
    items.map((item) =>
      ['.link-name', '.mark', '.link-describe']
        .map((part) => item.querySelector(`.link-line ${part}`)?.textContent ?? '')
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
}

/** The CLI's chain lines (those carrying a mark), whitespace collapsed the same way. */
export function cliChainLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => /[✓✗⚠•]/.test(l) && !l.startsWith('TRACE'))
    .map((l) => l.replace(/\s+/g, ' ').trim());
}

/** The row of a list with a cell reading exactly each of `cells`. */
export function rowWith(list: Locator, ...cells: string[]): Locator {
  let row = list.getByRole('option');
  for (const cell of cells) {
    const exact = new RegExp(`^${cell.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    row = row.filter({ has: list.page().locator('.cell', { hasText: exact }) });
  }
  return row;
}
