// Temporary Vitest configuration of the inline_code / skill Docker suites, until the root config has a docker project.
// Run from the repository root: npx vitest run --config packages/executors/vitest.inline-docker.config.ts
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const sourceConditions = ['@skill/source', 'node', 'import', 'module', 'default'];

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions, externalConditions: ['@skill/source'] } },
  test: {
    name: 'inline-docker',
    include: ['packages/executors/src/inline/**/*.docker.test.ts', 'packages/executors/src/skill/**/*.docker.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
