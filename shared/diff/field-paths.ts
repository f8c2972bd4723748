// Field paths as people read them (`spec.template.spec.containers[name=web].image`), for both sides
// of a diff: the walk over desired and live objects, and managedFields' fieldsV1 sets, whose keys
// are `f:<field>`, `k:<json of the list item's keys>`, `v:<json of a set value>`, `i:<index>`, and
// `.` (the item itself). Both render list items the same way, so a changed path can be matched to
// the manager that owns it.

const PLAIN_FIELD = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `a.b`, or `a["app.kubernetes.io/name"]` for a key that is not a plain name. */
export function fieldPath(parent: string, field: string): string {
  if (PLAIN_FIELD.test(field)) return parent ? `${parent}.${field}` : field;
  return `${parent}[${JSON.stringify(field)}]`;
}

/** A list item by its keys: `containers[name=web]`, `ports[containerPort=80,protocol=TCP]`. */
export function keyedItemPath(parent: string, keys: Record<string, unknown>): string {
  const parts = Object.entries(keys).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return `${parent}[${parts.join(',')}]`;
}

export function indexPath(parent: string, index: number | string): string {
  return `${parent}[${index}]`;
}

/** What a managedFields entry owns: `leaves` are the fields it set (what people want listed);
 * `owned` also holds list items and map entries it created as a whole (`.`). */
export interface OwnedFields {
  leaves: string[];
  owned: Set<string>;
}

/** Decode a fieldsV1 set. Malformed parts are skipped (it is the server's data, but never trusted). */
export function decodeFieldsV1(fields: unknown): OwnedFields {
  const result: OwnedFields = { leaves: [], owned: new Set() };
  walk(fields, '', result, 0);
  return result;
}

const MAX_DEPTH = 64;

function walk(node: unknown, prefix: string, out: OwnedFields, depth: number): void {
  if (!node || typeof node !== 'object' || Array.isArray(node) || depth > MAX_DEPTH) return;
  for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
    if (key === '.') continue;
    const path = segmentPath(prefix, key);
    if (path === undefined) continue;
    const children =
      child && typeof child === 'object' && !Array.isArray(child)
        ? Object.keys(child as object).filter((k) => k !== '.')
        : [];
    if (children.length === 0) {
      out.leaves.push(path);
      out.owned.add(path);
      continue;
    }
    if (Object.hasOwn(child as object, '.')) out.owned.add(path);
    walk(child, path, out, depth + 1);
  }
}

function segmentPath(prefix: string, key: string): string | undefined {
  const body = key.slice(2);
  if (key.startsWith('f:')) return fieldPath(prefix, body);
  if (key.startsWith('i:')) return indexPath(prefix, body);
  if (key.startsWith('v:')) return `${prefix}[${body}]`;
  if (key.startsWith('k:')) {
    try {
      const keys = JSON.parse(body) as unknown;
      if (keys && typeof keys === 'object' && !Array.isArray(keys))
        return keyedItemPath(prefix, keys as Record<string, unknown>);
    } catch {
      // fall through: shown as it is
    }
    return `${prefix}[${body}]`;
  }
  return undefined;
}

/** `child` is `parent` or lies under it (`a.b` under `a`, `a[x]` under `a`, not `ab` under `a`). */
export function isUnder(child: string, parent: string): boolean {
  if (child === parent) return true;
  if (!child.startsWith(parent)) return false;
  const next = child[parent.length];
  return next === '.' || next === '[';
}
