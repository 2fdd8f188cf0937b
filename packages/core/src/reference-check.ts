// Static checks of `{ref}` templates and `when` conditions: refs name upstream steps, declared inputs,
// `loop` only inside loops; typos of step ids get a "did you mean". Runs before anything executes.
import {
  conditionReferences,
  isTemplateRoot,
  listReferences,
  parseCondition,
  type Reference,
} from '@skill/workflow-expr';
import {
  type Diagnostic,
  isStepOfType,
  isWorkflowError,
  type SourceLocation,
  type StepDefinition,
  type WorkflowDefinition,
  walkSteps,
} from '@skill/workflow-model';
import { closestName, NameSuggester, type SuggestionBudget, suggestionBudget } from '@skill/workflow-parser';
import { codeFieldProblems, codeFieldsOf } from './step-code-fields.js';
import { templateTexts } from './step-templates.js';

type KeyPath = readonly (string | number)[];
/** Maps a key path in the workflow (e.g. `['steps', 2, 'when']`) to a place in the source. */
export type Locator = (path: KeyPath) => SourceLocation;

const STEP_FIELDS = new Set(['output', 'metadata', 'status', 'duration_ms', 'error', 'attempts']);

interface Frame {
  /** Steps of this level (top level, or one foreach's loop) by id. */
  siblings: Map<string, StepDefinition>;
  /** True when `id` is upstream of the enclosing foreach (always false at the top level). */
  outerHas: (id: string) => boolean;
  inLoop: boolean;
}

function fileOf(where: SourceLocation, definition: WorkflowDefinition): { file?: string } {
  const file = where.file ?? definition.source?.file;
  return file ? { file } : {};
}

/** Steps by id (the last of an id wins). */
function stepsById(steps: readonly StepDefinition[]): Map<string, StepDefinition> {
  const byId = new Map<string, StepDefinition>();
  for (const step of steps) byId.set(step.id, step);
  return byId;
}

class ReferenceChecker {
  readonly diagnostics: Diagnostic[] = [];
  /** Every step id, loop steps included. */
  readonly #allSteps = new Set<string>();
  /** The foreach step of each loop step, by id. */
  readonly #foreachOf = new Map<string, string>();
  readonly #budget: SuggestionBudget = suggestionBudget();
  #stepSuggester: NameSuggester | undefined;
  #inputSuggester: NameSuggester | undefined;

  constructor(
    private readonly definition: WorkflowDefinition,
    private readonly locate: Locator,
  ) {
    for (const { step, parent } of walkSteps(definition.steps)) {
      this.#allSteps.add(step.id);
      if (parent !== undefined) this.#foreachOf.set(step.id, parent.id);
      else this.#foreachOf.delete(step.id); // the last step of an id wins, as in a Map
    }
  }

  /** Checks every step, loop steps included; the steps of a loop also see what is upstream of their foreach. */
  checkAll(): void {
    const steps = this.definition.steps;
    const top: Frame = { siblings: stepsById(steps), outerHas: () => false, inLoop: false };
    const loopFrames = new Map<StepDefinition, Frame>();
    for (const { step, path, parent } of walkSteps(steps)) {
      const frame = (parent && loopFrames.get(parent)) || top;
      const isUpstream = (id: string) => this.#isUpstream(step, id, frame);
      this.#checkStep(step, frame, isUpstream, path);
      if (isStepOfType(step, 'foreach')) {
        loopFrames.set(step, {
          siblings: stepsById(step.loop),
          outerHas: isUpstream,
          inLoop: true,
        });
      }
    }
  }

  /** Walks `depends_on` from `step` looking for `id`; linear in the steps visited, no per-step sets. */
  #isUpstream(step: StepDefinition, id: string, frame: Frame): boolean {
    if (frame.outerHas(id)) return true;
    if (!frame.siblings.has(id)) return false;
    if (step.depends_on.includes(id)) return true; // the usual case: listed or implied by the reference
    const seen = new Set<string>();
    const stack = [...step.depends_on];
    while (stack.length > 0) {
      const dep = stack.pop() as string;
      if (dep === id) return true;
      if (seen.has(dep)) continue;
      seen.add(dep);
      const depStep = frame.siblings.get(dep);
      if (depStep) stack.push(...depStep.depends_on);
    }
    return false;
  }

  #checkStep(step: StepDefinition, frame: Frame, upstream: (id: string) => boolean, here: KeyPath): void {
    if (step.when !== undefined) {
      try {
        const condition = parseCondition(step.when);
        for (const ref of conditionReferences(condition)) this.#checkRef(ref, step, frame, upstream, [...here, 'when']);
      } catch (error) {
        const where = this.locate([...here, 'when']);
        this.#push(step, where, 'INVALID_CONDITION', `invalid when condition: ${(error as Error).message}`);
        if (!isWorkflowError(error)) throw error;
      }
    }
    for (const [text, path] of templateTexts(step as unknown as Record<string, unknown>)) {
      for (const ref of listReferences(text)) this.#checkRef(ref, step, frame, upstream, [...here, ...path]);
    }
    const isReference = (ref: Reference) => isTemplateRoot(ref.root) || this.#allSteps.has(ref.root);
    for (const field of codeFieldsOf(step)) {
      for (const problem of codeFieldProblems(field, isReference)) {
        this.#push(step, this.locate([...here, ...field.path]), 'TEMPLATE_PLACE', problem.message, problem.hint);
      }
    }
  }

  #checkRef(
    ref: Reference,
    step: StepDefinition,
    frame: Frame,
    upstream: (id: string) => boolean,
    path: KeyPath,
  ): void {
    const fail = (code: string, message: string, hint?: string) =>
      this.#push(step, this.locate(path), code, message, hint);
    const [first] = ref.path;
    if (ref.root === 'inputs') {
      if (this.definition.open_inputs) return; // no [inputs] table: any input, as a string
      if (typeof first === 'string' && !Object.hasOwn(this.definition.inputs, first)) {
        this.#inputSuggester ??= new NameSuggester(Object.keys(this.definition.inputs), { budget: this.#budget });
        const suggestion = this.#inputSuggester.closest(first);
        fail(
          'UNKNOWN_REFERENCE',
          `${ref.raw}: no input "${first}" is declared in [inputs]`,
          suggestion ? `did you mean {inputs.${suggestion}}?` : undefined,
        );
      }
      return;
    }
    if (ref.root === 'loop') {
      if (!frame.inLoop) fail('UNKNOWN_REFERENCE', `${ref.raw}: {loop.*} is only available inside [[steps.loop]]`);
      else if (first !== undefined && first !== 'item' && first !== 'index') {
        fail('UNKNOWN_REFERENCE', `${ref.raw}: loop has only "item" and "index"`);
      }
      return;
    }
    if (ref.root === 'secrets') {
      if (ref.path.length !== 1 || typeof first !== 'string') {
        fail('UNKNOWN_REFERENCE', `${ref.raw}: a secret is named by one segment, e.g. {secrets.API_TOKEN}`);
      }
      return;
    }
    if (isTemplateRoot(ref.root)) return;
    if (!this.#allSteps.has(ref.root)) {
      // A bare {name} that is no root and no step is the language's own brace: never a typo.
      this.#stepSuggester ??= new NameSuggester(this.#allSteps.keys(), { budget: this.#budget, minDistance: 0 });
      const suggestion = ref.path.length > 0 ? this.#stepSuggester.closest(ref.root) : undefined;
      if (suggestion) {
        fail('UNKNOWN_REFERENCE', `${ref.raw}: there is no step "${ref.root}"`, `did you mean "${suggestion}"?`);
      }
      return; // not a root: left as written (e.g. `{row.x}` in Python code)
    }
    if (ref.root === step.id) {
      fail('REFERENCE_NOT_UPSTREAM', `${ref.raw}: a step cannot reference its own results`);
      return;
    }
    if (!upstream(ref.root)) {
      const foreach = this.#foreachOf.get(ref.root);
      const inOtherLoop = foreach !== undefined && !frame.siblings.has(ref.root);
      const message = inOtherLoop
        ? `${ref.raw}: step "${ref.root}" runs inside foreach "${foreach}"; use {${foreach}.output} from outside the loop`
        : `${ref.raw}: step "${step.id}" does not depend on "${ref.root}", so its results may not exist yet`;
      fail(
        'REFERENCE_NOT_UPSTREAM',
        message,
        inOtherLoop ? undefined : `add "${ref.root}" to depends_on of "${step.id}"`,
      );
      return;
    }
    if (typeof first !== 'string' || !STEP_FIELDS.has(first)) {
      const suggestion =
        typeof first === 'string' ? closestName(first, STEP_FIELDS, { budget: this.#budget }) : undefined;
      fail(
        'UNKNOWN_REFERENCE',
        `${ref.raw}: a step reference needs a field (${[...STEP_FIELDS].join(', ')})`,
        suggestion ? `did you mean {${ref.root}.${suggestion}}?` : `e.g. {${ref.root}.output}`,
      );
    }
  }

  #push(step: StepDefinition, where: SourceLocation, code: string, message: string, hint?: string): void {
    this.diagnostics.push({
      code,
      severity: 'error',
      message,
      ...fileOf(where, this.definition),
      line: where.line,
      column: where.column,
      step_id: step.id,
      ...(hint ? { hint } : {}),
    });
  }
}

/**
 * Checks every template and condition of a workflow. Returns diagnostics; never throws for bad input.
 */
export function checkReferences(definition: WorkflowDefinition, locate: Locator): Diagnostic[] {
  const checker = new ReferenceChecker(definition, locate);
  checker.checkAll();
  return checker.diagnostics;
}
