// Test support for coordination tests: a store whose every call fails once cut off (a coordinator cut off from the database).
import type { ExecutionStore } from '@skill/workflow-model';

/** `store`, failing every call with "connection lost" once `cut.off` is set. */
export function cuttable(store: ExecutionStore): { store: ExecutionStore; cut: { off: boolean } } {
  const cut = { off: false };
  const proxy = new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        cut.off ? Promise.reject(new Error('connection lost')) : value.apply(target, args);
    },
  });
  return { store: proxy, cut };
}
