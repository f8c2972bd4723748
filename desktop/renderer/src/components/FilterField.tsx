// A list's filter box: `/` jumps into it (as in less, vim, k9s), Escape or ↓ goes back to the list.
import { useRef } from 'react';
import { KEY_LAYER, useKeys } from '../app/keys.js';

interface Props {
  label: string;
  placeholder: string;
  value: string;
  onChange(value: string): void;
  testId: string;
}

export function FilterField({ label, placeholder, value, onChange, testId }: Props) {
  const input = useRef<HTMLInputElement>(null);
  useKeys((event) => {
    if (event.key !== '/') return false;
    input.current?.focus();
    return true;
  }, KEY_LAYER.view);
  return (
    <input
      ref={input}
      className="filter"
      placeholder={`${placeholder} ( / )`}
      aria-label={label}
      data-testid={testId}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
