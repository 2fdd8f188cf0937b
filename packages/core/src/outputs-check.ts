// Static checks of a workflow's `[outputs]` templates: each reference names a declared input, a top-level step
// (with a field) or execution_id / workflow; secrets and loop variables are refused.
import { isTemplateRoot, listReferences } from '@skill/workflow-expr';
import type { Diagnostic, SourceLocation, WorkflowDefinition } from '@skill/workflow-model';
import { closestName } from '@skill/workflow-parser';
import { STEP_FIELDS } from './reference-check.js';

/** The problems of one output template, as messages with an optional hint. */
function problemsOf(text: string, definition: WorkflowDefinition, stepIds: readonly string[]) {
  const problems: { message: string; hint?: string }[] = [];
  let refs: ReturnType<typeof listReferences>;
  try {
    refs = listReferences(text);
  } catch (error) {
    return [{ message: `invalid template: ${(error as Error).message}` }];
  }
  for (const ref of refs) {
    const [first] = ref.path;
    if (ref.root === 'secrets' || ref.root === 'loop') {
      problems.push({ message: `${ref.raw}: outputs may not use {${ref.root}.*}` });
    } else if (ref.root === 'inputs') {
      if (!definition.open_inputs && typeof first === 'string' && !Object.hasOwn(definition.inputs, first)) {
        problems.push({ message: `${ref.raw}: no input "${first}" is declared in [inputs]` });
      }
    } else if (isTemplateRoot(ref.root)) {
      // execution_id, workflow
    } else if (stepIds.includes(ref.root)) {
      if (typeof first !== 'string' || !STEP_FIELDS.has(first)) {
        problems.push({
          message: `${ref.raw}: a step reference needs a field (${[...STEP_FIELDS].join(', ')})`,
          hint: `e.g. {${ref.root}.output}`,
        });
      }
    } else if (ref.path.length > 0) {
      const suggestion = closestName(ref.root, stepIds);
      problems.push({
        message: `${ref.raw}: there is no top-level step "${ref.root}"`,
        ...(suggestion ? { hint: `did you mean "${suggestion}"?` } : {}),
      });
    }
  }
  return problems;
}

/** Checks the templates of `[outputs]`; `locate` places a key path such as `['outputs', 'image']`. */
export function checkOutputs(
  definition: WorkflowDefinition,
  locate: (path: readonly (string | number)[]) => SourceLocation,
): Diagnostic[] {
  if (!definition.outputs) return [];
  const stepIds = definition.steps.map((step) => step.id);
  const diagnostics: Diagnostic[] = [];
  for (const [name, text] of Object.entries(definition.outputs)) {
    for (const problem of problemsOf(text, definition, stepIds)) {
      const at = locate(['outputs', name]);
      const file = at.file ?? definition.source?.file;
      diagnostics.push({
        code: 'UNKNOWN_REFERENCE',
        severity: 'error',
        message: `outputs.${name}: ${problem.message}`,
        ...(file ? { file } : {}),
        line: at.line,
        column: at.column,
        ...(problem.hint ? { hint: problem.hint } : {}),
      });
    }
  }
  return diagnostics;
}
