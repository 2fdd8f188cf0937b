// Telemetry hooks on a real engine: what they are told of executions and step attempts (timeouts, cancellation,
// foreach iterations), the gauges they get, and that a hook that throws changes nothing about a run.
import { waitFor } from '@skill/test-kit';
import type { EngineGauges, EngineTelemetry } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';

/** A hook that writes down every call as a line. */
function recordingHook(): { hook: EngineTelemetry; lines: string[]; gauges: () => EngineGauges | undefined } {
  const lines: string[] = [];
  let gauges: EngineGauges | undefined;
  const hook: EngineTelemetry = {
    attach: (given) => {
      gauges = given;
    },
    execution(info) {
      lines.push(`execution ${info.workflow_name} resumed=${info.resumed}`);
      return {
        stepAttempt(attempt) {
          const at = attempt.iteration ? ` [${attempt.iteration.foreach_id} ${attempt.iteration.index}]` : '';
          lines.push(`start ${attempt.step_id} ${attempt.step_type} #${attempt.attempt}${at}`);
          return {
            traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
            end: (end) => lines.push(`end ${attempt.step_id} ${end.status} ${end.error?.code ?? ''}`.trim()),
          };
        },
        end: (end) => lines.push(`execution ${end.status} ${end.error?.code ?? ''}`.trim()),
      };
    },
  };
  return { hook, lines, gauges: () => gauges };
}

const workflow = (steps: string) => `version = "1"\nname = "observed"\n${steps}`;

describe('engine telemetry hooks', () => {
  it('tells of each attempt, foreach iterations included, and hands the traceparent to the step', async () => {
    const { hook, lines } = recordingHook();
    const engine = createEngine({ telemetry: [hook] });
    const record = await engine.run(
      workflow(`
[[steps]]
id = "show"
step_type = "command"
command = 'printf "%s" "$TRACEPARENT"'

[[steps]]
id = "loop"
step_type = "foreach"
items = [1, 2]
[[steps.loop]]
id = "each"
step_type = "command"
command = "echo {loop.item}"
`),
    );
    expect(record.steps.show?.output).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect([...lines].sort()).toEqual(
      [
        'execution observed resumed=false',
        'start show command #1',
        'end show completed',
        'start loop[0].each command #1 [loop 0]',
        'end loop[0].each completed',
        'start loop[1].each command #1 [loop 1]',
        'end loop[1].each completed',
        'execution completed',
      ].sort(),
    );
    expect(lines.at(-1)).toBe('execution completed');
  });

  it('ends a timed-out attempt as failed (TIMEOUT) and a cancelled one as cancelled', async () => {
    const { hook, lines } = recordingHook();
    const engine = createEngine({ telemetry: [hook] });
    const timedOut = await engine.run(
      workflow(`
[[steps]]
id = "slow"
step_type = "command"
command = "sleep 30"
timeout = "200ms"
`),
    );
    expect(timedOut.status).toBe('failed');
    expect(lines).toContain('end slow failed TIMEOUT');
    expect(lines.at(-1)).toBe('execution failed STEP_FAILED'); // the execution's own error names the failed step

    lines.length = 0;
    const controller = new AbortController();
    const running = engine.run(
      workflow(`
[[steps]]
id = "wait"
step_type = "command"
command = "sleep 30"
`),
      {},
      { signal: controller.signal },
    );
    await waitFor(() => lines.includes('start wait command #1'));
    controller.abort('enough');
    expect((await running).status).toBe('cancelled');
    expect(lines.slice(-2)).toEqual(['end wait cancelled', 'execution cancelled CANCELLED']);
  });

  it('gives the hooks the gauges: pending executions and the sandbox pool size', async () => {
    const { hook, gauges } = recordingHook();
    const engine = createEngine({ telemetry: [hook], sandboxPoolSize: () => 3 });
    await engine.start(
      workflow('[[steps]]\nid = "a"\nstep_type = "command"\ncommand = "true"\n'),
      {},
      {
        handOff: () => {},
      },
    );
    expect(await gauges()?.queuedExecutions()).toBe(1);
    expect(gauges()?.sandboxPoolSize()).toBe(3);
  });

  it('ignores a hook that throws: the run and the other hooks go on', async () => {
    const { hook, lines } = recordingHook();
    const broken: EngineTelemetry = {
      attach: () => {
        throw new Error('attach');
      },
      execution: () => ({
        stepAttempt: () => {
          throw new Error('stepAttempt');
        },
        end: () => {
          throw new Error('end');
        },
      }),
    };
    const engine = createEngine({ telemetry: [broken, hook] });
    const record = await engine.run(workflow('[[steps]]\nid = "a"\nstep_type = "command"\ncommand = "echo ok"\n'));
    expect(record.status).toBe('completed');
    expect(lines).toEqual([
      'execution observed resumed=false',
      'start a command #1',
      'end a completed',
      'execution completed',
    ]);
  });
});
