// Tests of the Run form's parsing and validation of declared inputs.
import type { InputDefinition } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { initialText, readInputs } from './run-form-values.js';

const inputs: Record<string, InputDefinition> = {
  who: { type: 'string', required: true },
  times: { type: 'integer', required: false, default: 2 },
  ratio: { type: 'number', required: false },
  loud: { type: 'boolean', required: false, default: true },
  mood: { type: 'string', required: false, enum: ['calm', 'loud'] },
  tags: { type: 'array', required: false, default: ['a'] },
  opts: { type: 'object', required: false },
};

describe('run form values', () => {
  it('formats defaults for editing', () => {
    expect(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, initialText(v)]))).toEqual({
      who: '',
      times: '2',
      ratio: '',
      loud: 'true',
      mood: '',
      tags: '[\n  "a"\n]',
      opts: '',
    });
  });

  it('parses valid texts and leaves empty optional fields out', () => {
    const texts = { who: ' Ada ', times: '3', ratio: '0.5', loud: 'false', mood: 'loud', tags: '["x","y"]', opts: '' };
    expect(readInputs(inputs, texts)).toEqual({
      values: { who: ' Ada ', times: 3, ratio: 0.5, loud: false, mood: 'loud', tags: ['x', 'y'] },
      errors: {},
    });
  });

  it('reports one message per invalid field', () => {
    const texts = { who: '', times: '1.5', ratio: 'abc', loud: 'true', mood: 'angry', tags: '{"a":1}', opts: '[' };
    expect(readInputs(inputs, texts).errors).toEqual({
      who: 'is required',
      times: 'must be a whole number',
      ratio: 'must be a number',
      mood: 'must be one of "calm", "loud"',
      tags: 'must be a JSON array',
      opts: 'must be JSON (an object, e.g. {"k": 1})',
    });
  });
});
