// defineSkill: a well-formed skill comes back unchanged; a malformed one throws INVALID_VALUE naming every problem.
import type { Skill } from '@skill/workflow-model';
import { isWorkflowError } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { defineSkill } from './define-skill.js';

const greet: Skill = {
  name: 'greet',
  description: 'Greetings',
  tools: {
    hello: {
      description: 'Says hello',
      inputSchema: { type: 'object', properties: { who: { type: 'string' } }, required: ['who'] },
      run: async (args) => ({ output: `hello ${String(args.who)}` }),
    },
  },
};

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('defineSkill', () => {
  it('returns a well-formed skill as is', () => {
    expect(defineSkill(greet)).toBe(greet);
  });

  it('lists every problem of a malformed skill', () => {
    const bad = {
      name: 'bad skill',
      tools: { one: { description: '', inputSchema: 'x', run: 'no' }, two: null },
    } as unknown as Skill;
    const error = thrown(() => defineSkill(bad));
    if (!isWorkflowError(error)) throw new Error('expected a WorkflowError');
    expect(error.code).toBe('INVALID_VALUE');
    expect(error.details.problems).toEqual([
      'skill name must be a string of letters, digits, "_", "-" or "." starting with a letter (got "bad skill")',
      'skill "bad skill" tool "one": description must be a non-empty string',
      'skill "bad skill" tool "one": inputSchema must be a JSON Schema object',
      'skill "bad skill" tool "one": run must be a function (args, ctx) => Promise<StepResult>',
      'skill "bad skill" tool "two" must be an object with description, inputSchema and run',
    ]);
    expect(error.message.startsWith('invalid skill: skill name must be')).toBe(true);
  });

  it('refuses a skill without tools', () => {
    const error = thrown(() => defineSkill({ name: 'empty', tools: {} }));
    expect(isWorkflowError(error) && error.message).toBe('invalid skill: skill "empty" has no tools');
    const noTools = thrown(() => defineSkill({ name: 'x' } as unknown as Skill));
    expect(isWorkflowError(noTools) && noTools.message).toBe(
      'invalid skill: skill "x": tools must be an object of named tools',
    );
  });
});
