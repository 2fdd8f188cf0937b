// Tests of the hard caps: file size, nesting depth, step count and id length, each one located diagnostic.
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from './parse-workflow.js';
import { stepCensus, tooDeepPath, UNTRUSTED_WORKFLOW_LIMITS, utf8Length } from './workflow-limits.js';

const head = 'version = "1"\nname = "w"\n';

function steps(count: number, extra = ''): string {
  let text = head + extra;
  for (let i = 0; i < count; i++) text += `[[steps]]\nid = "s${i}"\ncommand = "true"\ndepends_on = ["missing${i}"]\n`;
  return text;
}

describe('workflow limits', () => {
  it('counts UTF-8 bytes without encoding', () => {
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
  });

  it('finds the deepest path searching the last entries first, scalars included', () => {
    const value = { a: { b: [1, { c: 2 }] }, z: { y: { x: 3 } } };
    expect(tooDeepPath(value, 4)).toBeUndefined();
    expect(tooDeepPath(value, 3)).toEqual(['a', 'b', 1, 'c']);
    expect(tooDeepPath(value, 2)).toEqual(['z', 'y', 'x']);
    expect(tooDeepPath({ a: { b: [1, { c: 2 }] } }, 2)).toEqual(['a', 'b', 1]);
    expect(tooDeepPath([], 0)).toBeUndefined();
    expect(tooDeepPath([[]], 0)).toEqual([0]);
  });

  it('counts steps with their loop steps and names the one at an index', () => {
    const root = { steps: [{ id: 'a', loop: [{ id: 'b' }, 'not a step', { id: 'c' }] }, { id: 'd' }] };
    expect(stepCensus(root, 4)).toEqual({ count: 4 });
    expect(stepCensus(root, 2)).toEqual({ count: 4, at: ['steps', 0, 'loop', 2] });
    expect(stepCensus({}, 0)).toEqual({ count: 0 });
  });

  it('refuses an untrusted file over 1 MiB before parsing it', () => {
    const text = `${head}description = "${'x'.repeat(1024 * 1024)}"\n`;
    const { diagnostics } = parseWorkflow(text, { limits: UNTRUSTED_WORKFLOW_LIMITS });
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'WORKFLOW_TOO_LARGE', line: 1, column: 1 })]);
    expect(parseWorkflow(text).diagnostics.map((d) => d.code)).not.toContain('WORKFLOW_TOO_LARGE');
  });

  it('refuses inline nesting past the limit as a located syntax error', () => {
    const { diagnostics } = parseWorkflow(`${head}x = ${'['.repeat(40)}${']'.repeat(40)}\n`);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'TOML_SYNTAX', line: 3 })]);
  });

  it('refuses tables nested past the limit with the path and line of the first one too deep', () => {
    const header = `[${Array.from({ length: 40 }, () => 'a').join('.')}]`;
    const { diagnostics } = parseWorkflow(`${head}\n${header}\nb = 1\n`);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'NESTING_TOO_DEEP', line: 4, column: 1 })]);
  });

  it('stops at max_total_steps with one diagnostic at the first step beyond it', () => {
    const { diagnostics } = parseWorkflow(steps(1002));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'TOO_MANY_STEPS', line: 3 + 4 * 1000, path: 'steps[1000]' });
    expect(diagnostics[0]?.message).toContain('1002 steps');
  });

  it('max_total_steps cannot raise the untrusted limit', () => {
    const text = steps(5001, '[config]\nmax_total_steps = 10000\n');
    const { diagnostics } = parseWorkflow(text, { limits: UNTRUSTED_WORKFLOW_LIMITS });
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'TOO_MANY_STEPS', path: 'steps[5000]' })]);
    expect(diagnostics[0]?.message).toContain('limit of 5000 steps');
  });

  it('refuses step ids over 128 characters, shortened in the message', () => {
    const id = 'a'.repeat(129);
    const { diagnostics } = parseWorkflow(`${head}[[steps]]\nid = "${id}"\ncommand = "true"\n`);
    const long = diagnostics.find((d) => d.message.includes('longer than 128'));
    expect(long).toMatchObject({ code: 'INVALID_VALUE', line: 4, column: 1, path: 'steps[0].id' });
    expect(diagnostics.every((d) => d.message.length < 400)).toBe(true);
  });

  it('reports 5,000 unknown dependencies with bounded suggestion work (every one reported)', () => {
    const { diagnostics } = parseWorkflow(steps(5000, '[config]\nmax_total_steps = 5000\n'));
    expect(diagnostics.filter((d) => d.code === 'UNKNOWN_DEPENDENCY')).toHaveLength(5000);
  });

  it('reports at most 20 cycles per level, each message naming at most 12 steps', () => {
    let text = `${head}[config]\nmax_total_steps = 2000\n`;
    const all = Array.from({ length: 1999 }, (_, k) => `"s${k}"`).join(',');
    for (let i = 0; i < 2000; i++) {
      const deps = i === 1999 ? all : `"s${i + 1}"`;
      text += `[[steps]]\nid = "s${i}"\ncommand = "true"\ndepends_on = [${deps}]\n`;
    }
    const cycles = parseWorkflow(text).diagnostics.filter((d) => d.code === 'DEPENDENCY_CYCLE');
    expect(cycles).toHaveLength(21);
    expect(cycles.some((d) => d.message.startsWith('more dependency cycles than the 20'))).toBe(true);
    expect(Math.max(...cycles.map((d) => d.message.length))).toBeLessThan(300);
    expect(cycles.some((d) => /s0 -> s1 -> .*… \(\d+ more steps\) … -> s1999 -> s0/.test(d.message))).toBe(true);
  });
});
