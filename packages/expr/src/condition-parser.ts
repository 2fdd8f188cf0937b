// Parses a `when` condition into a small AST by recursive descent, with bounded nesting.
import { conditionError, lexCondition, type Token } from './condition-lexer.js';
import type { Reference } from './reference.js';
import type { TemplatePart } from './template-parse.js';

/** A binary operator of the condition language (`&&` is stored as `and`, `||` as `or`). */
export type ConditionOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'and' | 'or';

/**
 * A parsed `when` condition. `start`/`end` are offsets into the condition text. A quoted string
 * holding references is a `template` node whose references are inserted as text.
 */
export type Condition =
  | { kind: 'literal'; value: string | number | boolean | null; start: number; end: number }
  | { kind: 'template'; parts: TemplatePart[]; start: number; end: number }
  | { kind: 'ref'; ref: Reference; start: number; end: number }
  | { kind: 'list'; items: Condition[]; start: number; end: number }
  | { kind: 'not'; operand: Condition; start: number; end: number }
  | { kind: 'binary'; op: ConditionOperator; left: Condition; right: Condition; start: number; end: number };

/** Parentheses, lists and `!` chains nested deeper than this are refused. */
export const MAX_CONDITION_DEPTH = 64;
/** More binary operators than this are refused (keeps evaluation shallow). */
export const MAX_CONDITION_OPERATORS = 500;

const KEYWORDS: ReadonlySet<string> = new Set(['true', 'false', 'null', 'and', 'or', 'not', 'in']);
/** The binary operators of one precedence level, by how they are written. */
type Spellings = Readonly<Record<string, ConditionOperator>>;
const OR: Spellings = { '||': 'or', or: 'or' };
const AND: Spellings = { '&&': 'and', and: 'and' };
const EQUALITY: Spellings = { '==': '==', '!=': '!=' };
const COMPARISON: Spellings = { '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** How an error message shows a token: its source text, quoted and shortened. */
function describe(token: Token, source: string): string {
  if (token.kind === 'eof') return 'the end';
  const text = source.slice(token.start, token.end);
  if (token.kind === 'string') return text.length > 30 ? `${text.slice(0, 27)}...` : text;
  return text.length > 30 ? `'${text.slice(0, 27)}...'` : `'${text}'`;
}

function isOperator(token: Token | undefined, text: string): boolean {
  return token !== undefined && (token.kind === 'op' || token.kind === 'word') && token.text === text;
}

function unknownWord(token: Extract<Token, { kind: 'word' }>): never {
  const lower = token.text.toLowerCase();
  if (KEYWORDS.has(lower)) {
    throw conditionError(`unknown word '${token.text}'`, token.start, `; did you mean '${lower}'?`);
  }
  const hint = token.text.includes('.')
    ? `; references go in braces: {${token.text}}`
    : `; quote strings: '${token.text}'`;
  throw conditionError(`unknown word '${token.text}'`, token.start, hint);
}

class ConditionParser {
  #source: string;
  #tokens: Token[];
  #pos = 0;
  #depth = 0;
  #operators = 0;

  constructor(source: string, tokens: Token[]) {
    this.#source = source;
    this.#tokens = tokens;
  }

  #peek(): Token {
    return this.#tokens[this.#pos] as Token;
  }

  /** True when the token `ahead` places on (0: the next one) is the operator or keyword `text`. */
  #isOp(text: string, ahead = 0): boolean {
    return isOperator(this.#tokens[this.#pos + ahead], text);
  }

  /** True when the next token can start a value. */
  #atValue(): boolean {
    const token = this.#peek();
    if (token.kind === 'op') return ['(', '[', '!', '-'].includes(token.text);
    if (token.kind === 'word') return !['and', 'or', 'in'].includes(token.text);
    return token.kind !== 'eof';
  }

  #next(): Token {
    const token = this.#peek();
    if (token.kind !== 'eof') this.#pos++;
    return token;
  }

  #nest<T>(at: Token, parse: () => T): T {
    if (++this.#depth > MAX_CONDITION_DEPTH) {
      throw conditionError(`condition nested more than ${MAX_CONDITION_DEPTH} levels deep`, at.start);
    }
    try {
      return parse();
    } finally {
      this.#depth--;
    }
  }

  parse(): Condition {
    if (this.#peek().kind === 'eof') throw conditionError('empty condition: expected a value', 0);
    const condition = this.#or();
    const rest = this.#peek();
    if (rest.kind !== 'eof') {
      if (rest.kind === 'word' && !KEYWORDS.has(rest.text)) unknownWord(rest);
      throw conditionError(
        `unexpected ${describe(rest, this.#source)}`,
        rest.start,
        '; expected an operator (==, !=, <, <=, >, >=, in, not in, &&, ||) or the end',
      );
    }
    return condition;
  }

  #binary(left: Condition, op: ConditionOperator, right: Condition): Condition {
    if (++this.#operators > MAX_CONDITION_OPERATORS) {
      throw conditionError(`condition has more than ${MAX_CONDITION_OPERATORS} operators`, right.start);
    }
    return { kind: 'binary', op, left, right, start: left.start, end: right.end };
  }

  #operand(after: Token, parse: () => Condition): Condition {
    if (!this.#atValue()) {
      const found = this.#peek().kind === 'eof' ? '' : `, found ${describe(this.#peek(), this.#source)}`;
      throw conditionError(`expected a value after ${describe(after, this.#source)}`, this.#peek().start, found);
    }
    return parse();
  }

  /** The operator the next token spells among `spellings`, if it spells one. */
  #operatorIn(spellings: Spellings): ConditionOperator | undefined {
    const token = this.#peek();
    const written = token.kind === 'op' || token.kind === 'word' ? token.text : undefined;
    return written !== undefined && Object.hasOwn(spellings, written) ? spellings[written] : undefined;
  }

  /** A left-associative chain of the operators in `spellings` between operands that `next` parses. */
  #chain(spellings: Spellings, next: () => Condition): Condition {
    let left = next();
    for (let op = this.#operatorIn(spellings); op !== undefined; op = this.#operatorIn(spellings)) {
      const token = this.#next();
      left = this.#binary(left, op, this.#operand(token, next));
    }
    return left;
  }

  #or(): Condition {
    return this.#chain(OR, () => this.#and());
  }

  #and(): Condition {
    return this.#chain(AND, () => this.#membership());
  }

  #membership(): Condition {
    let left = this.#equality();
    for (;;) {
      const negated = this.#isOp('not') && this.#isOp('in', 1);
      if (!negated && !this.#isOp('in')) return left;
      if (negated) this.#next();
      const token = this.#next();
      left = this.#binary(
        left,
        negated ? 'not in' : 'in',
        this.#operand(token, () => this.#equality()),
      );
    }
  }

  #equality(): Condition {
    return this.#chain(EQUALITY, () => this.#comparison());
  }

  #comparison(): Condition {
    return this.#chain(COMPARISON, () => this.#unary());
  }

  #unary(): Condition {
    if (this.#isOp('!') || (this.#isOp('not') && !this.#isOp('in', 1))) {
      const op = this.#next();
      const operand = this.#nest(op, () => this.#operand(op, () => this.#unary()));
      return { kind: 'not', operand, start: op.start, end: operand.end };
    }
    return this.#primary();
  }

  #primary(): Condition {
    const token = this.#next();
    switch (token.kind) {
      case 'number':
        return { kind: 'literal', value: token.value, start: token.start, end: token.end };
      case 'ref':
        return { kind: 'ref', ref: token.ref, start: token.start, end: token.end };
      case 'string': {
        const [only] = token.parts;
        if (token.parts.length === 0) return { kind: 'literal', value: '', start: token.start, end: token.end };
        if (token.parts.length === 1 && only?.kind === 'text') {
          return { kind: 'literal', value: only.text, start: token.start, end: token.end };
        }
        return { kind: 'template', parts: token.parts, start: token.start, end: token.end };
      }
      case 'word':
        if (token.text === 'true' || token.text === 'false') {
          return { kind: 'literal', value: token.text === 'true', start: token.start, end: token.end };
        }
        if (token.text === 'null') return { kind: 'literal', value: null, start: token.start, end: token.end };
        if (KEYWORDS.has(token.text)) throw conditionError(`expected a value, found '${token.text}'`, token.start);
        return unknownWord(token);
      case 'op':
        return this.#fromOperator(token);
      case 'eof':
        throw conditionError('expected a value, found the end', token.start);
    }
  }

  #fromOperator(token: Extract<Token, { kind: 'op' }>): Condition {
    if (token.text === '-') {
      const number = this.#peek();
      if (number.kind !== 'number') throw conditionError("expected a number after '-'", number.start);
      this.#next();
      return { kind: 'literal', value: -number.value, start: token.start, end: number.end };
    }
    if (token.text === '(') {
      const inner = this.#nest(token, () => this.#operand(token, () => this.#or()));
      const close = this.#next();
      if (!isOperator(close, ')')) {
        throw conditionError(
          `expected ')' to close the '(' at column ${token.start + 1}, found ${describe(close, this.#source)}`,
          close.start,
        );
      }
      return { ...inner, start: token.start, end: close.end };
    }
    if (token.text === '[') return this.#nest(token, () => this.#list(token));
    throw conditionError(`expected a value, found '${token.text}'`, token.start);
  }

  #list(open: Token): Condition {
    const items: Condition[] = [];
    let previous = open;
    for (;;) {
      if (this.#isOp(']')) return { kind: 'list', items, start: open.start, end: this.#next().end };
      items.push(this.#operand(previous, () => this.#or()));
      const next = this.#next();
      previous = next;
      if (isOperator(next, ']')) return { kind: 'list', items, start: open.start, end: next.end };
      if (!isOperator(next, ',')) {
        throw conditionError(
          `expected ',' or ']' in the list opened at column ${open.start + 1}, found ${describe(next, this.#source)}`,
          next.start,
        );
      }
    }
  }
}

/**
 * Parses a `when` condition. Throws `WorkflowError('INVALID_CONDITION', message, { column })`
 * with a 1-based column, e.g. "expected a value after '==' at column 12".
 */
export function parseCondition(text: string): Condition {
  return new ConditionParser(text, lexCondition(text)).parse();
}
