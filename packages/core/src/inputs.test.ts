// Tests of input validation at run time: the same type and enum rules as validation (model's input rules).
import type { WorkflowDefinition } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { coerceInputs, validateInputs } from './inputs.js';

const retry = { max_attempts: 1, backoff: 'none', initial_delay_ms: 0, max_delay_ms: 0 } as const;

function workflow(inputs: WorkflowDefinition['inputs']): WorkflowDefinition {
  return {
    version: '1',
    name: 'w',
    config: {
      max_parallel: 1,
      on_failure: 'stop',
      retry,
      max_total_steps: 10,
      max_loop_iterations: 10,
      output_limit_bytes: 1024,
    },
    inputs,
    steps: [],
  };
}

describe('validateInputs', () => {
  it('names the expected type with its article', () => {
    const definition = workflow({ list: { type: 'array', required: true }, table: { type: 'object', required: true } });
    expect(() => validateInputs(definition, { list: 'x', table: [] })).toThrow(
      'input "list" must be an array, got string "x"; input "table" must be an object, got an array',
    );
  });

  it('accepts an enum value deeply equal to an allowed one, whatever its key order', () => {
    const definition = workflow({ mode: { type: 'object', required: true, enum: [{ a: 1, b: 2 }] } });
    expect(validateInputs(definition, { mode: { b: 2, a: 1 } })).toEqual({ mode: { b: 2, a: 1 } });
    expect(() => validateInputs(definition, { mode: { a: 1 } })).toThrow(/must be one of/);
  });

  it('converts command-line text to the declared types before checking them', () => {
    const definition = workflow({ n: { type: 'integer', required: true }, on: { type: 'boolean', required: true } });
    expect(validateInputs(definition, coerceInputs(definition, { n: '3', on: 'yes' }))).toEqual({ n: 3, on: true });
    expect(() => validateInputs(definition, coerceInputs(definition, { n: '3.5', on: 'yes' }))).toThrow(
      'input "n" must be an integer, got the number 3.5',
    );
  });
});
