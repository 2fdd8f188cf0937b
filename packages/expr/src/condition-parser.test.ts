// Tests for parsing `when` conditions: the AST, precedence, and INVALID_CONDITION errors with columns.
import { isWorkflowError, type WorkflowError } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { MAX_CONDITION_LENGTH } from './condition-lexer.js';
import { type Condition, MAX_CONDITION_DEPTH, parseCondition } from './condition-parser.js';

/** The condition as a compact string: shows how it was grouped. */
function shape(node: Condition): string {
  switch (node.kind) {
    case 'literal':
      return JSON.stringify(node.value);
    case 'ref':
      return node.ref.raw;
    case 'template':
      return `\`${node.parts.map((part) => (part.kind === 'text' ? part.text : `<${part.ref.raw}>`)).join('')}\``;
    case 'list':
      return `[${node.items.map(shape).join(', ')}]`;
    case 'not':
      return `!${shape(node.operand)}`;
    case 'binary':
      return `(${shape(node.left)} ${node.op} ${shape(node.right)})`;
  }
}

function parseError(text: string): WorkflowError {
  try {
    parseCondition(text);
  } catch (error) {
    if (isWorkflowError(error)) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`);
}

describe('parseCondition', () => {
  it.each([
    ['{validate-data.metadata.quality_score} > 0.9', '({validate-data.metadata.quality_score} > 0.9)'],
    ["{validate-data.status} == 'failed'", '({validate-data.status} == "failed")'],
    ["{check-environment.output.env} == 'production'", '({check-environment.output.env} == "production")'],
    ["{step-a.status} == 'completed'", '({step-a.status} == "completed")'],
    ['1 || 2 && 3', '(1 or (2 and 3))'],
    ['1 or 2 and 3', '(1 or (2 and 3))'],
    ['{a} in [1, 2] && {b} not in "xy"', '(({a} in [1, 2]) and ({b} not in "xy"))'],
    ['{a} == 1 in [true]', '(({a} == 1) in [true])'],
    ['1 < 2 == true', '((1 < 2) == true)'],
    ['!{a} == false', '(!{a} == false)'],
    ['not not {a}', '!!{a}'],
    ['!({a} == 1)', '!({a} == 1)'],
    ['(1 || 2) && 3', '((1 or 2) and 3)'],
    ['-1.5e2 <= -0', '(-150 <= 0)'],
    ['null != false', '(null != false)'],
    ['[\'a\', "b", [1,],]', '["a", "b", [1]]'],
    ['[]', '[]'],
    ["''", '""'],
    ["'it\\'s \\\\ \"q\" \\n'", JSON.stringify('it\'s \\ "q" \n')],
    ["'env-{inputs.env}' == 'env-prod'", '(`env-<{inputs.env}>` == "env-prod")'],
    ["'{{inputs.env}} \\{x\\}'", '"{inputs.env} {x}"'],
    ["'{ x } {row.x}'", '`{ x } <{row.x}>`'],
    ['\t{a}\n==\r\n1 ', '({a} == 1)'],
  ])('parses %s', (text, expected) => {
    expect(shape(parseCondition(text))).toBe(expected);
  });

  it('records offsets of nodes and references', () => {
    const node = parseCondition("  {a.status} == 'x'");
    expect(node).toMatchObject({ kind: 'binary', op: '==', start: 2, end: 19 });
    if (node.kind !== 'binary' || node.left.kind !== 'ref') throw new Error('unexpected shape');
    expect(node.left.ref).toEqual({ root: 'a', path: ['status'], raw: '{a.status}', start: 2, end: 12 });
  });

  /** The hint after a value that no operator follows. */
  const EXPECTED_OPERATOR = '; expected an operator (==, !=, <, <=, >, >=, in, not in, &&, ||) or the end';
  /** Why braces around something else are refused. */
  const NOT_A_REFERENCE = ' is not a reference (references look like {step-id.output.field}, no spaces)';

  it.each([
    ['', 'empty condition: expected a value at column 1', 1],
    ['   ', 'empty condition: expected a value at column 1', 1],
    ['{a.status} == ', "expected a value after '==' at column 15", 15],
    ['{a.status} == && 1', "expected a value after '==' at column 15, found '&&'", 15],
    ['production', "unknown word 'production' at column 1; quote strings: 'production'", 1],
    ['{env} == production', "unknown word 'production' at column 10; quote strings: 'production'", 10],
    ['a.status == 1', "unknown word 'a.status' at column 1; references go in braces: {a.status}", 1],
    ['True', "unknown word 'True' at column 1; did you mean 'true'?", 1],
    ["{a} = 'x'", "'=' is not an operator; use '==' to compare at column 5", 5],
    ['1 & 2', "'&' is not an operator; use '&&' (or 'and') at column 3", 3],
    ['1 | 2', "'|' is not an operator; use '||' (or 'or') at column 3", 3],
    ["{a} == 'open", "unterminated string starting at column 8: add the closing '", 8],
    ["'\\q'", "unknown escape '\\q' in a string at column 2 (use '\\\\' for a backslash)", 2],
    ['{ a } == 1', `'{ a }'${NOT_A_REFERENCE} at column 1`, 1],
    ['{"a": 1}', `'{"a": 1}'${NOT_A_REFERENCE} at column 1`, 1],
    ['(1 == 1', "expected ')' to close the '(' at column 1, found the end at column 8", 8],
    ['[1 2]', "expected ',' or ']' in the list opened at column 1, found '2' at column 4", 4],
    ['1 2', `unexpected '2' at column 3${EXPECTED_OPERATOR}`, 3],
    ["1 'x'", `unexpected 'x' at column 3${EXPECTED_OPERATOR}`, 3],
    ['1 == 2 )', `unexpected ')' at column 8${EXPECTED_OPERATOR}`, 8],
    ['== 1', "expected a value, found '==' at column 1", 1],
    ['in', "expected a value, found 'in' at column 1", 1],
    ['- x', "expected a number after '-' at column 3", 3],
    ['1 @ 2', 'unexpected character "@" at column 3', 3],
    ['1e999', 'number 1e999 is out of range at column 1', 1],
    ['!', "expected a value after '!' at column 2", 2],
  ])('rejects %j: %s', (text, message, column) => {
    const error = parseError(text);
    expect(error.code).toBe('INVALID_CONDITION');
    expect(error.message).toBe(message);
    expect(error.details.column).toBe(column);
  });

  it('limits nesting depth', () => {
    const ok = `${'('.repeat(MAX_CONDITION_DEPTH)}1${')'.repeat(MAX_CONDITION_DEPTH)}`;
    expect(shape(parseCondition(ok))).toBe('1');
    const deep = `${'('.repeat(MAX_CONDITION_DEPTH + 1)}1${')'.repeat(MAX_CONDITION_DEPTH + 1)}`;
    expect(parseError(deep).message).toBe(`condition nested more than ${MAX_CONDITION_DEPTH} levels deep at column 65`);
    expect(parseError('!'.repeat(5000)).message).toMatch(/^condition nested more than 64 levels deep at column \d+$/);
    expect(parseError('['.repeat(5000)).code).toBe('INVALID_CONDITION');
  });

  it('limits length and the number of operators', () => {
    const long = `'${'x'.repeat(MAX_CONDITION_LENGTH)}'`;
    expect(parseError(long).message).toBe(
      `condition is too long (${MAX_CONDITION_LENGTH + 2} characters, at most ${MAX_CONDITION_LENGTH}) at column 1`,
    );
    expect(parseError(Array.from({ length: 600 }, () => '1').join('==')).message).toMatch(
      /^condition has more than 500 operators at column \d+$/,
    );
  });
});
