// Kubernetes label selector strings, evaluated against a label map. Used by the snapshot reader
// (the live reader lets the API server do it) and by the index.
import { badInput } from '../errors/index.js';

type Requirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'notexists'; key: string };

export function parseLabelSelector(selector: string): Requirement[] {
  const requirements: Requirement[] = [];
  for (const part of splitTopLevel(selector)) {
    const term = part.trim();
    if (!term) continue;
    let m = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (m) {
      const values = (m[3] ?? '').split(',').map((v) => v.trim());
      requirements.push({ op: m[2] as 'in' | 'notin', key: m[1] as string, values });
      continue;
    }
    m = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s,]*)$/.exec(term);
    if (m) {
      requirements.push({ op: m[2] === '!=' ? 'neq' : 'eq', key: m[1] as string, value: m[3] as string });
      continue;
    }
    m = /^(!?)([^\s!=(),]+)$/.exec(term);
    if (m) {
      requirements.push({ op: m[1] ? 'notexists' : 'exists', key: m[2] as string });
      continue;
    }
    throw badInput(`invalid label selector "${selector}"`);
  }
  return requirements;
}

export function matchesSelector(
  labels: Record<string, string> | undefined,
  selector: string | undefined,
): boolean {
  if (!selector) return true;
  const have = labels ?? {};
  return parseLabelSelector(selector).every((r) => {
    const value = have[r.key];
    switch (r.op) {
      case 'eq':
        return value === r.value;
      case 'neq':
        return value !== r.value;
      case 'in':
        return value !== undefined && r.values.includes(value);
      case 'notin':
        return value === undefined || !r.values.includes(value);
      case 'exists':
        return value !== undefined;
      default:
        return value === undefined; // notexists
    }
  });
}

/** Split on commas that are not inside parentheses (`a in (x,y),b`). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** A field selector (`involvedObject.name=x,involvedObject.kind!=Y`: equality on dotted paths, the
 * only form the API server accepts), evaluated on a whole object, as the API server would. */
export function matchesFieldSelector(obj: object, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const m = /^\s*([^\s!=]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(term);
    if (!m) throw badInput(`invalid field selector "${term}"`);
    let value: unknown = obj;
    for (const key of (m[1] as string).split('.'))
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    const equal = String(value ?? '') === m[3];
    return m[2] === '!=' ? !equal : equal;
  });
}
