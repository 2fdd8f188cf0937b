// The concurrency key of an execution resolved at admission, as data: control characters escaped, the length
// bounded (a hash keeps long keys distinct).
import { createHash } from 'node:crypto';
import { resolveTemplate, type TemplateScope } from '@skill/workflow-expr';
import { type ConcurrencyConfig, escapeControls, MAX_CONCURRENCY_KEY_LENGTH } from '@skill/workflow-model';

/** Hex characters of the hash that ends a key too long to keep whole. */
const HASH_LENGTH = 16;

/** The scope a key resolves in: the execution's inputs and its workflow's name, nothing else. */
function keyScope(inputs: Record<string, unknown>, workflow: string): TemplateScope {
  return {
    has: (root) => root === 'inputs' || root === 'workflow',
    get: (root) => (root === 'inputs' ? inputs : root === 'workflow' ? workflow : undefined),
  };
}

/**
 * The key an execution holds: the template resolved against its inputs (values are text, never syntax), with
 * control and bidirectional characters escaped; a key longer than {@link MAX_CONCURRENCY_KEY_LENGTH} keeps its start
 * and ends with a hash of the whole, so distinct values stay distinct keys. Throws `TEMPLATE_REF_MISSING` when an
 * input it names was not given.
 *
 * @example
 * resolveConcurrencyKey({ key: 'deploy-{inputs.env}', limit: 1, on_conflict: 'queue' }, { env: 'prod' }, 'deploy'); // 'deploy-prod'
 */
export function resolveConcurrencyKey(
  concurrency: ConcurrencyConfig,
  inputs: Record<string, unknown>,
  workflow: string,
): string {
  const value = resolveTemplate(concurrency.key, keyScope(inputs, workflow));
  const text = escapeControls(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));
  if (text.length <= MAX_CONCURRENCY_KEY_LENGTH) return text;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, HASH_LENGTH);
  return `${text.slice(0, MAX_CONCURRENCY_KEY_LENGTH - HASH_LENGTH - 1)}~${hash}`;
}
