// An execution's trust level (where its workflow came from, lowered by its `trust` key) and what that level may not do.
import {
  isStepOfType,
  lowerTrust,
  type StepDefinition,
  TRUST_RULES,
  type TrustLevel,
  type WorkflowDefinition,
  WorkflowError,
  walkSteps,
} from '@skill/workflow-model';
import { stepReferences } from './step-templates.js';

/** What the engine allows workflows below `trusted`. */
export interface UntrustedPolicy {
  /** Let workflows below trusted run `command` steps, `unsafe_native` code and `{raw ...}` templates. */
  allowUntrusted: boolean;
  /** Names of the secrets workflows below trusted may read. */
  untrustedSecrets: readonly string[];
  /** Names of the MCP servers workflows below trusted may call (none by default). */
  untrustedMcpServers?: readonly string[];
  /** Names of the skills that are MCP servers (declared in skills.toml). */
  mcpServers?: ReadonlySet<string>;
  /** Names of the `native` skills of .skill-engine.toml: host programs, allowed where command steps are. */
  nativeSkills?: ReadonlySet<string>;
}

/**
 * The level an execution runs at: `trusted` for the workflows folder and local files, `apiLevel`
 * for workflows created through the API or MCP, lowered (never raised) by the file's `trust` key.
 *
 * @example
 * executionTrust(true, { ...definition, trust: 'community' }, 'user-provided'); // 'community'
 */
export function executionTrust(
  sourceTrusted: boolean,
  definition: Pick<WorkflowDefinition, 'trust'>,
  apiLevel: TrustLevel,
): TrustLevel {
  return lowerTrust(sourceTrusted ? 'trusted' : apiLevel, definition.trust ?? 'trusted');
}

/** One use a workflow's level does not allow. */
export interface RefusedUse {
  step: StepDefinition;
  /** E.g. `command`, `unsafe_native`, `{raw x}: raw templates`. */
  what: string;
}

/** Every place of a step a workflow of `level` may not have. */
function stepRefusals(step: StepDefinition, level: TrustLevel, policy: UntrustedPolicy, found: RefusedUse[]): void {
  const rules = TRUST_RULES[level];
  const hostAllowed = rules.hostExecution || policy.allowUntrusted;
  if (!hostAllowed) {
    if (isStepOfType(step, 'command')) found.push({ step, what: 'command' });
    if (isStepOfType(step, 'inline_code') && step.inline_code.unsafe_native)
      found.push({ step, what: 'unsafe_native' });
    if (isStepOfType(step, 'skill') && policy.nativeSkills?.has(step.skill))
      found.push({ step, what: `skill "${step.skill}" (a native program of .skill-engine.toml)` });
  }
  if (isStepOfType(step, 'skill') && policy.mcpServers?.has(step.skill)) {
    if (!policy.untrustedMcpServers?.includes(step.skill)) {
      found.push({ step, what: `skill "${step.skill}" (an MCP server not granted to it)` });
    }
  }
  for (const ref of stepReferences(step as unknown as Record<string, unknown>)) {
    if (ref.verbatim && !hostAllowed) found.push({ step, what: `${ref.raw}: raw templates` });
    const name = ref.path[0];
    if (ref.root === 'secrets' && typeof name === 'string' && !rules.allSecrets) {
      if (!policy.untrustedSecrets.includes(name)) found.push({ step, what: `${ref.raw}: a secret not granted to it` });
    }
  }
}

/** What a workflow of `level` uses that its level does not allow (host steps, raw templates, secrets not granted). */
export function refusedUses(definition: WorkflowDefinition, level: TrustLevel, policy: UntrustedPolicy): RefusedUse[] {
  const refused: RefusedUse[] = [];
  if (level === 'trusted') return refused;
  for (const { step } of walkSteps(definition.steps)) stepRefusals(step, level, policy, refused);
  return refused;
}

/** A message for one refused use, e.g. `build (command) is not allowed at trust level community`. */
export function refusedUseMessage(use: RefusedUse, level: TrustLevel): string {
  return `${use.what} is not allowed at trust level ${level} (see docs/security.md)`;
}

/** Refuses what a workflow of `level` may not do (host steps, raw templates, secrets not granted). */
export function assertTrustedEnough(definition: WorkflowDefinition, level: TrustLevel, policy: UntrustedPolicy): void {
  const refused = refusedUses(definition, level, policy).map((use) => `${use.step.id} (${use.what})`);
  if (refused.length > 0) {
    throw new WorkflowError(
      'UNTRUSTED_STEP',
      `workflow "${definition.name}" runs at trust level ${level}: it may not use ${refused.join(', ')} (the server's --allow-untrusted option, SKILL_UNTRUSTED_SECRETS and SKILL_UNTRUSTED_MCP_SERVERS permit them; see docs/security.md)`,
      { retryable: false, steps: refused, trust: level },
    );
  }
}
