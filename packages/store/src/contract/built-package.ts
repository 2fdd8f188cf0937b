// The store package as built (dist/, with Kysely bundled into one file), for running the contract against it too.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built package's entry points the contract needs. */
export type BuiltStorePackage = Pick<typeof import('../index.js'), 'openSqliteStore' | 'openPostgresStore'>;

const entry = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/**
 * dist/index.js when it was built; undefined (with a visible notice) when not, which fails instead under
 * SKILL_REQUIRE_INTEGRATION=1 (CI builds before testing).
 */
export async function builtStorePackage(): Promise<BuiltStorePackage | undefined> {
  if (existsSync(entry)) return (await import(entry)) as BuiltStorePackage;
  if (process.env.SKILL_REQUIRE_INTEGRATION === '1') throw new Error(`the store package is not built: ${entry}`);
  console.warn(`[store] SKIPPING the contract against the built package: ${entry} is missing (run the build)`);
  return undefined;
}
