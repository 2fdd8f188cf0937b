// Validation of workflow steps and [outputs]: unknown names (did you mean), inputs against the child's [inputs],
// cycles of workflows named and located, the caller's trust level, and the attacks: templated or path-like names.
import { describe, expect, it } from 'vitest';
import { useEngines, workflowFile } from '../test/engine-fixture.js';
import { workflowGraph } from './graph.js';

const engines = useEngines('skill-subflow-check-');

const wf = workflowFile;

const greet = wf(
  'greet',
  `
[inputs]
who = { type = "string", required = true }
times = { type = "integer", default = 1 }
mode = { type = "string", enum = ["loud", "quiet"], default = "quiet" }

[outputs]
message = "{hello.output}"

[[steps]]
id = "hello"
command = "echo hi"
`,
);

async function errorsOf(files: Record<string, string>, name: string) {
  const { engine } = await engines.project(files);
  const report = await engine.validate(name);
  expect(report.ok).toBe(false);
  return report.diagnostics.filter((d) => d.severity === 'error');
}

describe('validate: workflow steps', () => {
  it('accepts a call with fitting inputs', async () => {
    const { engine } = await engines.project({
      ...greet,
      ...wf('ok', '[[steps]]\nid = "call"\nworkflow = "greet"\ninputs = { who = "x", times = 3, mode = "loud" }\n'),
    });
    const report = await engine.validate('ok');
    expect(report.diagnostics).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('names an unknown workflow, with a did-you-mean, at the workflow key', async () => {
    const errors = await errorsOf({ ...greet, ...wf('typo', '[[steps]]\nid = "call"\nworkflow = "gret"\n') }, 'typo');
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_WORKFLOW',
        message: 'step "call": no workflow named "gret" in the workflows folder',
        hint: 'did you mean "greet"?',
        file: '.workflows/typo.toml',
        line: 5,
        step_id: 'call',
      }),
    ]);
  });

  it('checks inputs against the child: unknown (did you mean), missing required, wrong type, not in enum', async () => {
    const caller = wf(
      'caller',
      '[[steps]]\nid = "call"\nworkflow = "greet"\ninputs = { whom = "x", times = "many", mode = "shout" }\n',
    );
    const errors = await errorsOf({ ...greet, ...caller }, 'caller');
    const messages = errors.map((d) => [d.code, d.message, d.hint]);
    expect(messages).toEqual(
      expect.arrayContaining([
        ['INVALID_VALUE', expect.stringContaining('has no input "whom"'), 'did you mean "who"?'],
        ['INPUT_MISSING', 'step "call": workflow "greet" requires input "who" (string)', expect.any(String)],
        ['INVALID_VALUE', 'step "call": input "times" of workflow "greet" is integer, not "many"', undefined],
        ['INVALID_VALUE', expect.stringContaining('input "mode" of workflow "greet" must be one of'), undefined],
      ]),
    );
    expect(errors.every((d) => d.file === '.workflows/caller.toml' && d.line === 6)).toBe(true);
  });

  it('names and locates a cycle of workflows (a -> b -> a) and a self-call', async () => {
    const a = wf('a', '[[steps]]\nid = "to-b"\nworkflow = "b"\n');
    const b = wf('b', '[[steps]]\nid = "first"\ncommand = "true"\n\n[[steps]]\nid = "back"\nworkflow = "a"\n');
    const [cycle] = await errorsOf({ ...a, ...b }, 'a');
    expect(cycle).toMatchObject({
      code: 'SUB_WORKFLOW_RECURSION',
      file: '.workflows/a.toml',
      line: 5,
      step_id: 'to-b',
    });
    expect(cycle?.message).toContain('a -> b -> a');
    expect(cycle?.message).toContain('step "back" (.workflows/b.toml:7:1) calls a');
    const self = wf('self', '[[steps]]\nid = "again"\nworkflow = "self"\n');
    const [selfCall] = await errorsOf(self, 'self');
    expect(selfCall).toMatchObject({ code: 'SUB_WORKFLOW_RECURSION', step_id: 'again' });
    expect(selfCall?.message).toContain('self -> self');
  });

  it('refuses a child that uses what the caller may not (it runs at the caller level)', async () => {
    const lowered = wf(
      'lowered',
      'trust = "community"\n[[steps]]\nid = "call"\nworkflow = "greet"\ninputs = { who = "x" }\n',
    );
    const [refused] = await errorsOf({ ...greet, ...lowered }, 'lowered');
    expect(refused).toMatchObject({ code: 'UNTRUSTED_STEP', step_id: 'call' });
    expect(refused?.message).toContain("runs at this workflow's level (community)");
  });

  it('reports an invalid child at the call', async () => {
    const broken = wf('broken', '[[steps]]\nid = "x"\ncommand = 3\n');
    const [invalid] = await errorsOf(
      { ...broken, ...wf('uses', '[[steps]]\nid = "c"\nworkflow = "broken"\n') },
      'uses',
    );
    expect(invalid).toMatchObject({ code: 'WORKFLOW_INVALID', step_id: 'c' });
  });
});

describe('graph', () => {
  it("names a workflow step's child workflow", async () => {
    const { engine } = await engines.project({
      ...greet,
      ...wf('g', '[[steps]]\nid = "call"\nworkflow = "greet"\ninputs = { who = "x" }\n'),
    });
    const graph = workflowGraph((await engine.load('g')).definition);
    expect(graph.nodes[0]).toMatchObject({ id: 'call', step_type: 'workflow', workflow: 'greet' });
  });
});

describe('validate: [outputs]', () => {
  it('checks output templates: steps with a field, declared inputs, no secrets', async () => {
    const outputs = wf(
      'outs',
      '[inputs]\nx = { type = "string" }\n[outputs]\na = "{hello.outptu}"\nb = "{inputs.y}"\nc = "{secrets.TOKEN}"\nd = "{helo.output}"\nok = "{hello.output} {inputs.x} {execution_id}"\n[[steps]]\nid = "hello"\ncommand = "echo hi"\n',
    );
    const errors = await errorsOf(outputs, 'outs');
    expect(errors.map((d) => [d.message, d.line])).toEqual([
      [expect.stringContaining('outputs.a: {hello.outptu}: a step reference needs a field'), 6],
      ['outputs.b: {inputs.y}: no input "y" is declared in [inputs]', 7],
      ['outputs.c: {secrets.TOKEN}: outputs may not use {secrets.*}', 8],
      ['outputs.d: {helo.output}: there is no top-level step "helo"', 9],
    ]);
    expect(errors[3]?.hint).toBe('did you mean "hello"?');
  });
});

describe('attacks: the child is named literally', () => {
  it('refuses a templated name: inputs cannot choose the workflow that runs', async () => {
    const files = {
      ...greet,
      ...wf('pick', '[inputs]\nname = { type = "string" }\n[[steps]]\nid = "call"\nworkflow = "{inputs.name}"\n'),
    };
    const [templated] = await errorsOf(files, 'pick');
    expect(templated).toMatchObject({ code: 'INVALID_VALUE', line: 7, step_id: 'call' });
    expect(templated?.message).toContain('is a template; the workflow a step runs must be named literally');
    const { engine } = await engines.project(files);
    await expect(engine.run('pick', { name: 'greet' })).rejects.toMatchObject({ code: 'WORKFLOW_INVALID' });
  });

  it('refuses a path: workflow = "../x" never reaches a file outside the workflows folder', async () => {
    for (const name of ['../x', '/etc/passwd', 'sub/x', '..', '.hidden', 'x.toml/../y', 'a\\\\b']) {
      const files = {
        'x.toml': 'version = "1"\nname = "x"\n[[steps]]\nid = "a"\ncommand = "echo owned"\n',
        ...wf('trav', `[[steps]]\nid = "call"\nworkflow = "${name}"\n`),
      };
      const [refused] = await errorsOf(files, 'trav');
      expect(refused, name).toMatchObject({ code: 'INVALID_VALUE', step_id: 'call' });
      expect(refused?.message).toContain('is not a workflow name');
    }
  });

  it('a definition given as an object (no parser) with a path-like name is refused before anything runs', async () => {
    const { engine } = await engines.project({
      'x.toml': 'version = "1"\nname = "x"\n[[steps]]\nid = "a"\ncommand = "echo owned"\n',
    });
    const base = (await engine.load('version = "1"\nname = "obj"\n[[steps]]\nid = "call"\ncommand = "true"\n'))
      .definition;
    const [step] = base.steps;
    const definition = {
      ...base,
      steps: [{ ...step, step_type: 'workflow', workflow: '../x', inputs: {} }],
    } as typeof base;
    const refused = await engine.run(definition).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'WORKFLOW_INVALID' });
    expect((refused as { details: { diagnostics: { code: string }[] } }).details.diagnostics).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_WORKFLOW', step_id: 'call' }),
    ]);
    expect((await engine.listExecutions()).items).toEqual([]);
  });
});
