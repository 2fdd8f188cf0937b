// The pool's bookkeeping: idle containers per key, refills in the background, idle expiry, the memory ceiling, and a clean close.
import type { WarmPlan } from './warm-launch.js';
import type { WarmPoolOptions } from './warm-pool-options.js';

/** A pooled thing: the pool only needs its key and memory limit. */
export interface Pooled {
  readonly key: string;
  readonly memoryBytes: number;
  /** Settles when the container exits; one that exits while idle leaves the pool. */
  readonly exited?: Promise<unknown>;
}

/** What the pool does with containers (the sandbox starts and removes them). */
export interface PoolHooks<T extends Pooled> {
  /** Creates and starts one idle container of `plan`; `signal` fires when the pool closes. */
  start(plan: WarmPlan, signal: AbortSignal): Promise<T>;
  /** Removes a container (used, expired, or left at close). */
  discard(item: T): Promise<void>;
}

/** A key's state: its idle containers (oldest first), how many are starting, and runs waiting for one. */
interface KeyState<T> {
  plan: WarmPlan;
  idle: Array<{ item: T; timer: NodeJS.Timeout }>;
  starting: number;
  waiters: Array<(item: T | undefined) => void>;
  /** After a failed start, no new start before this time (ms since the epoch). */
  pausedUntil: number;
}

/** Counters of a pool (tests and benches read them). */
export interface WarmPoolStats {
  /** Runs that got a warm container. */
  hits: number;
  /** Runs that found none (they run cold). */
  misses: number;
  idle: number;
  starting: number;
  /** Starts that failed (image missing, no /bin/sh ...): the key pauses for a while. */
  failures: number;
}

/** How long a key whose container failed to start waits before it tries again. */
const PAUSE_AFTER_FAILURE_MS = 30_000;

/** Pre-started containers per key, each handed out once; see {@link WarmPool.take}. */
export class WarmPool<T extends Pooled> {
  private readonly keys = new Map<string, KeyState<T>>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly closing = new AbortController();
  private readonly filled = new Set<() => void>();
  private memoryBytes = 0;
  private readonly counts = { hits: 0, misses: 0, failures: 0 };

  constructor(
    private readonly options: WarmPoolOptions,
    private readonly hooks: PoolHooks<T>,
  ) {}

  /** Hits, misses and failures so far; idle and starting containers now. */
  stats(): WarmPoolStats {
    let idle = 0;
    let starting = 0;
    for (const state of this.keys.values()) {
      idle += state.idle.length;
      starting += state.starting;
    }
    return { ...this.counts, idle, starting };
  }

  /** The summed memory limits of the idle and starting containers (bytes). */
  memoryInUse(): number {
    return this.memoryBytes;
  }

  /**
   * A ready container of `plan.key`, taken out of the pool for good; while none is ready but one is
   * starting, waits for it (it started before a cold container would). Undefined when there is none (the
   * caller runs cold), when `signal` fires while waiting, or after close. Learns the key and refills it.
   */
  async take(plan: WarmPlan, signal: AbortSignal): Promise<T | undefined> {
    if (this.closing.signal.aborted || signal.aborted) return undefined;
    const state = this.keyState(plan);
    const ready = state.idle.shift();
    if (ready !== undefined) {
      clearTimeout(ready.timer);
      this.release(ready.item);
      this.counts.hits += 1;
      return ready.item; // refilled when the run is over (see finished): a start now would slow this run down
    }
    // Containers started before this run and not promised to a run waiting already: one is ready sooner than a cold start.
    const unpromised = state.starting - state.waiters.length;
    this.refill(state);
    if (unpromised <= 0) {
      this.counts.misses += 1;
      return undefined;
    }
    const item = await this.wait(state, signal);
    if (item === undefined) this.counts.misses += 1;
    else this.counts.hits += 1;
    return item;
  }

  /** Learns `plan`'s key and resolves once `count` containers of it are ready (or starting one failed). */
  async fill(plan: WarmPlan, count = this.options.size): Promise<void> {
    const key = this.keyState(plan);
    const failures = this.counts.failures;
    for (let round = 0; round < 1000 && key.idle.length < Math.min(count, this.options.size); round++) {
      this.refill(key);
      if (key.starting === 0 || this.counts.failures > failures) return;
      await new Promise<void>((resolve) => this.filled.add(resolve));
    }
  }

  /** Stops refilling, wakes waiting runs, waits for starting containers and removes every container of the pool. */
  async close(): Promise<void> {
    this.closing.abort();
    for (const state of this.keys.values()) {
      for (const waiter of state.waiters.splice(0)) waiter(undefined);
      for (const { item, timer } of state.idle.splice(0)) {
        clearTimeout(timer);
        this.release(item);
        this.discard(item);
      }
    }
    this.keys.clear();
    for (let round = 0; round < 100 && this.pending.size > 0; round++) await Promise.allSettled([...this.pending]);
  }

  /** A run is over with `item`: removed in the background, and a new container of its key started. */
  finished(item: T): void {
    this.discard(item);
    const state = this.keys.get(item.key);
    if (state !== undefined) this.refill(state);
  }

  /** Removes a container in the background; {@link close} waits for it. */
  discard(item: T): void {
    this.track(this.hooks.discard(item).catch(() => undefined));
  }

  /** The state of `plan`'s key, learned now if it is new. */
  private keyState(plan: WarmPlan): KeyState<T> {
    let state = this.keys.get(plan.key);
    if (state === undefined) {
      state = { plan, idle: [], starting: 0, waiters: [], pausedUntil: 0 };
      this.keys.set(plan.key, state);
    }
    return state;
  }

  private wait(state: KeyState<T>, signal: AbortSignal): Promise<T | undefined> {
    return new Promise((resolve) => {
      const onAbort = (): void => {
        state.waiters = state.waiters.filter((waiter) => waiter !== give);
        resolve(undefined);
      };
      const give = (item: T | undefined): void => {
        signal.removeEventListener('abort', onAbort);
        resolve(item);
      };
      state.waiters.push(give);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Starts containers until the key has `size` idle or starting, within the memory ceiling. */
  private refill(state: KeyState<T>): void {
    const { size, memoryCeilingBytes } = this.options;
    const need = state.plan.memoryBytes;
    while (
      !this.closing.signal.aborted &&
      Date.now() >= state.pausedUntil &&
      state.idle.length + state.starting < size &&
      this.memoryBytes + need <= memoryCeilingBytes
    ) {
      state.starting += 1;
      this.memoryBytes += need;
      this.track(
        this.hooks.start(state.plan, this.closing.signal).then(
          (item) => this.started(state, item),
          () => this.failed(state),
        ),
      );
    }
  }

  private started(state: KeyState<T>, item: T): void {
    state.starting -= 1;
    const waiter = state.waiters.shift();
    if (this.closing.signal.aborted || this.keys.get(state.plan.key) !== state) {
      this.release(item);
      this.discard(item);
    } else if (waiter !== undefined) {
      this.release(item);
      waiter(item);
    } else {
      const timer = setTimeout(() => this.expire(state, item), this.options.idleMs);
      timer.unref();
      state.idle.push({ item, timer });
      const gone = (): void => this.expire(state, item);
      item.exited?.then(gone, gone);
    }
    this.notifyFilled();
  }

  private failed(state: KeyState<T>): void {
    state.starting -= 1;
    this.counts.failures += 1;
    this.memoryBytes -= state.plan.memoryBytes;
    state.pausedUntil = Date.now() + PAUSE_AFTER_FAILURE_MS;
    if (state.starting === 0) for (const waiter of state.waiters.splice(0)) waiter(undefined);
    this.notifyFilled();
  }

  /** An idle container waited too long or exited: removed; a key left with nothing is forgotten. */
  private expire(state: KeyState<T>, item: T): void {
    const index = state.idle.findIndex((entry) => entry.item === item);
    if (index === -1) return;
    const [entry] = state.idle.splice(index, 1);
    clearTimeout(entry?.timer);
    this.release(item);
    this.discard(item);
    if (state.idle.length === 0 && state.starting === 0 && state.waiters.length === 0) {
      this.keys.delete(state.plan.key);
    }
  }

  /** The container leaves the pool's idle set (taken, expired or closed): its memory no longer counts. */
  private release(item: T): void {
    this.memoryBytes -= item.memoryBytes;
  }

  private notifyFilled(): void {
    const listeners = [...this.filled];
    this.filled.clear();
    for (const listener of listeners) listener();
  }

  private track(promise: Promise<unknown>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }
}
