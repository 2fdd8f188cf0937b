// Vitest configuration: unit tests beside the code, resolved against package sources (no build needed).
import { defineConfig } from 'vitest/config';

const sourceConditions = ['@skill/source', 'node', 'import', 'module', 'default'];

export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions, externalConditions: ['@skill/source'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'examples/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
