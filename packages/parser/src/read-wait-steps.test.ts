// Tests of approval and sleep steps: what they read to, and their mistakes located at the key.
import type { Diagnostic } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from './parse-workflow.js';

const HEAD = 'version = "1"\nname = "w"\n';

function parse(steps: string) {
  return parseWorkflow(`${HEAD}${steps}`, { file: 'w.toml' });
}

function located(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}@${d.line}:${d.column} ${d.message}`);
}

describe('approval steps', () => {
  it('read the message, the form, the timeout and on_timeout; they are never retried', () => {
    const { definition, diagnostics } = parse(
      [
        '[[steps]]',
        'id = "ok"',
        'step_type = "approval"',
        'message = "Deploy?"',
        'timeout = "2h"',
        'on_timeout = "approve"',
        '[steps.retry]',
        'max_attempts = 3',
        '[steps.fields]',
        'reason = { type = "string", required = true }',
        'replicas = { type = "integer", default = 2, enum = [1, 2, 3] }',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    const step = definition?.steps[0];
    expect(step).toMatchObject({
      step_type: 'approval',
      message: 'Deploy?',
      decision_timeout_ms: 7_200_000,
      on_timeout: 'approve',
      fields: { reason: { type: 'string', required: true }, replicas: { type: 'integer', default: 2 } },
      retry: { max_attempts: 1 },
    });
    expect(step?.timeout_ms).toBeUndefined();
  });

  it('default to reject on timeout and to no form', () => {
    const { definition } = parse('[[steps]]\nid = "ok"\nstep_type = "approval"\nmessage = "Go?"\n');
    expect(definition?.steps[0]).toMatchObject({ on_timeout: 'reject', fields: {} });
  });

  it('locate their mistakes: no message, bad on_timeout, a mistyped default, a form field type, a loop', () => {
    const { diagnostics } = parse(
      [
        '[[steps]]', // 3
        'id = "a"',
        'step_type = "approval"',
        'on_timeout = "maybe"', // 6
        '[steps.fields]',
        'n = { type = "integer", default = "two" }', // 8
        'm = { type = "decimal" }', // 9
        '[[steps]]', // 10
        'id = "each"',
        'items = [1]',
        '[[steps.loop]]', // 13
        'id = "inner"',
        'step_type = "sleep"', // 15
        'duration = "1s"',
      ].join('\n'),
    );
    const lines = located(diagnostics);
    expect(lines).toContainEqual(
      expect.stringMatching(/^SCHEMA_VIOLATION@3:1 .*"a" \(approval\) is missing required key "message"/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^INVALID_VALUE@6:\d+ steps\[0\]\.on_timeout must be one of reject, approve/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^INVALID_VALUE@6:\d+ .*sets on_timeout but no timeout/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^INVALID_VALUE@8:\d+ steps\[0\]\.fields\.n\.default must be an integer/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^INVALID_VALUE@9:\d+ steps\[0\]\.fields\.m\.type must be one of/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^INVALID_VALUE@15:\d+ .*sleep steps cannot run inside a foreach loop/),
    );
    expect(diagnostics.find((d) => d.line === 15)?.step_id).toBe('inner');
  });
});

describe('sleep steps', () => {
  it('take a duration or an RFC 3339 until (a template is checked at run time)', () => {
    const { definition, diagnostics } = parse(
      [
        '[[steps]]\nid = "a"\nstep_type = "sleep"\nduration = "10m"',
        '[[steps]]\nid = "b"\nstep_type = "sleep"\nuntil = "2026-12-24T18:00:00+01:00"',
        '[[steps]]\nid = "c"\nstep_type = "sleep"\nuntil = "{a.output.until}"',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(definition?.steps.map((s) => [s.id, 'duration_ms' in s ? s.duration_ms : undefined])).toEqual([
      ['a', 600_000],
      ['b', undefined],
      ['c', undefined],
    ]);
  });

  it('need exactly one of duration and until, and a real timestamp', () => {
    const { diagnostics } = parse(
      [
        '[[steps]]\nid = "none"\nstep_type = "sleep"', // 3
        '[[steps]]\nid = "both"\nstep_type = "sleep"\nduration = "1s"\nuntil = "2026-12-24T18:00:00Z"', // 6
        '[[steps]]\nid = "local"\nstep_type = "sleep"\nuntil = "2026-12-24 18:00"', // 11, until at 14
        '[[steps]]\nid = "odd"\nstep_type = "sleep"\nduration = "soon"', // 15, duration at 18
      ].join('\n'),
    );
    const lines = located(diagnostics);
    expect(lines).toContainEqual(
      expect.stringMatching(/^SCHEMA_VIOLATION@3:1 .*"none" \(sleep\) needs exactly one of "duration" and "until"/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^SCHEMA_VIOLATION@6:1 .*"both" \(sleep\) needs exactly one/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^INVALID_VALUE@14:\d+ steps\[2\]\.until must be an RFC 3339 timestamp/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^INVALID_DURATION@18:\d+ /));
  });
});
