// Table-driven tests over test/fixtures: every TOML snippet of the guide, and 30+ malformed workflows; and the
// test kit's shared workflow fixtures, which the suites of other packages run.
// Each fixture states its expected diagnostics in `# expect:` comment lines:
//   # expect: valid                                  -> no error diagnostic, a definition
//   # expect: CODE line:column [step=id] [| text]    -> exactly these diagnostics, in this order;
//                                                      `text` must occur in the message or the hint
import { readdirSync, readFileSync } from 'node:fs';
import { workflowFixture, workflowFixtureNames } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from './parse-workflow.js';

const FIXTURES = new URL('../test/fixtures/', import.meta.url);
const EXPECT = /^# expect: (\S+)(?: (\d+):(\d+))?(?: step=(\S+))?(?: \| (.*))?$/;

interface Expected {
  code: string;
  line: number;
  column: number;
  step_id?: string;
  text?: string;
}

function load(dir: string): { name: string; text: string; valid: boolean; expected: Expected[] }[] {
  const folder = new URL(`${dir}/`, FIXTURES);
  return readdirSync(folder)
    .filter((name) => name.endsWith('.toml'))
    .sort()
    .map((name) => {
      const text = readFileSync(new URL(name, folder), 'utf8');
      const lines = text.split('\n').filter((l) => l.startsWith('# expect: '));
      const expected: Expected[] = [];
      let valid = false;
      for (const line of lines) {
        const match = EXPECT.exec(line);
        if (!match) throw new Error(`${name}: bad expectation line: ${line}`);
        if (match[1] === 'valid') {
          valid = true;
          continue;
        }
        expected.push({
          code: match[1] as string,
          line: Number(match[2]),
          column: Number(match[3]),
          ...(match[4] ? { step_id: match[4] } : {}),
          ...(match[5] ? { text: match[5] } : {}),
        });
      }
      if (!valid && expected.length === 0) throw new Error(`${name}: no "# expect:" line`);
      return { name, text, valid, expected };
    });
}

function check(fixture: ReturnType<typeof load>[number], dir: string) {
  const result = parseWorkflow(fixture.text, { file: `${dir}/${fixture.name}` });
  if (fixture.valid) {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.definition?.steps.length).toBeGreaterThan(0);
    return;
  }
  const actual = result.diagnostics.map((d) => ({
    code: d.code,
    line: d.line,
    column: d.column,
    ...(d.step_id === undefined ? {} : { step_id: d.step_id }),
  }));
  expect(actual).toEqual(fixture.expected.map(({ text: _text, ...rest }) => rest));
  fixture.expected.forEach((want, i) => {
    const got = result.diagnostics[i];
    expect(got?.file).toBe(`${dir}/${fixture.name}`);
    if (want.text) expect(`${got?.message} ${got?.hint ?? ''}`).toContain(want.text);
  });
  expect(result.definition).toBeUndefined();
}

describe('guide snippets (test/fixtures/guide)', () => {
  const fixtures = load('guide');
  it('has one fixture per TOML snippet of the guide', () => {
    expect(fixtures.length).toBe(31);
  });
  for (const fixture of fixtures) {
    it(`${fixture.name} parses as TOML${fixture.valid ? ' and validates' : ''}`, () => {
      const result = parseWorkflow(fixture.text);
      expect(result.diagnostics.filter((d) => d.code === 'TOML_SYNTAX')).toEqual([]);
      check(fixture, 'guide');
    });
  }
});

describe('malformed workflows (test/fixtures/invalid)', () => {
  const fixtures = load('invalid');
  it('has at least 30 fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
  });
  for (const fixture of fixtures) {
    it(fixture.name, () => check(fixture, 'invalid'));
  }
});

describe('shared workflow fixtures (packages/test-kit/workflows)', () => {
  const valid = workflowFixtureNames().filter((name) => name !== 'broken');
  it('include the invalid `broken` and at least four valid ones', () => {
    expect(workflowFixtureNames()).toContain('broken');
    expect(valid.length).toBeGreaterThanOrEqual(4);
  });

  it.each(valid)('%s parses without diagnostics', (name) => {
    const { definition, diagnostics } = parseWorkflow(workflowFixture(name));
    expect(diagnostics).toEqual([]);
    expect(definition?.name).toBe(name);
  });

  it('broken fails: its step depends on a step that does not exist', () => {
    const { definition, diagnostics } = parseWorkflow(workflowFixture('broken'));
    expect(definition).toBeUndefined();
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_DEPENDENCY', severity: 'error', step_id: 'a' }),
    ]);
    expect(diagnostics[0]?.message).toContain('missing-step');
  });
});
