// The concurrency key's template checked when the workflow is validated: only `{inputs.NAME}` and `{workflow}` (it is
// resolved at admission by key-resolution.ts, which validation never loads).
import { listReferences } from '@skill/workflow-expr';
import { type Diagnostic, quoteText, type SourceLocation, type WorkflowDefinition } from '@skill/workflow-model';

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
