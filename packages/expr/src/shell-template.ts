// Shell text with templates: each value travels in an environment variable, quoted where the template stood.
import { WorkflowError } from '@skill/workflow-model';
import { lookupReference, type TemplateScope } from './path-lookup.js';
import type { Reference } from './reference.js';
import { type RenderedText, TEMPLATE_ENV_PREFIX, type TemplatePlaceProblem } from './rendered-text.js';
import { classifyShellHoles, type ShellCommandRules, type ShellPlace } from './shell-lexer.js';
import { parseTemplate } from './template-parse.js';
import { valueToText } from './template-resolve.js';

/** The one character a template stands for while the shell text is lexed (read as part of a word). */
const HOLE = '\u0001';

/** Commands whose arguments become shell code. */
const CODE_COMMANDS: ReadonlySet<string> = new Set(['eval', 'trap', 'alias']);
const SHELL_CODE_OPTION = /^-[a-zA-Z]*c[a-zA-Z]*$/;
/** Interpreters, and the options after which their next argument is code (`sh -c`, `python -c`, `node -e`). */
const CODE_OPTIONS: ReadonlyMap<string, RegExp> = new Map([
  ...['sh', 'bash', 'dash', 'ash', 'ksh', 'mksh', 'zsh', 'busybox', 'su'].map((n): [string, RegExp] => [
    n,
    SHELL_CODE_OPTION,
  ]),
  ['python', /^-[a-zA-Z]*c$/],
  ['python3', /^-[a-zA-Z]*c$/],
  ['node', /^(-e|-p|--eval|--print)$/],
  ['bun', /^(-e|-p|--eval|--print)$/],
  ['ruby', /^-[a-zA-Z]*e$/],
  ['perl', /^-[a-zA-Z]*[eE]$/],
  ['php', /^-[rR]$/],
  ['lua', /^-e$/],
  ['Rscript', /^-e$/],
  ['osascript', /^-e$/],
  ['psql', /^(-c|--command)$/],
  ['mysql', /^(-e|--execute)$/],
]);
/** Programs that run their stdin as code when given no script argument (`bash <<EOF`, `python3 - <<EOF`). */
const STDIN_INTERPRETERS: ReadonlySet<string> = new Set([
  'sh',
  'bash',
  'dash',
  'ash',
  'ksh',
  'mksh',
  'zsh',
  'python',
  'python3',
  'node',
  'ruby',
  'perl',
  'php',
  'lua',
]);
/** Programs that read code (SQL, a remote script, `source /dev/stdin`) from stdin whatever their arguments. */
const STDIN_CODE: ReadonlySet<string> = new Set(['psql', 'mysql', 'sqlite3', 'ssh', 'source', '.']);
/** Words that run the command after them: `sudo sh -c ...` is still `sh -c`. */
const WRAPPERS: ReadonlySet<string> = new Set(['command', 'builtin', 'exec', 'nohup', 'time', 'env', 'sudo', 'xargs']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;

/** The command a simple command runs (after assignments and wrappers such as `env`, `sudo`) and its arguments. */
function splitCommand(words: readonly string[]): { name: string; args: string[] } | undefined {
  let wrapped = false;
  for (let i = 0; i < words.length; i++) {
    const word = (words[i] as string).replace(/["'\\]/g, '');
    if (ASSIGNMENT.test(word) || (wrapped && word.startsWith('-'))) continue;
    if (WRAPPERS.has(word)) {
      wrapped = true;
      continue;
    }
    return { name: word.slice(word.lastIndexOf('/') + 1), args: words.slice(i + 1) };
  }
  return undefined;
}

/**
 * Places where the shell would quote the value correctly but the command then runs it as code. Best
 * effort: code built at run time (`cmd | sh`, `find -exec sh -c`, awk/sed programs) is the script's own.
 */
const COMMAND_RULES: ShellCommandRules = {
  argument(words) {
    const command = splitCommand(words);
    if (!command) return undefined;
    const { name, args } = command;
    if (CODE_COMMANDS.has(name)) return `as an argument of \`${name}\`, which runs it as shell code`;
    if (name === 'let') return 'as an argument of `let`, which bash evaluates as arithmetic';
    if (/^(declare|typeset|local)$/.test(name) && args.some((a) => /^-[a-zA-Z]*i/.test(a))) {
      return 'in an integer (`declare -i`) assignment, which bash evaluates as arithmetic';
    }
    if ((name === 'test' || name === '[') && args.some((a) => a === '-v' || a === '-R')) {
      return 'as a `test -v` operand, which bash reads as a variable name with an arithmetic subscript';
    }
    if (name === 'ssh' && args.some((a) => !a.startsWith('-'))) {
      return 'in the remote command of `ssh`, which the remote shell runs as code';
    }
    const last = args.at(-1);
    if (last !== undefined && CODE_OPTIONS.get(name)?.test(last)) return `as the code argument of \`${name} ${last}\``;
    return undefined;
  },
  heredoc(words) {
    const command = splitCommand(words);
    if (!command) return undefined;
    const { name, args } = command;
    const reads =
      STDIN_CODE.has(name) ||
      (STDIN_INTERPRETERS.has(name) && (args.every((a) => a.startsWith('-')) || args.includes('-s')));
    return reads ? `in a heredoc that \`${name}\` reads as code` : undefined;
  },
};

/** Shell text whose in-scope templates are holes, and the reference behind each hole. */
interface Skeleton {
  text: string;
  holes: Map<number, Reference>;
}

function defaultHint(ref: Reference): string {
  return `pass the value through the step's environment instead (e.g. env = { NAME = "${ref.raw}" } and use "$NAME"), or through stdin`;
}

function placeProblem(ref: Reference, place: ShellPlace & { kind: 'refused' }): TemplatePlaceProblem {
  return {
    ref,
    message: `template ${ref.raw} stands ${place.place}: the engine cannot pass its value there as data`,
    hint: place.hint ?? defaultHint(ref),
  };
}

function secretProblem(ref: Reference): TemplatePlaceProblem {
  return {
    ref,
    message: `template ${ref.raw} would splice a secret into shell text; secrets reach a process only through its environment`,
    hint: `drop \`raw\`: write {${ref.raw.slice('{raw '.length)} and the value is passed in an environment variable`,
  };
}

/** The most bytes one `NAME=value` environment string may have (Linux MAX_ARG_STRLEN, with its NUL). */
const MAX_ENV_STRING_BYTES = 128 * 1024;
const utf8 = new TextEncoder();

/** Fails with a clear message for a value a shell variable cannot hold (a NUL byte, or too many bytes). */
function checkShellValue(text: string, ref: Reference, name = ''): string {
  const invalid = (why: string) =>
    new WorkflowError('INVALID_TEMPLATE', `${ref.raw}: ${why}; pass such data through stdin`, {
      reference: ref.raw,
      retryable: false,
    });
  if (text.includes('\0')) throw invalid('the value contains a NUL byte, which a shell variable cannot hold');
  const bytes = text.length * 3 < MAX_ENV_STRING_BYTES ? 0 : utf8.encode(text).length;
  if (name !== '' && bytes + name.length + 2 > MAX_ENV_STRING_BYTES) {
    throw invalid(`the value is ${bytes} bytes, more than one environment variable can carry (128 KiB)`);
  }
  return text;
}

function lookup(ref: Reference, scope: TemplateScope): unknown {
  const result = lookupReference(ref, scope);
  if (!result.found) {
    throw new WorkflowError('TEMPLATE_REF_MISSING', result.message, { reference: ref.raw, retryable: false });
  }
  return result.value;
}

/** Builds the text to lex: `hole(ref)` says whether a reference is a hole, or else the text it stands for. */
function buildSkeleton(source: string, hole: (ref: Reference) => true | string): Skeleton {
  let text = '';
  const holes = new Map<number, Reference>();
  for (const part of parseTemplate(source).parts) {
    if (part.kind === 'text') {
      text += part.text;
      continue;
    }
    const kind = hole(part.ref);
    if (kind === true) holes.set(text.length, part.ref);
    text += kind === true ? HOLE : kind;
  }
  return { text, holes };
}

function classify(skeleton: Skeleton): Map<number, ShellPlace> {
  return classifyShellHoles(skeleton.text, new Set(skeleton.holes.keys()), COMMAND_RULES);
}

/**
 * The problems with where templates stand in the shell text `source` (a `command` string run by
 * `/bin/sh -c`, or bash code), for validation. Never throws. `isReference(ref)` says which parsed
 * references are real (others stay text as written). A template is refused where no quoted variable
 * reference gives the program exactly the value, as data:
 * - inside `${...}`, `$((...))`, `$[...]`, `((...))`, a quoted heredoc body (`<<'EOF'`, `<<"EOF"`,
 *   `<<\EOF`), bash `$'...'` and `$"..."` strings, an unterminated quote, substitution or heredoc,
 *   or after a construct that sh and bash end at different places;
 * - right after `$` or an active backslash, or in a heredoc delimiter;
 * - where the command runs it as code: arguments of `eval`, `trap`, `alias`, `let`, `declare -i`,
 *   `[[ ]]` arithmetic and `-v` tests, array subscripts, the code argument of `sh -c`, `python -c`,
 *   `node -e`..., the remote command of `ssh`, a heredoc that `bash`, `python`, `psql`... read as
 *   code, and `$(...)` inside any of those. Best effort: code built at run time (`echo "$X" | sh`,
 *   `find -exec sh -c`, awk or sed programs) is the script's own doing.
 *
 * A template in a `# comment` is fine: it is left as written (harmless, and a commented-out line does
 * not need its references). `{raw ...}` opt-outs are not checked, except that a secret is never spliced.
 */
export function shellTemplateProblems(
  source: string,
  isReference: (ref: Reference) => boolean,
): TemplatePlaceProblem[] {
  const problems: TemplatePlaceProblem[] = [];
  const skeleton = buildSkeleton(source, (ref) => {
    if (!isReference(ref)) return ref.raw;
    if (!ref.verbatim) return true;
    if (ref.root === 'secrets') problems.push(secretProblem(ref));
    return HOLE;
  });
  if (skeleton.holes.size === 0) return problems;
  for (const [offset, place] of classify(skeleton)) {
    const ref = skeleton.holes.get(offset);
    if (ref && place.kind === 'refused') problems.push(placeProblem(ref, place));
  }
  return problems.sort((a, b) => a.ref.start - b.ref.start);
}

/** The quoted reference to `name` for a template standing at `place`. */
function quoteFor(place: ShellPlace, name: string): string {
  if (place.kind === 'bare') return `"\${${name}}"`;
  if (place.kind === 'single') return `'"\${${name}}"'`;
  return `\${${name}}`;
}

/**
 * Renders shell text (`command` run by `/bin/sh -c`, bash inline code) so that template values stay
 * data. Each template whose root `scope.has` becomes a reference to an environment variable, quoted
 * for where it stands: `"${V}"` in a bare word (also next to other characters: `pre"${V}"post`),
 * `${V}` inside double quotes or an unquoted heredoc body, `'"${V}"'` inside single quotes, with the
 * right context inside `$(...)` and backquotes. The variable (`SKILL_TPL_1`, `SKILL_TPL_2`, ... in
 * `env`; one per distinct template) holds the value's text (strings as they are, other values as
 * compact JSON), so the program sees exactly that text as one word: no splitting, globbing or expansion.
 *
 * A template in a `# comment` is left as written (and not looked up); `{raw ref}` is spliced as its
 * text (the trusted opt-out); references whose root is not in the scope stay as written; `{{x}}`
 * becomes `{x}`.
 *
 * @throws WorkflowError `TEMPLATE_PLACE` for a template where it cannot be quoted (`${...}`, arithmetic,
 *   a quoted heredoc body, `$'...'`, `eval` arguments...: see {@link shellTemplateProblems}),
 *   `TEMPLATE_REF_MISSING` when a field is missing, `INVALID_TEMPLATE` for a value holding a NUL byte
 *   or a `{raw secrets.X}`.
 *
 * @example
 * renderShellTemplate("echo 'hi {inputs.name}'", scope)
 * // { text: `echo 'hi '"\${SKILL_TPL_1}"''`, env: { SKILL_TPL_1: "x; rm -rf ~" } }
 */
export function renderShellTemplate(source: string, scope: TemplateScope): RenderedText {
  const skeleton = buildSkeleton(source, (ref) => {
    if (!scope.has(ref.root)) return ref.raw;
    if (!ref.verbatim) return true;
    if (ref.root === 'secrets') {
      const problem = secretProblem(ref);
      throw new WorkflowError('INVALID_TEMPLATE', `${problem.message} (${problem.hint})`, {
        reference: ref.raw,
        retryable: false,
      });
    }
    return checkShellValue(valueToText(lookup(ref, scope), ref), ref);
  });
  if (skeleton.holes.size === 0) return { text: skeleton.text, env: {} };
  const places = classify(skeleton);
  for (const [offset, ref] of skeleton.holes) {
    const place = places.get(offset);
    if (place?.kind !== 'refused') continue;
    const problem = placeProblem(ref, place);
    throw new WorkflowError('TEMPLATE_PLACE', `${problem.message}; ${problem.hint}`, {
      reference: ref.raw,
      retryable: false,
    });
  }
  const env: Record<string, string> = {};
  const names = new Map<string, string>();
  let text = '';
  let from = 0;
  for (const [offset, ref] of skeleton.holes) {
    text += skeleton.text.slice(from, offset);
    from = offset + 1;
    const place = places.get(offset) as ShellPlace;
    if (place.kind === 'comment') {
      text += ref.raw;
      continue;
    }
    let name = names.get(ref.raw);
    if (name === undefined) {
      name = `${TEMPLATE_ENV_PREFIX}${names.size + 1}`;
      env[name] = checkShellValue(valueToText(lookup(ref, scope), ref), ref, name);
      names.set(ref.raw, name);
    }
    text += quoteFor(place, name);
  }
  return { text: text + skeleton.text.slice(from), env };
}
