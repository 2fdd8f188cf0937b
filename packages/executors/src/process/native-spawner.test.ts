// The spawner and runProcess suites against the native spawner (the C program the build compiles).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { describeRunProcess } from './run-process.suite.js';
import { describeSpawner } from './spawner-client.suite.js';

const binary = fileURLToPath(new URL('../../dist/native/skill-spawner', import.meta.url));

if (existsSync(binary)) {
  delete process.env.SKILL_SPAWNER;
  describeSpawner('native');
  describeRunProcess('native');
} else if (process.env.SKILL_REQUIRE_INTEGRATION === '1') {
  throw new Error(`the native spawner was not built (${binary}): the build needs a C compiler (cc)`);
} else {
  describe('native spawner', () => {
    it.skip(`NOT BUILT: ${binary} is missing (no C compiler at build time); the Node spawner is used`, () => {});
  });
}
