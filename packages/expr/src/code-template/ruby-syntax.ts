// Pieces of Ruby syntax the Ruby lexer reads: keywords, %-literal and heredoc openings, method definitions.
import { type EscapeTails, OCTAL_HEX_TAILS } from './lexer-base.js';

/**
 * A Ruby string kind templates can stand in: `'...'`, `"..."` (also `:"..."`), or a literal written
 * as an interpolation `#{"..."}` inside it (heredocs, `%Q()`, `%()`).
 */
export type RubyLiteral = 'single' | 'double' | 'interpolating';

/** Code: the top level, or the inside of a `#{...}` (`depth` counts its open braces). */
export interface CodeFrame {
  kind: 'code';
  interp: boolean;
  depth: number;
}

/** A delimited literal: string, symbol, %-literal, regexp or command. */
export interface StringFrame {
  kind: 'string';
  /** The opening bracket when the delimiters nest (`%q(a(b))`), else null. */
  open: string | null;
  close: string;
  nest: number;
  /** `#{...}` interpolates (and backslash escapes apply). */
  interp: boolean;
  /** How a template inside is written, or null when refused (`where` says why). */
  literal: RubyLiteral | null;
  where: string;
  /** A regexp: its flags follow the closing delimiter. */
  regex: boolean;
}

/** A heredoc body (pending until the line that opened it ends). */
export interface HeredocFrame {
  kind: 'heredoc';
  id: string;
  /** `<<-` or `<<~`: the terminator may be indented. */
  indent: boolean;
  interp: boolean;
  literal: RubyLiteral | null;
  where: string;
}

/** Keywords after which an expression has ended (`/` divides). */
export const KEYWORDS_END: ReadonlySet<string> = new Set(
  'end self true false nil redo retry __FILE__ __LINE__ __ENCODING__ __method__'.split(' '),
);
/** Keywords after which an expression starts (`/` opens a regexp). */
export const KEYWORDS_BEG: ReadonlySet<string> = new Set(
  'if unless while until and or not return when case in then else elsif do begin rescue ensure break next class module alias undef for BEGIN END'.split(
    ' ',
  ),
);

/** Ruby escapes that take more characters after their letter. */
export const ESCAPE_TAILS: EscapeTails = {
  ...OCTAL_HEX_TAILS,
  u: /^(?:[0-9a-fA-F]{0,3}|\{[0-9a-fA-F ]*)$/,
  c: /^$/,
  C: /^-?$/,
  M: /^-?$/,
};
/** Identifiers that are always method calls taking arguments (`puts /x/` passes a regexp, as Ruby reads it). */
export const COMMANDS: ReadonlySet<string> = new Set(
  'puts print p pp require require_relative raise fail warn printf format sprintf include extend attr_reader attr_writer attr_accessor private public protected loop lambda proc catch throw abort exit sleep system exec yield super defined?'.split(
    ' ',
  ),
);
/** An assignment (`=`, `+=`, `||=`...) follows. */
export const ASSIGNMENT = /^[ \t]*(?:\*\*|\|\||&&|<<|>>|[-+*/%|&^])?=(?![=~>])/;
/**
 * True when `word` may be a local variable somewhere in `text`: assigned, a parameter, bound by
 * `a, b = ...`, `|a|`, `=> a`, `in a`... (erring towards yes).
 */
export function bindsLocal(text: string, word: string): boolean {
  const name = word.replace(/[?!]$/, '');
  const bound = new RegExp(
    `(?<![\\w@$.:])${name}\\s*(?:=(?![=~>])|,)|(?:[|(,*&]|=>|\\bin|\\bfor)\\s*${name}(?![\\w?!(])`,
  );
  return bound.test(text);
}

const PAIRS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' };
const REGEX_WHERE = 'inside a regular expression literal';

function isDelimiter(ch: string | undefined): ch is string {
  return ch !== undefined && /^[!-/:-@[-`{-~]$/.test(ch);
}

function stringFrame(delim: string, interp: boolean, literal: RubyLiteral | null, where: string): StringFrame {
  const close = PAIRS[delim];
  return {
    kind: 'string',
    open: close ? delim : null,
    close: close ?? delim,
    nest: 0,
    interp,
    literal,
    where,
    regex: false,
  };
}

/**
 * The literal a `%` or `/` at `at` opens where an expression starts (`%q(...)`, `%w[...]`, `%(...)`,
 * `/re/`...), and where its content starts; undefined when none does (`%` then is an operator).
 */
export function percentStart(
  text: string,
  at: number,
  ch: string,
): { frame: StringFrame; contentStart: number } | undefined {
  if (ch === '/') return { frame: { ...stringFrame('/', true, null, REGEX_WHERE), regex: true }, contentStart: at + 1 };
  let type = text[at + 1] as string;
  let delimAt = at + 2;
  if (!/^[qQwWiIrsx]$/.test(type) || !isDelimiter(text[at + 2])) {
    type = 'Q';
    delimAt = at + 1;
  }
  const delim = text[delimAt];
  if (!isDelimiter(delim)) return undefined;
  const contentStart = delimAt + 1;
  switch (type) {
    case 'Q':
      return {
        frame: stringFrame(delim, true, delim === '#' ? null : 'interpolating', 'inside a %Q literal delimited by `#`'),
        contentStart,
      };
    case 'q':
      return {
        frame: stringFrame(
          delim,
          false,
          null,
          'inside %q(...), which cannot escape every character (use \'...\' or "...")',
        ),
        contentStart,
      };
    case 'r':
      return { frame: { ...stringFrame(delim, true, null, REGEX_WHERE), regex: true }, contentStart };
    case 'x':
      return {
        frame: stringFrame(delim, true, null, 'inside a command string (%x), which a shell runs'),
        contentStart,
      };
    case 's':
      return { frame: stringFrame(delim, false, null, 'inside a %s symbol'), contentStart };
    default: {
      const where = `inside a %${type} word list, where spaces split words`;
      return { frame: stringFrame(delim, type === 'W' || type === 'I', null, where), contentStart };
    }
  }
}

const HEREDOC = /^<<([~-]?)(?:([A-Za-z_]\w*)|'([^'\n]*)'|"([^"\n]*)"|`([^`\n]*)`)/;

/** The heredoc `<<~ID`, `<<-'ID'`, `<<"ID"`... opened at `at`, and where its opening ends; or undefined. */
export function heredocStart(text: string, at: number): { frame: HeredocFrame; end: number } | undefined {
  const match = HEREDOC.exec(text.slice(at, at + 256));
  if (!match) return undefined;
  const [opening, indent, bare, single, double, command] = match;
  const interp = single === undefined;
  const frame: HeredocFrame = {
    kind: 'heredoc',
    id: bare ?? single ?? double ?? command ?? '',
    indent: indent !== '',
    interp,
    literal: interp && command === undefined ? 'interpolating' : null,
    where: interp
      ? 'inside a command heredoc (<<~`EOS`), which a shell runs'
      : "inside a single-quoted heredoc (<<~'EOS'), where nothing can be escaped",
  };
  return { frame, end: at + opening.length };
}

const DEF_NAME = /^(?:self\.)?(?:[A-Za-z_]\w*[?!=]?|\[\]=?|<=>|===?|=~|!~|!=|\*\*|[+-]@|<<|>>|<=|>=|[-+*/%<>!~^&|`])/;

/** Adds the parameter names of a parameter list (`a, b = 1, *c, d:, &e`) to `locals`. */
function addParameters(list: string, locals: Set<string>): void {
  for (const piece of list.split(',')) {
    const name = /^\s*(?:\*\*|\*|&)?([a-z_]\w*)/.exec(piece)?.[1];
    if (name) locals.add(name);
  }
}

/**
 * After `def` at `at`: the offset past the method name (operators and `` ` `` included), with the
 * parameters added to `locals`.
 */
export function scanDefName(text: string, at: number, locals: Set<string>): number {
  let i = at;
  while (text[i] === ' ' || text[i] === '\t') i++;
  const name = DEF_NAME.exec(text.slice(i, i + 256));
  if (!name) return i;
  i += name[0].length;
  const rest = text.slice(i, i + 1024);
  const list = rest.startsWith('(') ? /^\(([^)\n]*)/.exec(rest)?.[1] : /^[ \t]([^\n;]*)/.exec(rest)?.[1];
  if (list !== undefined) addParameters(list, locals);
  return i;
}

/** Adds the names of `|a, b|` block parameters (or `for a, b in`) starting at `at` to `locals`. */
export function scanNames(text: string, at: number, opener: '|' | 'in', locals: Set<string>): void {
  const rest = text.slice(at, at + 512);
  const list = opener === '|' ? /^\s*\|([^|\n]*)\|/.exec(rest)?.[1] : /^([^\n]*?)\bin\b/.exec(rest)?.[1];
  if (list !== undefined) addParameters(list.replace(/[()]/g, ''), locals);
}
