// Resolves templates against a scope: a lone reference keeps its type, references in text become text.
import { WorkflowError } from '@skill/workflow-model';
import { lookupReference, type TemplateScope } from './path-lookup.js';
import type { Reference } from './reference.js';
import { isPlainContainer, parseTemplate } from './template-parse.js';

/** Nesting deeper than this in a value given to {@link resolveDeep} is refused. */
const MAX_DEPTH = 256;

/** The text a value becomes inside a longer string: strings raw, everything else compact JSON. */
export function valueToText(value: unknown, ref: Reference): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new WorkflowError(
      'INVALID_TEMPLATE',
      `${ref.raw}: the value cannot be written as JSON text (${error instanceof Error ? error.message : String(error)})`,
      { reference: ref.raw, retryable: false },
    );
  }
  return text ?? String(value);
}

function resolveRef(ref: Reference, scope: TemplateScope): unknown {
  const result = lookupReference(ref, scope);
  if (!result.found) {
    throw new WorkflowError('TEMPLATE_REF_MISSING', result.message, { reference: ref.raw, retryable: false });
  }
  return result.value;
}

/**
 * Resolves the references in `text`. A string that is exactly one reference returns the value
 * with its type; otherwise values are inserted as text. A reference whose root is not in the scope
 * is left exactly as written. Throws `TEMPLATE_REF_MISSING` when a known root lacks the field.
 *
 * @example
 * resolveTemplate('{a.output.n}', scope) // 123
 * resolveTemplate('id={a.output.n} {row.x}', scope) // 'id=123 {row.x}'
 */
export function resolveTemplate(text: string, scope: TemplateScope): unknown {
  const { parts } = parseTemplate(text);
  const only = parts[0];
  if (parts.length === 1 && only?.kind === 'ref' && scope.has(only.ref.root)) return resolveRef(only.ref, scope);
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') out += part.text;
    else out += scope.has(part.ref.root) ? valueToText(resolveRef(part.ref, scope), part.ref) : part.ref.raw;
  }
  return out === text ? text : out;
}

function resolveValue(value: unknown, scope: TemplateScope, depth: number, ancestors: Set<object>): unknown {
  if (typeof value === 'string') return resolveTemplate(value, scope);
  if (!isPlainContainer(value) || ancestors.has(value)) return value;
  if (depth >= MAX_DEPTH) {
    throw new WorkflowError('INVALID_TEMPLATE', `value nested more than ${MAX_DEPTH} levels deep`, {
      retryable: false,
    });
  }
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      let changed = false;
      const items = value.map((item) => {
        const resolved = resolveValue(item, scope, depth + 1, ancestors);
        if (resolved !== item) changed = true;
        return resolved;
      });
      return changed ? items : value;
    }
    let changed = false;
    const entries = Object.entries(value).map(([key, item]): [string, unknown] => {
      const resolved = resolveValue(item, scope, depth + 1, ancestors);
      if (resolved !== item) changed = true;
      return [key, resolved];
    });
    // Object.fromEntries defines own properties, so a "__proto__" key stays a plain key.
    return changed ? Object.fromEntries(entries) : value;
  } finally {
    ancestors.delete(value);
  }
}

/**
 * Resolves every string inside arrays and plain objects (keys are left alone) with
 * {@link resolveTemplate}. Returns `value` itself when nothing changed.
 */
export function resolveDeep<T>(value: T, scope: TemplateScope): T {
  return resolveValue(value, scope, 0, new Set()) as T;
}
