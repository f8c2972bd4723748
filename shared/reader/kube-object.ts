// The shape of a Kubernetes object the engine relies on, checked where objects enter (snapshot
// files, live lists and gets): one object with a string `ownerReferences` or a `null` list item is
// skipped with a warning naming it, instead of failing the whole run with a raw JavaScript error.
// spec and status stay unchecked: each delivery module reads the fields it knows, defensively.
import { z } from 'zod';
import type { KubeObject } from './types.js';

/** `null` in YAML (`labels:` with nothing after it) means absent, as the API server treats it. */
const absent = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const optionalString = absent(z.string());
const stringMap = absent(z.record(z.string(), z.string()));

const OwnerReferenceSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: optionalString,
  controller: absent(z.boolean()),
});

const ManagedFieldsEntrySchema = z.looseObject({
  manager: optionalString,
  operation: optionalString,
  time: optionalString,
  apiVersion: optionalString,
  subresource: optionalString,
});

const ObjectMetaSchema = z.looseObject({
  name: z.string().min(1),
  namespace: optionalString,
  uid: optionalString,
  generation: absent(z.number()),
  resourceVersion: optionalString,
  creationTimestamp: optionalString,
  deletionTimestamp: optionalString,
  labels: stringMap,
  annotations: stringMap,
  ownerReferences: absent(z.array(OwnerReferenceSchema)),
  managedFields: absent(z.array(ManagedFieldsEntrySchema)),
});

const KubeObjectSchema = z.looseObject({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  metadata: ObjectMetaSchema,
});

/** Objects already checked (a snapshot checks at load; the index checks what any reader returns). */
const checked = new WeakSet<object>();

export type CheckedObject = { ok: true; object: KubeObject } | { ok: false; reason: string };

/** The object as the engine may use it, or why it does not fit (the first problem, one line). */
export function checkObject(raw: unknown): CheckedObject {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, reason: 'not an object' };
  if (checked.has(raw)) return { ok: true, object: raw as KubeObject };
  const parsed = KubeObjectSchema.safeParse(raw);
  if (parsed.success) {
    checked.add(parsed.data);
    return { ok: true, object: parsed.data as KubeObject };
  }
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, reason: `${where}${issue?.message ?? 'invalid'}` };
}

/** `ConfigMap demo/web` from whatever string fields a raw object has, for warnings. */
export function describeRaw(raw: unknown): string {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const meta = (typeof o.metadata === 'object' && o.metadata !== null ? o.metadata : {}) as Record<
    string,
    unknown
  >;
  const text = (v: unknown) => (typeof v === 'string' && v ? v.slice(0, 100) : undefined);
  const kind = text(o.kind) ?? 'object';
  const name = text(meta.name) ?? '(no name)';
  const namespace = text(meta.namespace);
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** Collects warnings up to a limit, then counts the rest: a file of 100,000 bad objects must not
 * put 100,000 lines into every answer. */
export class WarningList {
  private readonly shown: string[] = [];
  private dropped = 0;

  constructor(private readonly limit = 20) {}

  add(warning: string): void {
    if (this.shown.length < this.limit) this.shown.push(warning);
    else this.dropped++;
  }

  list(): string[] {
    return this.dropped ? [...this.shown, `… and ${this.dropped} more warnings like these`] : [...this.shown];
  }
}

/** The objects that fit; each one that does not becomes a warning `<where>: skipped <object>: <why>`. */
export function keepValidObjects(raws: unknown[], where: string, warn: (w: string) => void): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const raw of raws) {
    const result = checkObject(raw);
    if (result.ok) objects.push(result.object);
    else warn(`${where}: skipped ${describeRaw(raw)}: ${result.reason}`);
  }
  return objects;
}
