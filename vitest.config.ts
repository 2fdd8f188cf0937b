// Vitest configuration: unit tests beside the code, resolved against package sources (no build needed),
// plus gated projects for real Docker, PostgreSQL and multi-process integration tests.
import { defineConfig } from 'vitest/config';

// Vitest hands ssr.resolve.conditions to Node as --conditions: 'import'/'module' there would make require()
// pick ESM builds of CommonJS packages (pg's require('pg-pool') then gets a module namespace).
const ssrConditions = ['@skill/source', 'node'];
const integration = { testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false };

export default defineConfig({
  resolve: { conditions: [...ssrConditions, 'import', 'module', 'default'] },
  ssr: { resolve: { conditions: ssrConditions, externalConditions: ['@skill/source'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'examples/**/*.test.ts'],
          exclude: [
            '**/node_modules/**',
            '**/*.docker.test.ts',
            '**/*.integration.test.ts',
            '**/*.browser.test.ts',
            '**/*.postgres.test.ts',
            '**/*.attack.test.ts',
          ],
          // A hang guard, not a timing check: tests that start processes take several times longer on a loaded machine.
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'docker',
          include: ['packages/*/src/**/*.docker.test.ts', 'examples/**/*.docker.test.ts'],
          ...integration,
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: [
            'packages/store/test/**/*.test.ts',
            'packages/*/src/**/*.postgres.test.ts',
            'apps/*/src/**/*.postgres.test.ts',
          ],
          globalSetup: ['packages/store/test/postgres-global-setup.ts'],
          ...integration,
        },
      },
      {
        extends: true,
        // Steps dispatched through BullMQ to real `skill worker` processes: a throwaway redis-server and PostgreSQL.
        test: {
          name: 'distributed',
          include: ['packages/queue/test/**/*.distributed.test.ts'],
          globalSetup: [
            'packages/store/test/postgres-global-setup.ts',
            'packages/queue/test/distributed-global-setup.ts',
          ],
          ...integration,
        },
      },
      {
        extends: true,
        test: { name: 'browser', include: ['apps/web/test/**/*.browser.test.ts'], ...integration },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['apps/*/src/**/*.integration.test.ts', 'packages/*/src/**/*.integration.test.ts'],
          ...integration,
        },
      },
      {
        extends: true,
        // The attack suite (docs/security.md): a real server and real Docker, attacked as an API client would.
        test: { name: 'attacks', include: ['apps/server/src/attacks/**/*.attack.test.ts'], ...integration },
      },
    ],
  },
});
