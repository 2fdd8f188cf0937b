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

/** The fields a step reference may name: `{id.output}`, `{id.status}` ... */
export const STEP_FIELDS: ReadonlySet<string> = new Set([
  'output',
  'metadata',
  'status',
  'duration_ms',
  'error',
  'attempts',
]);

interface Frame {
  /** The steps of this level (top level, or one foreach's loop). */
  steps: readonly StepDefinition[];
  /** Those steps by id (the last of an id wins), made on first use. */
  byId: Map<string, StepDefinition> | undefined;
  /** The step whose loop this is, and the frame of its level (undefined at the top level). */
  foreach: StepDefinition | undefined;
  outer: Frame | undefined;
}

function fileOf(where: SourceLocation, definition: WorkflowDefinition): { file?: string } {
  const file = where.file ?? definition.source?.file;
  return file ? { file } : {};
}

/** The steps of `frame` by id (the last of an id wins). */
function siblingsOf(frame: Frame): Map<string, StepDefinition> {
  if (frame.byId === undefined) {
    frame.byId = new Map();
    for (const step of frame.steps) frame.byId.set(step.id, step);
  }
  return frame.byId;
}

/** Every step id, loop steps included, and the foreach of each loop step (the last step of an id wins, as in a Map). */
interface StepIndex {
  all: Set<string>;
  foreachOf: Map<string, string>;
}

function indexSteps(steps: readonly StepDefinition[]): StepIndex {
  const index: StepIndex = { all: new Set(), foreachOf: new Map() };
  for (const { step, parent } of walkSteps(steps)) {
    index.all.add(step.id);
    if (parent !== undefined) index.foreachOf.set(step.id, parent.id);
    else index.foreachOf.delete(step.id);
  }
  return index;
}

class ReferenceChecker {
  readonly diagnostics: Diagnostic[] = [];
  /** Made when the first template or condition is checked: most steps have none. */
  #index: StepIndex | undefined;
  readonly #budget: SuggestionBudget = suggestionBudget();
  #stepSuggester: NameSuggester | undefined;
  #inputSuggester: NameSuggester | undefined;

  constructor(
    private readonly definition: WorkflowDefinition,
    private readonly locate: Locator,
  ) {}

  get #steps(): StepIndex {
    this.#index ??= indexSteps(this.definition.steps);
    return this.#index;
  }

  /** Checks every step, loop steps included (file order); the steps of a loop also see what is upstream of their foreach. */
  checkAll(): void {
    this.#checkLevel({ steps: this.definition.steps, byId: undefined, foreach: undefined, outer: undefined }, [
      'steps',
    ]);
  }

  #checkLevel(frame: Frame, listPath: KeyPath): void {
    const steps = frame.steps;
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index] as StepDefinition;
      this.#checkStep(step, frame, listPath, index);
      if (isStepOfType(step, 'foreach')) {
        const loop: Frame = { steps: step.loop, byId: undefined, foreach: step, outer: frame };
        this.#checkLevel(loop, [...listPath, index, 'loop']);
      }
    }
  }

  /** True when `id` is upstream of `step` in `frame`, or upstream of an enclosing foreach in its own frame. */
  #isUpstream(step: StepDefinition, id: string, frame: Frame): boolean {
    if (frame.foreach !== undefined && frame.outer !== undefined && this.#isUpstream(frame.foreach, id, frame.outer)) {
      return true;
    }
    const siblings = siblingsOf(frame);
    if (!siblings.has(id)) return false;
    if (step.depends_on.includes(id)) return true; // the usual case: listed or implied by the reference
    // Walks `depends_on` from `step` looking for `id`; linear in the steps visited, no per-step sets.
    const seen = new Set<string>();
    const stack = [...step.depends_on];
    while (stack.length > 0) {
      const dep = stack.pop() as string;
      if (dep === id) return true;
      if (seen.has(dep)) continue;
      seen.add(dep);
      const depStep = siblings.get(dep);
      if (depStep) stack.push(...depStep.depends_on);
    }
    return false;
  }

  #checkStep(step: StepDefinition, frame: Frame, listPath: KeyPath, index: number): void {
    if (step.when !== undefined) {
      const at = [...listPath, index, 'when'];
      try {
        const condition = parseCondition(step.when);
        for (const ref of conditionReferences(condition)) this.#checkRef(ref, step, frame, at);
      } catch (error) {
        const where = this.locate(at);
        this.#push(step, where, 'INVALID_CONDITION', `invalid when condition: ${(error as Error).message}`);
        if (!isWorkflowError(error)) throw error;
      }
    }
    for (const [text, path] of templateTexts(step as unknown as Record<string, unknown>)) {
      for (const ref of listReferences(text)) this.#checkRef(ref, step, frame, [...listPath, index, ...path]);
    }
    const fields = codeFieldsOf(step);
    if (fields.length === 0) return;
    const isReference = (ref: Reference) => isTemplateRoot(ref.root) || this.#steps.all.has(ref.root);
    for (const field of fields) {
      for (const problem of codeFieldProblems(field, isReference)) {
        const where = this.locate([...listPath, index, ...field.path]);
        this.#push(step, where, 'TEMPLATE_PLACE', problem.message, problem.hint);
      }
    }
  }

  #checkRef(ref: Reference, step: StepDefinition, frame: Frame, path: KeyPath): void {
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
      if (frame.foreach === undefined)
        fail('UNKNOWN_REFERENCE', `${ref.raw}: {loop.*} is only available inside [[steps.loop]]`);
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
    const steps = this.#steps;
    if (!steps.all.has(ref.root)) {
      // A bare {name} that is no root and no step is the language's own brace: never a typo.
      this.#stepSuggester ??= new NameSuggester(steps.all.keys(), { budget: this.#budget, minDistance: 0 });
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
    if (!this.#isUpstream(step, ref.root, frame)) {
      const foreach = steps.foreachOf.get(ref.root);
      const inOtherLoop = foreach !== undefined && !siblingsOf(frame).has(ref.root);
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
