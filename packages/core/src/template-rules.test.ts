// The revised template rules: undeclared inputs without [inputs], references imply order, language braces, raw opt-out.
import { describe, expect, it } from 'vitest';
import { coreWorkflow, guideSnippet } from '../test/engine-fixture.js';
import { createEngine } from './engine.js';
import { workflowGraph } from './graph.js';
import { explainWorkflow } from './workflow-explain.js';

describe("the guide's snippets run as written", () => {
  it('takes {inputs.data} without an [inputs] table, and python braces stay python', async () => {
    const engine = createEngine();
    // On the host, as the guide's sandboxed step cannot run without Docker.
    const record = await engine.run(`${guideSnippet('inline-code-step')}unsafe_native = true\n`, {
      data: '["a", "b"]',
    });
    expect(record.status).toBe('completed');
    expect(record.steps['process-data']?.output).toEqual({ count: 2, items: ['A', 'B'] });
  });

  it('orders a step after the step it references without depends_on', async () => {
    const engine = createEngine();
    const text = coreWorkflow('nested');
    const record = await engine.run(text);
    expect(record.status).toBe('completed');
    expect(record.steps['greet-user']?.output).toBe('hello Alice 123');
    const { definition } = await engine.load(text);
    expect(workflowGraph(definition).nodes[0]).toMatchObject({
      id: 'greet-user',
      depends_on: ['fetch-user'],
      inferred_depends_on: ['fetch-user'],
      level: 1,
    });
    expect(explainWorkflow(definition).inferred_dependencies).toEqual([
      { step_id: 'greet-user', after: ['fetch-user'] },
    ]);
  });

  it('still types inputs strictly when the workflow has an [inputs] table', async () => {
    const engine = createEngine();
    await expect(
      engine.run(
        'version = "1"\nname = "t"\n[inputs]\na = { type = "string" }\n[[steps]]\nid = "s"\ncommand = "true"\n',
        {
          b: 'x',
        },
      ),
    ).rejects.toMatchObject({ code: 'INPUTS_INVALID' });
  });
});

describe('validation of templates', () => {
  const validate = (steps: string) => createEngine().validate(`version = "1"\nname = "t"\n${steps}`);

  it('leaves f-string braces alone even next to a step with a close id', async () => {
    const report = await validate(`
[[steps]]
id = "py"
step_type = "inline_code"
[steps.inline_code]
language = "python"
code = '''
n = 1
print(f"{n}")
'''
`);
    expect(report.diagnostics).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('suggests a step id only for a dotted reference close to it', async () => {
    const report = await validate(`
[[steps]]
id = "fetch-users"
command = "true"
[[steps]]
id = "b"
command = "echo {fetch-user.output}"
`);
    expect(report.ok).toBe(false);
    expect(report.diagnostics[0]).toMatchObject({ code: 'UNKNOWN_REFERENCE', hint: 'did you mean "fetch-users"?' });
  });

  it('refuses a template in a place the shell cannot quote, with its location', async () => {
    const report = await validate(`
[[steps]]
id = "math"
command = "echo $(( {inputs.n} + 1 ))"
`);
    expect(report.ok).toBe(false);
    expect(report.diagnostics[0]).toMatchObject({ code: 'TEMPLATE_PLACE', step_id: 'math', line: 6 });
  });

  it('gives no "did you mean" for a huge unknown id, quickly', async () => {
    const long = 'x'.repeat(60_000);
    const started = performance.now();
    const report = await validate(
      `[[steps]]\nid = "a"\ncommand = "echo {${long}y.output}"\n[[steps]]\nid = "${long}"\ncommand = "true"\n`,
    );
    expect(report.diagnostics.every((d) => !d.hint?.includes('did you mean'))).toBe(true);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('the raw opt-out', () => {
  const text = coreWorkflow('raw');

  it('splices the value into a trusted shell command and is listed by explain', async () => {
    const engine = createEngine();
    const record = await engine.run(text, { flags: 'a b' });
    expect(record.steps.ls?.output).toBe('a,b,');
    const { definition } = await engine.load(text);
    expect(explainWorkflow(definition).raw_templates).toEqual([{ step_id: 'ls', template: '{raw inputs.flags}' }]);
  });

  it('is refused in an untrusted workflow even when commands are allowed', async () => {
    const engine = createEngine();
    const http = text.replace(
      /step_type = "command"\ncommand = .*/,
      'step_type = "http"\n[steps.http]\nurl = "http://127.0.0.1:9/{raw inputs.flags}"',
    );
    await expect(engine.run(http, { flags: 'x' }, { trusted: false })).rejects.toMatchObject({
      code: 'UNTRUSTED_STEP',
    });
  });
});
