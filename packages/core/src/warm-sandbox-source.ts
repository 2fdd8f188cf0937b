// The engine's warm sandbox pool, made (and the Docker code imported) when the first container step runs.
import type { Sandbox, WarmDockerSandbox, WarmPoolOptions } from '@skill/sandbox';

/** A warm pool that exists once a step has used it. */
export interface LazyWarmSandbox {
  /** The sandbox executors and skills run containers on: it makes the pool at its first run. */
  readonly sandbox: Sandbox;
  /** The pool, when a step made it already (for its counters). */
  current(): WarmDockerSandbox | undefined;
  /** Removes every pool container, idle or starting; nothing to do when no step made the pool. */
  close(): Promise<void>;
}

/** A warm pool with `options`, made at the first container run through {@link LazyWarmSandbox.sandbox}. */
export function lazyWarmSandbox(options: Partial<WarmPoolOptions>): LazyWarmSandbox {
  let made: WarmDockerSandbox | undefined;
  let making: Promise<WarmDockerSandbox> | undefined;
  const pool = (): Promise<WarmDockerSandbox> => {
    making ??= import('@skill/sandbox').then((sandbox) => {
      made = new sandbox.WarmDockerSandbox(options);
      return made;
    });
    return making;
  };
  return {
    sandbox: { run: async (spec) => (await pool()).run(spec) },
    current: () => made,
    async close() {
      // A pool still being made when the engine stops is closed once made, so none of its containers stay.
      const pool = await making?.catch(() => undefined);
      await pool?.close();
    },
  };
}
