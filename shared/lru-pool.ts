// A bounded set of expensive things opened on demand (engines, worker threads), one per key: the
// least recently used is closed when a new one would pass the bound, and one unused for `idleMs`
// is closed too. Concurrent callers of one key share one open; a failed open is forgotten so that
// the next call retries.

export interface LruPoolOptions<T> {
  /** How many may be open at once (at least 1). */
  max: number;
  /** Close one nobody asked for in this long; 0 = never. */
  idleMs?: number;
  open(key: string): Promise<T>;
  close(value: T): Promise<void> | void;
}

interface Slot<T> {
  pending: Promise<T>;
  idle?: NodeJS.Timeout;
}

export class LruPool<T> {
  /** Insertion order is recency: the first key is the least recently used. */
  private readonly slots = new Map<string, Slot<T>>();
  private readonly max: number;

  constructor(private readonly options: LruPoolOptions<T>) {
    this.max = Math.max(1, Math.floor(options.max));
  }

  /** The value for `key`, opened on first use; marks it most recently used. */
  get(key: string): Promise<T> {
    let slot = this.slots.get(key);
    if (slot) this.slots.delete(key);
    else {
      const pending = this.options.open(key);
      const created: Slot<T> = { pending };
      slot = created;
      pending.catch(() => {
        if (this.slots.get(key) === created) this.forget(key);
      });
    }
    this.slots.set(key, slot);
    this.armIdle(key, slot);
    for (const oldest of this.slots.keys()) {
      if (this.slots.size <= this.max) break;
      void this.evict(oldest);
    }
    return slot.pending;
  }

  /** Keys open now, least recently used first. */
  keys(): string[] {
    return [...this.slots.keys()];
  }

  get size(): number {
    return this.slots.size;
  }

  /** Close one now (an idle timeout, the bound, or a caller that knows it is broken). */
  async evict(key: string): Promise<void> {
    const slot = this.forget(key);
    if (!slot) return;
    const value = await slot.pending.catch(() => undefined);
    if (value !== undefined) await this.options.close(value);
  }

  async close(): Promise<void> {
    await Promise.all(this.keys().map((key) => this.evict(key)));
  }

  private forget(key: string): Slot<T> | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    clearTimeout(slot.idle);
    this.slots.delete(key);
    return slot;
  }

  private armIdle(key: string, slot: Slot<T>): void {
    const idleMs = this.options.idleMs ?? 0;
    if (idleMs <= 0) return;
    clearTimeout(slot.idle);
    slot.idle = setTimeout(() => void this.evict(key), idleMs);
    slot.idle.unref(); // an idle timer never keeps the process alive
  }
}
