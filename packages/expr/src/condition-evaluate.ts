// Interprets a parsed `when` condition against a scope; missing references read as null.
import { BoundedCache } from './bounded-cache.js';
import { type Condition, parseCondition } from './condition-parser.js';
import { conditionContains, conditionEquals, conditionOrder, isTruthy } from './condition-values.js';
import { lookupReference, type TemplateScope } from './path-lookup.js';
import type { Reference } from './reference.js';
import type { TemplatePart } from './template-parse.js';
import { valueToText } from './template-resolve.js';

/** Parsed conditions by text (conditions are at most 10k characters each). */
const cache = new BoundedCache<Condition>(1_000, 4 * 1024 * 1024);

function parseCached(text: string): Condition {
  const cached = cache.get(text);
  if (cached) return cached;
  const condition = parseCondition(text);
  cache.set(text, condition);
  return condition;
}

/** The value of a reference in a condition: null when it is missing in any way. */
function referenceValue(ref: Reference, scope: TemplateScope): unknown {
  const result = lookupReference(ref, scope);
  return result.found && result.value !== undefined ? result.value : null;
}

/** A quoted string with references: known roots inserted as text (missing ones as `null`), others as written. */
function interpolate(parts: readonly TemplatePart[], scope: TemplateScope): string {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') out += part.text;
    else if (scope.has(part.ref.root)) out += valueToText(referenceValue(part.ref, scope), part.ref);
    else out += part.ref.raw;
  }
  return out;
}

function evaluate(node: Condition, scope: TemplateScope): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'template':
      return interpolate(node.parts, scope);
    case 'ref':
      return referenceValue(node.ref, scope);
    case 'list':
      return node.items.map((item) => evaluate(item, scope));
    case 'not':
      return !isTruthy(evaluate(node.operand, scope));
  }
  switch (node.op) {
    case 'and':
      return isTruthy(evaluate(node.left, scope)) && isTruthy(evaluate(node.right, scope));
    case 'or':
      return isTruthy(evaluate(node.left, scope)) || isTruthy(evaluate(node.right, scope));
  }
  const left = evaluate(node.left, scope);
  const right = evaluate(node.right, scope);
  switch (node.op) {
    case '==':
      return conditionEquals(left, right);
    case '!=':
      return !conditionEquals(left, right);
    case 'in':
      return conditionContains(right, left);
    case 'not in':
      return !conditionContains(right, left);
    default:
      return conditionOrder(node.op, left, right);
  }
}

/**
 * Evaluates a condition (parsed, or text to parse) and returns the truthiness of its value.
 * A reference to anything missing is `null`, never an error. Text is parsed once and cached.
 */
export function evaluateCondition(condition: Condition | string, scope: TemplateScope): boolean {
  const parsed = typeof condition === 'string' ? parseCached(condition) : condition;
  return isTruthy(evaluate(parsed, scope));
}

/** Every reference in a condition, in source order, including those inside quoted strings. */
export function conditionReferences(condition: Condition | string): Reference[] {
  const refs: Reference[] = [];
  const stack: Condition[] = [typeof condition === 'string' ? parseCached(condition) : condition];
  while (stack.length > 0) {
    const node = stack.pop() as Condition;
    switch (node.kind) {
      case 'ref':
        refs.push(node.ref);
        break;
      case 'template':
        for (const part of node.parts) if (part.kind === 'ref') refs.push(part.ref);
        break;
      case 'list':
        for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i] as Condition);
        break;
      case 'not':
        stack.push(node.operand);
        break;
      case 'binary':
        stack.push(node.right, node.left);
        break;
      case 'literal':
        break;
    }
  }
  return refs;
}
