// Validation and run time agree on argv elements: a whole reference to a number or boolean input is its text.
import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';

const ARGV = `
version = "1"
name = "argv-text"
[inputs]
n = { type = "integer", default = 5 }
ratio = { type = "number", default = 0.5 }
flag = { type = "boolean", default = true }
[[steps]]
id = "argv"
step_type = "command"
command = ["printf", "%s|%s|%s", "{inputs.n}", "{inputs.ratio}", "{inputs.flag}"]
`;

describe('argv elements from non-string inputs', () => {
  it('pass validation and run as their text, as validation promised', async () => {
    const engine = createEngine();
    const report = await engine.validate(ARGV);
    expect(report.ok).toBe(true);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const record = await engine.run(ARGV, { n: 42, flag: false });
    expect(record.status).toBe('completed');
    expect(record.steps.argv?.output).toBe('42|0.5|false');
  });
});
