// The scope templates and conditions resolve against: inputs, execution_id, workflow, loop and step results.
import type { TemplateScope } from '@skill/workflow-expr';
import type { ScopeView } from '@skill/workflow-scheduler';

/** What is the same for every step of an execution. */
export interface ExecutionScope {
  inputs: Record<string, unknown>;
  execution_id: string;
  workflow: string;
  /** Every step id of the workflow, loop steps included. */
  stepIds: ReadonlySet<string>;
  /** The secrets this execution may read, by name (`{secrets.NAME}`). */
  secrets: Readonly<Record<string, string>>;
}

/**
 * A {@link TemplateScope} over one step's view. A known step that has not produced a result is a
 * root with status `pending`, so references to it fail clearly instead of staying as text.
 */
export class StepTemplateScope implements TemplateScope {
  constructor(
    private readonly execution: ExecutionScope,
    private readonly view: ScopeView,
  ) {}

  has(root: string): boolean {
    switch (root) {
      case 'inputs':
      case 'execution_id':
      case 'workflow':
      case 'secrets':
        return true;
      case 'loop':
        return this.view.loop !== undefined;
      default:
        return this.execution.stepIds.has(root);
    }
  }

  get(root: string): unknown {
    switch (root) {
      case 'inputs':
        return this.execution.inputs;
      case 'execution_id':
        return this.execution.execution_id;
      case 'workflow':
        return this.execution.workflow;
      case 'secrets':
        return this.execution.secrets;
      case 'loop':
        return this.view.loop;
      default:
        return this.view.steps.get(root) ?? (this.execution.stepIds.has(root) ? { status: 'pending' } : undefined);
    }
  }
}
