// Inline python / node / ruby code with templates: each value becomes a literal or escaped literal text, so data stays data.
import { WorkflowError } from '@skill/workflow-model';
import { lookupReference, type TemplateScope } from '../path-lookup.js';
import type { Reference } from '../reference.js';
import { type RenderedText, SECRET_ENV_PREFIX, type TemplatePlaceProblem } from '../rendered-text.js';
import { parseTemplate } from '../template-parse.js';
import { valueToText } from '../template-resolve.js';
import { toCodeValue } from './code-values.js';
import { type LanguageSupport, NODE, PYTHON, RUBY } from './languages.js';
import { ATOM_CHAR, lineAt, type Place } from './lexer-base.js';

/** The inline-code languages whose templates are rendered as data. */
export type CodeLanguage = 'python' | 'node' | 'ruby';

/** A reference in the code, with where it stands (`place` null: not a reference, it stays as written). */
interface Slot<Literal, Code> {
  ref: Reference;
  place: Place<Literal, Code> | null;
}

/** The code split into text and slots, in order. */
type Pieces<Literal, Code> = (string | Slot<Literal, Code>)[];

function analyze<L, C>(lang: LanguageSupport<L, C>, source: string, isReference: (ref: Reference) => boolean) {
  const pieces: Pieces<L, C> = [];
  const slots: Slot<L, C>[] = [];
  let text = '';
  const atoms: number[] = [];
  for (const part of parseTemplate(source).parts) {
    if (part.kind === 'text') {
      pieces.push(part.text);
      text += part.text;
    } else if (isReference(part.ref)) {
      const slot: Slot<L, C> = { ref: part.ref, place: null };
      pieces.push(slot);
      slots.push(slot);
      atoms.push(text.length);
      text += ATOM_CHAR;
    } else {
      pieces.push({ ref: part.ref, place: null });
      text += part.ref.raw;
    }
  }
  if (atoms.length > 0) {
    const places = lang.lex({ text, atoms });
    slots.forEach((slot, k) => {
      slot.place = places[k] ?? null;
    });
  }
  return { pieces, slots };
}

/** The name of the secret `{secrets.NAME}` refers to, or undefined when the path is not one name. */
function secretName(ref: Reference): string | undefined {
  const [name, ...rest] = ref.path;
  return typeof name === 'string' && rest.length === 0 ? name : undefined;
}

/** The problem with a slot, if any; `fatal` marks the one rendering reports as INVALID_TEMPLATE. */
function slotProblem<L, C>(
  lang: LanguageSupport<L, C>,
  source: string,
  ref: Reference,
  place: Place<L, C>,
): Problem | undefined {
  if (place.kind === 'comment') return undefined;
  const line = lineAt(source, ref.start);
  const isSecret = ref.root === 'secrets';
  if (isSecret && ref.verbatim) {
    return {
      ref,
      fatal: true,
      message: `template ${ref.raw} would splice a secret into ${lang.name} code; secrets reach a process only through its environment`,
      hint: `drop \`raw\`: write {${ref.raw.slice('{raw '.length)} and the code reads it from the environment`,
    };
  }
  if (ref.verbatim) return undefined;
  const name = isSecret ? secretName(ref) : undefined;
  if (isSecret && name === undefined) {
    return { ref, message: `template ${ref.raw} (line ${line}) must name one secret: {secrets.NAME}` };
  }
  if (place.kind === 'refused') {
    return {
      ref,
      message: `template ${ref.raw} stands ${place.where} (line ${line}): the engine cannot write its value there as data`,
      hint: `pass the value through the step's environment instead (e.g. environment = { VALUE = "${ref.raw}" } and read ${lang.envRead('VALUE')}), or through stdin`,
    };
  }
  if (name !== undefined && place.kind === 'literal' && lang.secretInLiteral('X', place.literal) === undefined) {
    return {
      ref,
      message: `template ${ref.raw} stands inside ${lang.literalName(place.literal)} (line ${line}), which cannot read the environment, and a secret never goes into code text`,
      hint: `use environment = { ${name} = "${ref.raw}" } and read it from the environment (${lang.envRead(name)}), or move the template out of the literal`,
    };
  }
  return undefined;
}

type Problem = TemplatePlaceProblem & { fatal?: true };

function problemsOf<L, C>(lang: LanguageSupport<L, C>, source: string, slots: readonly Slot<L, C>[]): Problem[] {
  const problems: Problem[] = [];
  for (const { ref, place } of slots) {
    const problem = place && slotProblem(lang, source, ref, place);
    if (problem) problems.push(problem);
  }
  return problems;
}

function problemsWith<L, C>(lang: LanguageSupport<L, C>, source: string, isReference: (ref: Reference) => boolean) {
  return problemsOf(lang, source, analyze(lang, source, isReference).slots);
}

function lookup(ref: Reference, scope: TemplateScope): unknown {
  const result = lookupReference(ref, scope);
  if (!result.found) {
    throw new WorkflowError('TEMPLATE_REF_MISSING', result.message, { reference: ref.raw, retryable: false });
  }
  return result.value;
}

function renderWith<L, C>(lang: LanguageSupport<L, C>, source: string, scope: TemplateScope): RenderedText {
  const { pieces, slots } = analyze(lang, source, (ref) => scope.has(ref.root));
  const [problem] = problemsOf(lang, source, slots);
  if (problem) {
    const { fatal, message, hint, ref } = problem;
    throw new WorkflowError(fatal ? 'INVALID_TEMPLATE' : 'TEMPLATE_PLACE', hint ? `${message}; ${hint}` : message, {
      reference: ref.raw,
      retryable: false,
    });
  }
  const env: Record<string, string> = {};
  let text = '';
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      text += piece;
      continue;
    }
    const { ref, place } = piece;
    if (place === null || place.kind === 'comment') {
      text += ref.raw;
    } else if (ref.verbatim) {
      text += valueToText(lookup(ref, scope), ref);
    } else if (ref.root === 'secrets') {
      const envName = `${SECRET_ENV_PREFIX}${secretName(ref) as string}`;
      env[envName] = valueToText(lookup(ref, scope), ref);
      if (place.kind === 'code') text += lang.secretInCode(envName, place.code);
      else if (place.kind === 'literal') text += lang.secretInLiteral(envName, place.literal) as string;
    } else if (place.kind === 'code') {
      text += lang.valueLiteral(toCodeValue(lookup(ref, scope), ref), place.code);
    } else if (place.kind === 'literal') {
      text += lang.textInLiteral(valueToText(lookup(ref, scope), ref), place.literal);
    }
  }
  return { text, env };
}

/**
 * The problems with where templates stand in `source`, inline code in `language`, for validation:
 * templates in places the engine cannot write a value as data (a regular expression literal, a
 * single-quoted Ruby heredoc, an f-string format spec...), secrets inside literals that cannot read
 * the environment, and `{raw secrets.X}`. `isReference(ref)` says which parsed references are real
 * (the others stay as written). Templates in comments and `{raw ...}` opt-outs are fine. Never throws.
 */
export function codeTemplateProblems(
  language: CodeLanguage,
  source: string,
  isReference: (ref: Reference) => boolean,
): TemplatePlaceProblem[] {
  const problems =
    language === 'python'
      ? problemsWith(PYTHON, source, isReference)
      : language === 'node'
        ? problemsWith(NODE, source, isReference)
        : language === 'ruby'
          ? problemsWith(RUBY, source, isReference)
          : [];
  return problems.map(({ ref, message, hint }) => (hint === undefined ? { ref, message } : { ref, message, hint }));
}

/**
 * Renders inline code so template values stay data. Each template whose root `scope.has` becomes:
 * inside a string literal, the value's text (strings as they are, other values as compact JSON)
 * escaped for exactly that literal kind; in code, a parenthesized literal of the language denoting
 * the value (`("a\"b")`, `(-1.5)`, `({"k": [1, None]})`); in a comment, the template as written.
 * A `{secrets.NAME}` never enters the text: the code reads `SKILL_SECRET_NAME` from the environment
 * (in code, or as an interpolation in f-strings, JS template literals and Ruby interpolating
 * strings) and `env` holds the value. `{raw ref}` is spliced as its text (the trusted opt-out);
 * references whose root is not in the scope stay as written; `{{x}}` becomes `{x}`. The lexers read
 * the code as it will run (escapes applied, each template a placeholder), so `{{`/`}}` count right.
 *
 * Per language (everything else about where templates stand is refused, see the lexers):
 * - Python: all prefixes (r/b/u/f/t, any case). Raw literals take printable ASCII without `\` or
 *   quotes as is, other text closes the literal and joins an escaped one (`r'a' 'b\n' r'c'`);
 *   bytes get UTF-8 `\x` escapes; f-string text doubles braces; replacement fields are code, written
 *   under Python 3.11 rules (no backslash, no enclosing quote: `str().join(map(chr,(...)))`); a lone
 *   surrogate is a `\udXXX` escape. Refused: format specs and conversions, strings nested in a
 *   replacement field, a quote right before the template in a raw triple-quoted string.
 * - JavaScript: '...', "..." and untagged template literals (`${...}` is code); lone surrogates as
 *   `\uDXXX`; object literals as `({...})`, `__proto__` as a computed key. Refused: regular
 *   expression literals (build a RegExp from a string instead), tagged template text, `$` right
 *   before the template in a template literal (write `{ref}` or `${ {ref} }`).
 * - Ruby: '...' (printable ASCII as is, else closed and joined with an escaped "..."), "..." and
 *   :"..." escaped (`#`, `{`, `$`, `@` too), heredocs and %Q()/%() as the interpolation `#{"..."}`;
 *   a lone surrogate becomes U+FFFD (text is UTF-8). Refused: %q (no escape for a CR), word lists,
 *   %s, regexps, commands, single-quoted heredocs, :'...', `#` right before the template in an
 *   interpolating string, the data after __END__, and all that follows a `/`, `%` or `?` whose
 *   meaning Ruby decides by local variables (`foo /x/`).
 * - All: a template right after a backslash, or inside an escape that could still take
 *   characters (`"\x{ref}"`), is refused.
 *
 * @throws WorkflowError `TEMPLATE_PLACE` for a template the engine cannot write as data where it
 *   stands (see {@link codeTemplateProblems}), `TEMPLATE_REF_MISSING` when a field is missing,
 *   `INVALID_TEMPLATE` for a value with no JSON form or a `{raw secrets.X}`.
 *
 * @example
 * renderCodeTemplate('python', 'print("hi {inputs.name}")\nn = {inputs.n}', scope)
 * // { text: 'print("hi Bob \\"the\\" Builder")\nn = (3)', env: {} }
 */
export function renderCodeTemplate(language: CodeLanguage, source: string, scope: TemplateScope): RenderedText {
  if (language === 'python') return renderWith(PYTHON, source, scope);
  if (language === 'node') return renderWith(NODE, source, scope);
  if (language === 'ruby') return renderWith(RUBY, source, scope);
  throw new WorkflowError('INVALID_VALUE', `unknown inline code language "${String(language)}"`, { retryable: false });
}
