// A long list that stays fast at any length: only the rows in view are in the DOM
// (@tanstack/react-virtual). The selected row moves with ↑/↓ (j/k, PageUp/PageDown, Home/End),
// Enter opens it and `t` traces it; a click selects, a double click opens. Rows not loaded yet
// (server-side paging) render as placeholders.
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useEffect, useRef } from 'react';
import { moveSelection, useKeys } from '../app/keys.js';

export interface Column<T> {
  label: string;
  /** CSS grid track, e.g. `8rem` or `1fr`. */
  width: string;
  render(row: T): ReactNode;
  /** Clicking the header sorts by this column. */
  sortKey?: string;
}

interface Props<T> {
  label: string;
  count: number;
  /** The row at an index, or undefined while its page loads. */
  rowAt(index: number): T | undefined;
  columns: Column<T>[];
  selected: number;
  onSelect(index: number): void;
  onOpen?(row: T, index: number): void;
  onTrace?(row: T, index: number): void;
  /** Called with the visible index range (to load pages). */
  onRange?(first: number, last: number): void;
  sort?: { key: string; desc: boolean; onSort(key: string): void };
  rowClass?(row: T): string;
  empty?: ReactNode;
  testId?: string;
}

const ROW_HEIGHT = 30;

export function RowList<T>(props: Props<T>) {
  const { count, selected, onSelect, rowAt, onOpen, onTrace, onRange } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    onRange?.(first, last);
  }, [first, last, onRange]);

  useEffect(() => {
    if (count > 0 && selected < count) virtualizer.scrollToIndex(selected, { align: 'auto' });
  }, [selected, count, virtualizer]);

  useKeys((event) => {
    const next = moveSelection(event, selected, count, Math.max(1, last - first - 2));
    if (next !== null) {
      onSelect(next);
      return true;
    }
    const row = rowAt(selected);
    if (event.key === 'Enter' && row !== undefined && onOpen) {
      onOpen(row, selected);
      return true;
    }
    if (event.key === 't' && row !== undefined && onTrace) {
      onTrace(row, selected);
      return true;
    }
    return false;
  });

  const template = props.columns.map((c) => c.width).join(' ');
  return (
    <div className="rowlist" data-testid={props.testId}>
      <div className="rowlist-head" style={{ gridTemplateColumns: template }}>
        {props.columns.map((c) =>
          c.sortKey && props.sort ? (
            <button
              type="button"
              key={c.label}
              className="colhead sortable"
              onClick={() => props.sort?.onSort(c.sortKey as string)}
              title={`sort by ${c.label.toLowerCase()}`}
            >
              {c.label}
              {props.sort.key === c.sortKey ? (props.sort.desc ? ' ▼' : ' ▲') : ''}
            </button>
          ) : (
            <span key={c.label} className="colhead">
              {c.label}
            </span>
          ),
        )}
      </div>
      <div className="rowlist-body" ref={scroller} role="listbox" aria-label={props.label} tabIndex={-1}>
        {count === 0 ? (
          <div className="empty">{props.empty ?? 'Nothing to show.'}</div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rowAt(item.index);
              return (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the list's key layer moves and opens rows (↑/↓/Enter) for the whole list
                <div
                  key={item.key}
                  role="option"
                  tabIndex={-1}
                  aria-selected={item.index === selected}
                  data-index={item.index}
                  className={`row${item.index === selected ? ' selected' : ''}${row && props.rowClass ? ` ${props.rowClass(row)}` : ''}`}
                  style={{
                    gridTemplateColumns: template,
                    transform: `translateY(${item.start}px)`,
                    height: ROW_HEIGHT,
                  }}
                  onClick={() => onSelect(item.index)}
                  onDoubleClick={() => row !== undefined && onOpen?.(row, item.index)}
                >
                  {row === undefined ? (
                    <span className="loading-row">…</span>
                  ) : (
                    props.columns.map((c) => (
                      <span key={c.label} className="cell">
                        {c.render(row)}
                      </span>
                    ))
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
