// The concurrency key of an execution: its template checked when the workflow is validated (only `{inputs.NAME}`
// and `{workflow}`), and resolved at admission as data: control characters escaped, the length bounded.
import { createHash } from 'node:crypto';
import { listReferences, resolveTemplate, type TemplateScope } from '@skill/workflow-expr';
import {
  type ConcurrencyConfig,
  type Diagnostic,
  escapeControls,
  MAX_CONCURRENCY_KEY_LENGTH,
  quoteText,
  type SourceLocation,
  type WorkflowDefinition,
} from '@skill/workflow-model';

/** Hex characters of the hash that ends a key too long to keep whole. */
const HASH_LENGTH = 16;

/**
 * The problems of `[config] concurrency.key`: a reference to anything but a declared input or the workflow's name
 * (a secret would be shown in the dashboard, a step's output does not exist before the execution starts).
 */
export function concurrencyKeyDiagnostics(
  definition: WorkflowDefinition,
  locate: (path: readonly (string | number)[]) => SourceLocation,
): Diagnostic[] {
  const concurrency = definition.config.concurrency;
  if (!concurrency) return [];
  const where = concurrency.location ?? locate(['config', 'concurrency']);
  const file = where.file ?? definition.source?.file;
  const problems: Diagnostic[] = [];
  const declared = Object.keys(definition.inputs);
  for (const ref of listReferences(concurrency.key)) {
    const input = ref.root === 'inputs' ? ref.path[0] : undefined;
    const known =
      (ref.root === 'workflow' && ref.path.length === 0) ||
      (typeof input === 'string' && (definition.open_inputs === true || declared.includes(input)));
    if (known && ref.verbatim === undefined) continue;
    problems.push({
      code: 'UNKNOWN_REFERENCE',
      severity: 'error',
      message: `config.concurrency.key: ${quoteText(ref.raw)} is not a declared input or {workflow}; a key is resolved before any step runs`,
      hint:
        declared.length > 0
          ? `use one of ${declared.map((name) => `{inputs.${name}}`).join(', ')} or {workflow}`
          : 'declare the input in [inputs], or use {workflow}',
      ...(file ? { file } : {}),
      line: where.line,
      column: where.column,
    });
  }
  return problems;
}

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
