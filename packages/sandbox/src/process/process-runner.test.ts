// The ProcessRunner contract against every implementation, and the factory that picks one.
import { describe, expect, it } from 'vitest';
import { createProcessRunner, processRunnerKind } from './create-process-runner.js';
import { InProcessRunner } from './in-process-runner.js';
import { describeProcessRunnerContract } from './process-runner.contract.js';
import { nativeSpawnerBuilt, nativeSpawnerFile, SpawnerRunner } from './spawner-runner.js';

const native = new SpawnerRunner('native');
const node = new SpawnerRunner('node');
const inProcess = new InProcessRunner();

if (nativeSpawnerBuilt()) describeProcessRunnerContract('C spawner', () => native);
else if (process.env.SKILL_REQUIRE_INTEGRATION === '1') {
  throw new Error(`the C spawner was not built (${nativeSpawnerFile()}): the build needs a C compiler (cc)`);
} else {
  describe('ProcessRunner contract: C spawner', () => {
    it.skip(`NOT BUILT: ${nativeSpawnerFile()} is missing (no C compiler at build time); the Node spawner is used`);
  });
}
describeProcessRunnerContract('Node spawner', () => node);
describeProcessRunnerContract('in-process', () => inProcess);

describe('createProcessRunner', () => {
  it('reads the choice from SKILL_SPAWNER: 0 in-process, node, else the C spawner', () => {
    expect(processRunnerKind({ SKILL_SPAWNER: '0' })).toBe('in-process');
    expect(processRunnerKind({ SKILL_SPAWNER: 'node' })).toBe('node');
    expect(processRunnerKind({})).toBe('native');
    expect(processRunnerKind({ SKILL_SPAWNER: '1' })).toBe('native');
  });

  it('creates the chosen runner; the C one reports the Node spawner where it is not built', () => {
    expect(createProcessRunner('in-process')).toBeInstanceOf(InProcessRunner);
    expect(createProcessRunner('node').kind).toBe('node');
    expect(createProcessRunner('native').kind).toBe(nativeSpawnerBuilt() ? 'native' : 'node');
  });
});
