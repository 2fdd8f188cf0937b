// explainWorkflow(): what `skill workflow validate --explain` lists: raw-template opt-outs, inferred order, secrets.
import { type WorkflowDefinition, walkSteps } from '@skill/workflow-model';
import { stepReferences } from './step-templates.js';

/** The parts of a workflow a reviewer should see before trusting it. */
export interface WorkflowExplanation {
  /** Every `{raw ...}` template: spliced into shell or code text as it is (trusted workflows only). */
  raw_templates: Array<{ step_id: string; template: string }>;
  /** Dependencies implied by references, not listed in `depends_on`. */
  inferred_dependencies: Array<{ step_id: string; after: string[] }>;
  /** The secrets the workflow reads, by name (its steps' and its webhook triggers'). */
  secrets: string[];
}

/** Lists the opt-outs, inferred dependencies and secrets of a validated workflow. */
export function explainWorkflow(definition: WorkflowDefinition): WorkflowExplanation {
  const explanation: WorkflowExplanation = { raw_templates: [], inferred_dependencies: [], secrets: [] };
  const secrets = new Set<string>();
  for (const { step } of walkSteps(definition.steps)) {
    if (step.inferred_depends_on?.length) {
      explanation.inferred_dependencies.push({ step_id: step.id, after: [...step.inferred_depends_on] });
    }
    for (const ref of stepReferences(step as unknown as Record<string, unknown>)) {
      if (ref.verbatim) explanation.raw_templates.push({ step_id: step.id, template: ref.raw });
      if (ref.root === 'secrets' && typeof ref.path[0] === 'string') secrets.add(ref.path[0]);
    }
  }
  for (const trigger of definition.triggers ?? []) {
    const name = trigger.type === 'webhook' ? (trigger.secret ?? trigger.token) : undefined;
    if (name !== undefined) secrets.add(name);
  }
  explanation.secrets = [...secrets].sort();
  return explanation;
}
