// One resource per suite: opened in beforeAll, closed in afterAll, read through a getter inside tests and hooks.
import { afterAll, beforeAll } from 'vitest';

/**
 * Opens a resource for the calling suite in beforeAll and closes it in afterAll. Returns a getter, since the
 * resource exists only once the suite has started; `name` is used in the error when it is read too early.
 *
 * @example
 * const server = useSuiteResource('useMyServer', () => startMyServer(), (s) => s.close());
 * it('answers', async () => { await fetch(server().url); });
 */
export function useSuiteResource<T>(
  name: string,
  open: () => Promise<T>,
  close: (resource: T) => Promise<void>,
): () => T {
  let resource: { value: T } | undefined;
  beforeAll(async () => {
    resource = { value: await open() };
  });
  afterAll(async () => {
    if (resource) await close(resource.value);
  });
  return () => {
    if (!resource) throw new Error(`${name}: the resource is made in beforeAll; read it inside a test or hook`);
    return resource.value;
  };
}
