// Property tests: templates and conditions never crash on arbitrary text, and template parsing round-trips.
import { isWorkflowError } from '@skill/workflow-model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionReferences, evaluateCondition } from './condition-evaluate.js';
import { parseCondition } from './condition-parser.js';
import type { TemplateScope } from './path-lookup.js';
import { escapeTemplateText, parseTemplate, type TemplatePart } from './template-parse.js';
import { resolveTemplate } from './template-resolve.js';

const RUNS = 3000;

/** Pieces that make interesting templates and conditions when glued together. */
const PIECES = [
  ...'{}[]().\'"!=<>&|\\$ -_,:\n\tab01',
  '{{',
  '}}',
  '{a',
  '{a.output}',
  '{a.output.x}',
  '{a.output[0]}',
  '{a.status}',
  '{step-1.output.list[1]}',
  '{inputs.n}',
  '{inputs.s}',
  '{loop.item}',
  '{execution_id}',
  '{workflow}',
  '{row.x}',
  '{constructor}',
  '{a.__proto__}',
  '.output',
  '[0]',
  'inputs',
  'and',
  'or',
  'not',
  'in',
  'true',
  'false',
  'null',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  "'x'",
  '"y"',
  '12',
  '-3.5',
  '1e3',
  'production',
  'é',
  '😀',
];

const piecesText = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));
/** Dense brace structures: escapes, nested and adjacent references. */
const braceText = fc
  .array(fc.constantFrom('{', '}', '{{', '}}', 'a', '.b', '[0]', 'execution_id', ' ', '$'), { maxLength: 24 })
  .map((parts) => parts.join(''));
const anyText = fc.oneof(
  piecesText,
  braceText,
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

const scope: TemplateScope = new Map<string, unknown>([
  ['inputs', { n: 5, s: 'text', list: [1, 'two', null] }],
  ['loop', { item: { k: 'v' }, index: 2 }],
  ['execution_id', 'exec-1'],
  ['workflow', 'wf'],
  ['a', { status: 'completed', output: { x: [1, { y: true }] }, metadata: {} }],
  ['step-1', { status: 'completed', output: '{"list": ["p", "q"]}' }],
  ['skipped', { status: 'skipped' }],
]);

/** Runs `run`, accepting only success or a WorkflowError with one of `codes`. */
function onlyWorkflowErrors(codes: string[], run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!isWorkflowError(error) || !codes.includes(String(error.code))) throw error;
  }
}

/** Text parts and reference raws, adjacent text merged: what a template means. */
function meaning(parts: readonly TemplatePart[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    const piece = part.kind === 'text' ? `t:${part.text}` : `r:${part.ref.raw}`;
    const last = out[out.length - 1];
    if (part.kind === 'text' && last?.startsWith('t:')) out[out.length - 1] = last + part.text;
    else out.push(piece);
  }
  return out;
}

describe('templates on arbitrary text', () => {
  it('parseTemplate never throws, and references are the source slices they claim', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const part of parseTemplate(text).parts) {
          if (part.kind === 'ref') expect(text.slice(part.ref.start, part.ref.end)).toBe(part.ref.raw);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('round-trips: escaped text parts plus reference raws parse back to the same parts', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parts = parseTemplate(text).parts;
        const rebuilt = parts
          .map((part) => (part.kind === 'text' ? escapeTemplateText(part.text) : part.ref.raw))
          .join('');
        expect(meaning(parseTemplate(rebuilt).parts)).toEqual(meaning(parts));
      }),
      { numRuns: RUNS },
    );
  });

  it('without {{ escapes, text parts and raws concatenate to the source exactly', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        fc.pre(!text.includes('{{'));
        const joined = parseTemplate(text)
          .parts.map((part) => (part.kind === 'text' ? part.text : part.ref.raw))
          .join('');
        expect(joined).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });

  it('resolveTemplate only fails with TEMPLATE_REF_MISSING', () => {
    fc.assert(
      fc.property(anyText, (text) => onlyWorkflowErrors(['TEMPLATE_REF_MISSING'], () => resolveTemplate(text, scope))),
      { numRuns: RUNS },
    );
  });

  it('with an empty scope, resolveTemplate changes nothing but escapes', () => {
    const empty: TemplateScope = new Map();
    fc.assert(
      fc.property(anyText, (text) => {
        const expected = parseTemplate(text)
          .parts.map((part) => (part.kind === 'text' ? part.text : part.ref.raw))
          .join('');
        expect(resolveTemplate(text, empty)).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('conditions on arbitrary text', () => {
  it('parseCondition succeeds or throws INVALID_CONDITION with a column inside the text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        try {
          const condition = parseCondition(text);
          for (const ref of conditionReferences(condition)) expect(text.slice(ref.start, ref.end)).toBe(ref.raw);
        } catch (error) {
          if (!isWorkflowError(error) || error.code !== 'INVALID_CONDITION') throw error;
          const column = error.details.column;
          expect(Number.isInteger(column)).toBe(true);
          expect(column as number).toBeGreaterThanOrEqual(1);
          expect(column as number).toBeLessThanOrEqual(text.length + 1);
          expect(error.message).toContain(`at column ${column}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('evaluateCondition returns a boolean or throws INVALID_CONDITION', () => {
    fc.assert(
      fc.property(anyText, (text) =>
        onlyWorkflowErrors(['INVALID_CONDITION'], () => expect(typeof evaluateCondition(text, scope)).toBe('boolean')),
      ),
      { numRuns: RUNS },
    );
  });

  it('every well-formed condition parses and evaluates to a boolean', () => {
    const { expr } = fc.letrec<{ expr: string; value: string }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('1', '-2.5', "'a'", '"b c"', 'true', 'false', 'null', "'{inputs.s}-x'"),
        fc.constantFrom('{inputs.n}', '{a.output.x[1].y}', '{skipped.output.z}', '{step-1.output.list[0]}', '{nope}'),
        fc.array(tie('expr'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
        tie('expr').map((inner) => `(${inner})`),
        tie('value').map((inner) => `!${inner}`),
        tie('value').map((inner) => `not ${inner}`),
      ),
      expr: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        tie('value'),
        fc
          .tuple(
            tie('value'),
            fc.constantFrom('==', '!=', '<', '<=', '>', '>=', 'in', 'not in', '&&', '||', 'and', 'or'),
            tie('value'),
          )
          .map(([left, op, right]) => `${left} ${op} ${right}`),
      ),
    }));
    fc.assert(
      fc.property(expr, (text) => {
        fc.pre(text.length <= 2000);
        expect(typeof evaluateCondition(text, scope)).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });
});
