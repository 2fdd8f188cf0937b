// SKILL_STEP_NICE: every runner starts its processes that many nice levels below the engine (their nice value and,
// where the kernel has autogroups, their session's, which the C spawner shares among its steps); bad values mean 0.
import { existsSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { shellSpec } from '../../test/shell-spec.js';
import { InProcessRunner } from './in-process-runner.js';
import type { ProcessRunner } from './process-runner.js';
import { nativeSpawnerBuilt, SpawnerRunner } from './spawner-runner.js';
import { parseStepNice, STEP_NICE_VARIABLE, stepNiceness } from './step-niceness.js';

const runners: ProcessRunner[] = [];
afterAll(() => {
  for (const runner of runners) runner.close();
});

/** The step process's priority: its nice value, and its autogroup's (undefined without autogroups). */
interface StepPriority {
  nice: number;
  autogroup: number | undefined;
}

/** The lines a `/bin/sh -c` step prints, read after 0.1 s: spawn returns before the runner renices the step. */
async function stepLines(runner: ProcessRunner, script: string): Promise<string[]> {
  return (await runner.run(shellSpec('/', `sleep 0.1; ${script}`))).stdout.trim().split('\n');
}

/** The priority of the process the runner starts ($$: /proc/PID/stat field 19, /proc/PID/autogroup). */
async function priorityOfStep(runner: ProcessRunner): Promise<StepPriority> {
  const [nice, group] = await stepLines(
    runner,
    "cut -d' ' -f19 /proc/$$/stat; cat /proc/$$/autogroup 2>/dev/null || echo none",
  );
  const autogroup = /nice (-?\d+)/.exec(group ?? '')?.[1];
  return { nice: Number(nice), autogroup: autogroup === undefined ? undefined : Number(autogroup) };
}

/** Where a step runs: its pid, process group, session and autogroup line ("/autogroup-N nice K" or "none"). */
async function placeOfStep(
  runner: ProcessRunner,
): Promise<{ pid: string; group: string; session: string; autogroup: string }> {
  const script = "echo $$; cut -d' ' -f5,6 /proc/$$/stat; cat /proc/$$/autogroup 2>/dev/null || echo none";
  const [pid = '', ids = '', autogroup = ''] = await stepLines(runner, script);
  const [group = '', session = ''] = ids.split(' ');
  return { pid, group, session, autogroup };
}

/** Whether this kernel groups sessions for scheduling (then each step's session is lowered too). */
const autogroups = existsSync('/proc/self/autogroup');

describe('step niceness', () => {
  it('reads 0 to 19, and nothing else', () => {
    expect(parseStepNice(undefined)).toBeUndefined();
    expect(parseStepNice(' ')).toBeUndefined();
    expect(parseStepNice('10')).toBe(10);
    expect(parseStepNice(' 0 ')).toBe(0);
    for (const bad of ['20', '-1', '1e1', '5x', '0x5', '999']) expect(parseStepNice(bad)).toBeNaN();
    expect(stepNiceness({ [STEP_NICE_VARIABLE]: '7' })).toBe(7);
    expect(stepNiceness({ [STEP_NICE_VARIABLE]: 'high' })).toBe(0);
    expect(stepNiceness({})).toBe(0);
  });

  const kinds: Array<[string, () => ProcessRunner]> = [
    ['in-process', () => new InProcessRunner()],
    ['Node spawner', () => new SpawnerRunner('node')],
  ];
  if (nativeSpawnerBuilt()) kinds.push(['C spawner', () => new SpawnerRunner('native')]);

  it.each(kinds)(
    '%s: steps and their sessions run SKILL_STEP_NICE levels below the engine (the spawners read it when they start)',
    async (_, make) => {
      const own = getPriority();
      const saved = process.env[STEP_NICE_VARIABLE];
      try {
        process.env[STEP_NICE_VARIABLE] = '5';
        const niced = make();
        runners.push(niced);
        const lowered = Math.min(19, own + 5);
        expect(await priorityOfStep(niced)).toEqual({ nice: lowered, autogroup: autogroups ? lowered : undefined });
        process.env[STEP_NICE_VARIABLE] = '0x';
        const invalid = make();
        runners.push(invalid);
        expect(await priorityOfStep(invalid)).toEqual({ nice: own, autogroup: autogroups ? 0 : undefined });
      } finally {
        if (saved === undefined) delete process.env[STEP_NICE_VARIABLE];
        else process.env[STEP_NICE_VARIABLE] = saved;
      }
    },
  );

  it.runIf(nativeSpawnerBuilt() && autogroups)(
    'C spawner: lowered steps lead process groups inside one session, whose autogroup is lowered once',
    async () => {
      const saved = process.env[STEP_NICE_VARIABLE];
      try {
        process.env[STEP_NICE_VARIABLE] = '5';
        const runner = new SpawnerRunner('native');
        runners.push(runner);
        const [first, second] = await Promise.all([placeOfStep(runner), placeOfStep(runner)]);
        for (const step of [first, second]) {
          expect(step.group).toBe(step.pid); // the abort still takes the step's whole group
          expect(step.session).not.toBe(step.pid);
          expect(step.session).toBe(first?.session);
          expect(step.autogroup).toBe(first?.autogroup);
        }
        expect(first?.autogroup).toMatch(new RegExp(`nice ${Math.min(19, getPriority() + 5)}$`));
        expect(first?.autogroup).not.toBe(readFileSync('/proc/self/autogroup', 'utf8').trim());
      } finally {
        if (saved === undefined) delete process.env[STEP_NICE_VARIABLE];
        else process.env[STEP_NICE_VARIABLE] = saved;
      }
    },
  );
});
