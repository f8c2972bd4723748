// Answers sized for an assistant. Clients cut a tool result past a size (Claude Code: about 25k
// tokens) and the model then gets nothing, so whole-cluster answers are paged by size as well as
// by count: the default page fits in about 20k tokens (text and structured content together),
// and says what it left out and how to get it (a filter, or the cursor of the next page).

import { clip } from '../../shared/errors/clip.js';
import { badInput } from '../../shared/errors/index.js';

/** About 20k tokens at ~4 characters a token, text and structured content together. */
export const DEFAULT_BUDGET_CHARS = 80_000;

export interface Page<T> {
  shown: T[];
  /** Where the page starts in the whole ordered list. */
  offset: number;
  /** Items after the page; 0 on the last page. */
  after: number;
  /** The cursor of the next page, when there is one. */
  nextCursor?: string;
}

/** Items from `offset`, at most `limit`, while their cost fits `budget`: always at least one, so
 * that paging advances however big a single item is. */
export function pageBySize<T>(
  items: T[],
  options: { offset: number; limit: number; budget: number; cost: (item: T) => number },
): Page<T> {
  const shown: T[] = [];
  let spent = 0;
  for (let i = options.offset; i < items.length && shown.length < options.limit; i++) {
    const item = items[i] as T;
    const cost = options.cost(item);
    if (shown.length > 0 && spent + cost > options.budget) break;
    shown.push(item);
    spent += cost;
  }
  const next = options.offset + shown.length;
  const after = Math.max(0, items.length - next);
  return { shown, offset: options.offset, after, ...(after ? { nextCursor: String(next) } : {}) };
}

/** The offset a cursor from an earlier page stands for. */
export function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  if (!/^\d{1,9}$/.test(cursor))
    throw badInput(
      `cursor "${clip(cursor, 20)}" is not one this server gave: pass nextCursor of an earlier page`,
    );
  return Number(cursor);
}

/** Characters an item adds to the structured content. */
export function jsonSize(value: unknown): number {
  return JSON.stringify(value)?.length ?? 0;
}
