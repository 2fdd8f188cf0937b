// The Run form's logic: initial field texts from input defaults, and parsing + validation into inputs.
import type { InputDefinition } from '@skill/workflow-model';

/** Field texts by input name (checkboxes use "true"/"false"). */
export type FieldTexts = Record<string, string>;

/** The text a field starts with: its default, formatted for editing. */
export function initialText(input: InputDefinition): string {
  const value = input.default;
  if (value === undefined || value === null) return input.type === 'boolean' ? 'false' : '';
  if (input.type === 'array' || input.type === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}

function parseValue(input: InputDefinition, text: string): { value: unknown } | { error: string } {
  switch (input.type) {
    case 'boolean':
      return { value: text === 'true' };
    case 'number': {
      const n = Number(text);
      return Number.isFinite(n) ? { value: n } : { error: 'must be a number' };
    }
    case 'integer': {
      const n = Number(text);
      return Number.isSafeInteger(n) ? { value: n } : { error: 'must be a whole number' };
    }
    case 'array':
    case 'object': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return {
          error: `must be JSON (${input.type === 'array' ? 'an array, e.g. ["a", "b"]' : 'an object, e.g. {"k": 1}'})`,
        };
      }
      const ok =
        input.type === 'array'
          ? Array.isArray(parsed)
          : typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
      return ok ? { value: parsed } : { error: `must be a JSON ${input.type}` };
    }
    default:
      return { value: text };
  }
}

/**
 * Parses the field texts into inputs. Empty optional fields are left out (the engine applies defaults);
 * empty required fields, bad numbers, bad JSON and values outside `enum` give an error per field.
 */
export function readInputs(
  inputs: Record<string, InputDefinition>,
  texts: FieldTexts,
): { values: Record<string, unknown>; errors: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [name, input] of Object.entries(inputs)) {
    const text = texts[name] ?? '';
    if (input.type !== 'boolean' && text.trim() === '') {
      if (input.required && input.default === undefined) errors[name] = 'is required';
      continue;
    }
    const parsed = parseValue(input, input.type === 'string' ? text : text.trim());
    if ('error' in parsed) {
      errors[name] = parsed.error;
      continue;
    }
    if (input.enum && !input.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(parsed.value))) {
      errors[name] = `must be one of ${input.enum.map((v) => JSON.stringify(v)).join(', ')}`;
      continue;
    }
    values[name] = parsed.value;
  }
  return { values, errors };
}
