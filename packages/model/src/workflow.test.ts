// Tests of the workflow vocabulary's predicates: built-in step types and backoff names.
import { describe, expect, it } from 'vitest';
import { BUILTIN_STEP_TYPES, isBackoff, isBuiltinStepType } from './workflow.js';

describe('BUILTIN_STEP_TYPES', () => {
  it('lists the built-in types in the order messages use', () => {
    expect(BUILTIN_STEP_TYPES).toEqual([
      'skill',
      'command',
      'http',
      'foreach',
      'docker_container',
      'inline_code',
      'approval',
      'sleep',
      'workflow',
    ]);
  });

  it('tells built-in types from custom ones, inherited object keys included', () => {
    expect(BUILTIN_STEP_TYPES.every(isBuiltinStepType)).toBe(true);
    expect(['k8s_job', 'toString', 'constructor', ''].some(isBuiltinStepType)).toBe(false);
  });
});

describe('isBackoff', () => {
  it('knows the four strategies', () => {
    expect(['none', 'linear', 'exponential', 'jitter'].every(isBackoff)).toBe(true);
    expect(['fibonacci', 'Linear', 'toString'].some(isBackoff)).toBe(false);
  });
});
