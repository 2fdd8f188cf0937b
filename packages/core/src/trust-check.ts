// What an untrusted workflow may not do: host-level steps, `{raw ...}` opt-outs, secrets it was not given.
import { isStepOfType, type StepDefinition, type WorkflowDefinition, WorkflowError } from '@skill/workflow-model';
import { forEachStep, stepReferences } from './step-templates.js';

/** What the engine allows untrusted workflows. */
export interface UntrustedPolicy {
  /** Let untrusted workflows run `command` steps, `unsafe_native` code and `{raw ...}` templates. */
  allowUntrusted: boolean;
  /** Names of the secrets untrusted workflows may read. */
  untrustedSecrets: readonly string[];
}

/** Every place of a step an untrusted workflow may not have, described for a message. */
function untrustedUses(step: StepDefinition, policy: UntrustedPolicy, found: string[]): void {
  if (!policy.allowUntrusted) {
    if (isStepOfType(step, 'command')) found.push(`${step.id} (command)`);
    if (isStepOfType(step, 'inline_code') && step.inline_code.unsafe_native) found.push(`${step.id} (unsafe_native)`);
  }
  for (const ref of stepReferences(step as unknown as Record<string, unknown>)) {
    if (ref.verbatim && !policy.allowUntrusted) found.push(`${step.id} (${ref.raw}: raw templates)`);
    const name = ref.path[0];
    if (ref.root === 'secrets' && typeof name === 'string' && !policy.untrustedSecrets.includes(name)) {
      found.push(`${step.id} (${ref.raw}: a secret not allowed for untrusted workflows)`);
    }
  }
}

/** Refuses what an untrusted workflow may not do (command, unsafe_native, raw templates, secrets not given). */
export function assertTrustedEnough(definition: WorkflowDefinition, trusted: boolean, policy: UntrustedPolicy): void {
  if (trusted) return;
  const refused: string[] = [];
  forEachStep(definition.steps, (step) => untrustedUses(step, policy, refused));
  if (refused.length > 0) {
    throw new WorkflowError(
      'UNTRUSTED_STEP',
      `workflow "${definition.name}" was created through the API and is untrusted: it may not use ${refused.join(', ')} (the server's --allow-untrusted option and SKILL_UNTRUSTED_SECRETS permit them)`,
      { retryable: false, steps: refused },
    );
  }
}
