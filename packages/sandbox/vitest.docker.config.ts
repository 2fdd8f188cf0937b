// Vitest configuration of the Docker suites (`*.docker.test.ts`): real containers, one file at a time.
// Run from the repository root: npx vitest run --config packages/sandbox/vitest.docker.config.ts
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const sourceConditions = ['@skill/source', 'node', 'import', 'module', 'default'];

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions, externalConditions: ['@skill/source'] } },
  test: {
    name: 'docker',
    include: ['packages/*/src/**/*.docker.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
