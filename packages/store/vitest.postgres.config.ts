// Standalone vitest config for the PostgreSQL store tests (what the root `postgres` project runs):
//   npx vitest run --config packages/store/vitest.postgres.config.ts
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Vitest hands ssr.resolve.conditions to Node as --conditions: 'import'/'module' there make require() pick ESM
// builds of CommonJS packages (pg's require('pg-pool') then gets a module namespace), so they are left out.
const sourceConditions = ['@skill/source', 'node'];

export default defineConfig({
  root,
  resolve: { conditions: [...sourceConditions, 'import', 'module', 'default'] },
  ssr: { resolve: { conditions: sourceConditions, externalConditions: ['@skill/source'] } },
  test: {
    name: 'postgres',
    include: ['packages/store/test/**/*.test.ts'],
    globalSetup: ['packages/store/test/postgres-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
