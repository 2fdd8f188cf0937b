// What a finished child execution gives its parent's `workflow` step: its `[outputs]` resolved over its record,
// else an object of its top-level steps' outputs; and the chain of parents above an execution.
import { resolveTemplate, type TemplateScope } from '@skill/workflow-expr';
import type { ExecutionRecord, ExecutionStore, StepRecord } from '@skill/workflow-model';
import { WorkflowError } from '@skill/workflow-model';
import { MAX_SUB_WORKFLOW_DEPTH } from './sub-workflow-check.js';

/** The step fields templates may read, as a step reference sees them. */
function stepView(step: StepRecord): Record<string, unknown> {
  return {
    output: step.output,
    metadata: step.metadata,
    status: step.status,
    duration_ms: step.duration_ms,
    error: step.error,
    attempts: step.attempts,
  };
}

/** The scope `[outputs]` templates resolve against: the finished execution's inputs and steps. */
function recordScope(record: ExecutionRecord): TemplateScope {
  const ids = new Set((record.definition?.steps ?? []).map((step) => step.id));
  return {
    has: (root) => root === 'inputs' || root === 'execution_id' || root === 'workflow' || ids.has(root),
    get(root) {
      if (root === 'inputs') return record.inputs;
      if (root === 'execution_id') return record.id;
      if (root === 'workflow') return record.workflow_name;
      const step = Object.hasOwn(record.steps, root) ? record.steps[root] : undefined;
      return step ? stepView(step) : { status: 'pending' };
    },
  };
}

/**
 * The output of a completed child execution: its declared `[outputs]` resolved over its record, else
 * `{ <step id>: <output> }` for each top-level step that produced one. Throws `TEMPLATE_REF_MISSING` (naming the
 * output) when an output refers to something the child did not produce.
 */
export function childOutput(record: ExecutionRecord): unknown {
  const outputs = record.definition?.outputs;
  if (outputs) {
    const scope = recordScope(record);
    const entries = Object.entries(outputs).map(([name, text]) => {
      try {
        return [name, resolveTemplate(text, scope)] as const;
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new WorkflowError(
          'TEMPLATE_REF_MISSING',
          `output "${name}" of workflow "${record.workflow_name}": ${why}`,
          {
            retryable: false,
          },
        );
      }
    });
    return Object.fromEntries(entries);
  }
  const steps = (record.definition?.steps ?? []).map((step) => step.id);
  return Object.fromEntries(
    steps.flatMap((id) => {
      const step = Object.hasOwn(record.steps, id) ? record.steps[id] : undefined;
      return step && step.output !== undefined ? [[id, step.output]] : [];
    }),
  );
}

/**
 * The workflow names from the top execution down to `record` (following `parent` links through the store); at
 * most {@link MAX_SUB_WORKFLOW_DEPTH} + 1 of them are read.
 */
export async function ancestry(store: ExecutionStore, record: ExecutionRecord): Promise<string[]> {
  const names = [record.workflow_name];
  let link = record.parent;
  while (link && names.length <= MAX_SUB_WORKFLOW_DEPTH) {
    const parent = await store.getExecution(link.execution_id);
    if (!parent) break;
    names.unshift(parent.workflow_name);
    link = parent.parent;
  }
  return names;
}
