// A string-keyed cache bounded by entry count and total key length, evicting the oldest entries first.

/** Caches values by string key; never holds more than `maxEntries` keys or `maxChars` key characters. */
export class BoundedCache<V> {
  readonly #entries = new Map<string, V>();
  readonly #maxEntries: number;
  readonly #maxChars: number;
  #chars = 0;

  constructor(maxEntries: number, maxChars: number) {
    this.#maxEntries = maxEntries;
    this.#maxChars = maxChars;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  /** Stores `value` unless the key alone is larger than the whole budget. */
  set(key: string, value: V): void {
    if (key.length > this.#maxChars || this.#entries.has(key)) return;
    while (
      this.#entries.size > 0 &&
      (this.#entries.size >= this.#maxEntries || this.#chars + key.length > this.#maxChars)
    ) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
      this.#chars -= oldest.value.length;
    }
    this.#entries.set(key, value);
    this.#chars += key.length;
  }
}
