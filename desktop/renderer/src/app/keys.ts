// Keyboard handling in layers: a dialog sees a key first, then the view on screen (the trace
// view's d/l/h before the global d), then its list, and last the global view keys. A layer returns
// true when it used the key. Keys typed into a text field stay there (Escape or ↓ leaves it).
import { useEffect, useRef } from 'react';

export type KeyHandler = (event: KeyboardEvent) => boolean;

/** Who sees a key first: higher first. */
export const KEY_LAYER = { global: 0, list: 10, view: 20, dialog: 100 } as const;

const layers: { priority: number; handler: { current: KeyHandler } }[] = [];

function inTextField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

function dispatch(event: KeyboardEvent): void {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (inTextField(event.target)) {
    if (event.key === 'Escape' || event.key === 'ArrowDown' || event.key === 'Enter') {
      // Leave the field so that the list's keys work again.
      (event.target as HTMLElement).blur();
      if (event.key === 'Escape') event.preventDefault();
    }
    if (event.key !== 'ArrowDown') return;
  }
  for (let i = layers.length - 1; i >= 0; i--) {
    if (layers[i]?.handler.current(event)) {
      event.preventDefault();
      return;
    }
  }
}

let listening = false;

/** Add a key layer while the component is mounted. */
export function useKeys(handler: KeyHandler, priority: number = KEY_LAYER.list, active = true): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!active) return;
    if (!listening) {
      window.addEventListener('keydown', dispatch);
      listening = true;
    }
    const layer = { priority, handler: ref };
    layers.push(layer);
    // Stable: equal priorities keep their order, the newest last (seen first).
    layers.sort((a, b) => a.priority - b.priority);
    return () => {
      const at = layers.indexOf(layer);
      if (at >= 0) layers.splice(at, 1);
    };
  }, [active, priority]);
}

/** Arrow keys, j/k, Home/End, PageUp/PageDown on a list of `count` rows: the new index or null. */
export function moveSelection(event: KeyboardEvent, index: number, count: number, page = 15): number | null {
  if (count === 0) return null;
  const last = count - 1;
  switch (event.key) {
    case 'ArrowDown':
    case 'j':
      return Math.min(last, index + 1);
    case 'ArrowUp':
    case 'k':
      return Math.max(0, index - 1);
    case 'PageDown':
      return Math.min(last, index + page);
    case 'PageUp':
      return Math.max(0, index - page);
    case 'Home':
    case 'g':
      return 0;
    case 'End':
    case 'G':
      return last;
    default:
      return null;
  }
}
