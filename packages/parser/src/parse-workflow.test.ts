// Tests of parseWorkflow / parseWorkflowObject: defaults, step type inference, retry merging,
// normalisation, custom step types, diagnostic fields and locate.
import type { Diagnostic } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from './defaults.js';
import { parseWorkflow, parseWorkflowObject } from './parse-workflow.js';

const HEAD = 'version = "1"\nname = "t"\n';

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`);
}

function only(text: string, options = {}) {
  const result = parseWorkflow(HEAD + text, options);
  expect(result.diagnostics).toEqual([]);
  if (!result.definition) throw new Error('no definition');
  return result.definition;
}

describe('defaults', () => {
  it('fills every default of a minimal workflow', () => {
    const definition = only('[[steps]]\nid = "a"\ncommand = "true"\n');
    expect(definition).toStrictEqual({
      version: '1',
      name: 't',
      config: {
        max_parallel: 10,
        on_failure: 'stop',
        retry: { max_attempts: 1, backoff: 'none', initial_delay_ms: 1000, max_delay_ms: 300_000 },
        max_total_steps: 1000,
        max_loop_iterations: 10_000,
        output_limit_bytes: 16 * 1024 * 1024,
      },
      inputs: {},
      open_inputs: true,
      steps: [
        {
          id: 'a',
          step_type: 'command',
          depends_on: [],
          retry: { max_attempts: 1, backoff: 'none', initial_delay_ms: 1000, max_delay_ms: 300_000 },
          continue_on_error: false,
          location: { line: 3, column: 1 },
          command: 'true',
          env: {},
        },
      ],
    });
  });

  it('exports the same default config, frozen', () => {
    expect(defaultConfig).toStrictEqual(only('[[steps]]\nid = "a"\ncommand = "x"\n').config);
    expect(Object.isFrozen(defaultConfig)).toBe(true);
    expect(Object.isFrozen(defaultConfig.retry)).toBe(true);
  });

  it('keeps the source only when a file name is given', () => {
    const text = `${HEAD}[[steps]]\nid = "a"\ncommand = "true"\n`;
    const withFile = parseWorkflow(text, { file: 'flows/t.toml' }).definition;
    expect(withFile?.source).toStrictEqual({ file: 'flows/t.toml', text });
    expect(withFile?.steps[0]?.location).toStrictEqual({ file: 'flows/t.toml', line: 3, column: 1 });
    expect(parseWorkflow(text).definition?.source).toBeUndefined();
  });

  it('reads [config]: durations, sizes, max_concurrent_steps as max_parallel', () => {
    const definition = only(
      '[config]\nmax_execution_time = "1h30m"\nmax_concurrent_steps = 3\nmax_total_steps = 50\noutput_limit = "1m"\non_failure = "continue"\n[[steps]]\nid = "a"\ncommand = "x"\n',
    );
    expect(definition.config).toStrictEqual({
      max_execution_time_ms: 5_400_000,
      max_parallel: 3,
      on_failure: 'continue',
      retry: { max_attempts: 1, backoff: 'none', initial_delay_ms: 1000, max_delay_ms: 300_000 },
      max_total_steps: 50,
      max_loop_iterations: 10_000,
      output_limit_bytes: 1024 * 1024,
    });
  });

  it('accepts max_parallel and max_concurrent_steps when they agree', () => {
    const definition = only(
      '[config]\nmax_parallel = 4\nmax_concurrent_steps = 4\n[[steps]]\nid = "a"\ncommand = "x"\n',
    );
    expect(definition.config.max_parallel).toBe(4);
  });
});

describe('retry merging', () => {
  const step = (config: string, retry: string) =>
    only(`${config}[[steps]]\nid = "a"\ncommand = "x"\n${retry}`).steps[0]?.retry;
  /** The retry a count alone gives: exponential backoff from 1 s up to 5 min. */
  const exponential = (max_attempts: number) => ({
    max_attempts,
    backoff: 'exponential',
    initial_delay_ms: 1000,
    max_delay_ms: 300_000,
  });

  it('config max_retries alone: attempts = retries + 1, exponential backoff', () => {
    expect(step('[config]\nmax_retries = 3\n', '')).toStrictEqual(exponential(4));
  });

  it('config retry_policy wins over the exponential default', () => {
    expect(step('[config]\nmax_retries = 2\nretry_policy = "linear"\n', '')?.backoff).toBe('linear');
  });

  it('[steps.retry] overrides field by field', () => {
    const merged = step(
      '[config]\nmax_retries = 2\nretry_policy = "jitter"\n',
      '[steps.retry]\nmax_delay = "10s"\non_exit_codes = [75]\n',
    );
    expect(merged).toStrictEqual({
      max_attempts: 3,
      backoff: 'jitter',
      initial_delay_ms: 1000,
      max_delay_ms: 10_000,
      on_exit_codes: [75],
    });
  });

  it('a step retry count without any backoff gets exponential; max_retries alone counts attempts', () => {
    expect(step('', '[steps.retry]\nmax_retries = 2\n')).toStrictEqual(exponential(3));
    expect(
      step('', 'retry = { max_attempts = 2, max_retries = 1, backoff = "none", initial_delay = 0 }\n'),
    ).toStrictEqual({ max_attempts: 2, backoff: 'none', initial_delay_ms: 0, max_delay_ms: 300_000 });
  });
});

describe('step type inference', () => {
  it.each([
    ['command = "ls"', 'command'],
    ['command = ["ls", "-l"]', 'command'],
    ['[steps.http]\nurl = "https://x"', 'http'],
    ['skill = "s"\ntool = "t"', 'skill'],
    ['items = [1]\n[[steps.loop]]\nid = "inner"\ncommand = "x"', 'foreach'],
    ['[steps.docker]\nimage = "alpine:3.20"', 'docker_container'],
    ['[steps.inline_code]\nlanguage = "ruby"\ncode = "puts 1"', 'inline_code'],
  ])('%j -> %s', (body, type) => {
    expect(only(`[[steps]]\nid = "a"\n${body}\n`).steps[0]?.step_type).toBe(type);
  });

  it('infers foreach from loop alone and then requires items', () => {
    const result = parseWorkflow(`${HEAD}[[steps]]\nid = "a"\n[[steps.loop]]\nid = "b"\ncommand = "x"\n`);
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['SCHEMA_VIOLATION', 'step "a" (foreach) is missing required key "items"'],
    ]);
  });

  it('an explicit step_type wins, and the key of the other type is reported', () => {
    const result = parseWorkflow(
      `${HEAD}[[steps]]\nid = "a"\nstep_type = "skill"\nskill = "s"\ntool = "t"\ncommand = "x"\n`,
    );
    expect(codes(result.diagnostics)).toEqual(['UNKNOWN_KEY@8:1']);
  });
});

describe('normalisation', () => {
  it('converts env values to strings, upper-cases the HTTP method and defaults it to GET', () => {
    const definition = only(
      '[[steps]]\nid = "a"\ncommand = "x"\nenv = { N = 1, B = true, S = "s" }\n[[steps]]\nid = "b"\nhttp = { url = "https://x", method = "post", headers = { X-Num = 2 } }\n[[steps]]\nid = "c"\nhttp = { url = "https://y", timeout = "5s", accept_status = [200, 404] }\n',
    );
    const [a, b, c] = definition.steps as unknown as [
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    expect(a.env).toStrictEqual({ N: '1', B: 'true', S: 's' });
    expect(b.http).toStrictEqual({ method: 'POST', url: 'https://x', headers: { 'X-Num': '2' } });
    expect(c.http).toStrictEqual({ method: 'GET', url: 'https://y', timeout_ms: 5000, accept_status: [200, 404] });
  });

  it('normalises docker and inline_code specs, and step limits', () => {
    const definition = only(
      '[[steps]]\nid = "a"\nmemory_limit = "2GB"\ncpu_limit = "2"\ntimeout = 90\n[steps.docker]\nimage = "alpine:3.20"\nmemory_limit = 1048576\ncpu_limit = 0.5\nenvironment = { A = 1 }\npull = "never"\n[[steps]]\nid = "b"\n[steps.inline_code]\nlanguage = "node"\nscript_file = "x.js"\n',
    );
    const [a, b] = definition.steps as unknown as [Record<string, unknown>, Record<string, unknown>];
    expect([a.memory_limit_bytes, a.cpu_limit, a.timeout_ms]).toEqual([2 * 1024 ** 3, 2, 90_000]);
    expect(a.docker).toStrictEqual({
      image: 'alpine:3.20',
      volumes: [],
      memory_limit_bytes: 1048576,
      cpu_limit: 0.5,
      environment: { A: '1' },
      pull: 'never',
    });
    expect(b.inline_code).toStrictEqual({
      language: 'node',
      script_file: 'x.js',
      environment: {},
      unsafe_native: false,
    });
  });

  it('foreach: max_iterations defaults to config.max_loop_iterations, parallel to false', () => {
    const definition = only(
      '[config]\nmax_loop_iterations = 50\n[[steps]]\nid = "each"\nitems = "{inputs.list}"\n[[steps.loop]]\nid = "x"\ncommand = "echo {loop.item}"\n[[steps.loop]]\nid = "y"\ndepends_on = ["x"]\ncommand = "true"\n',
    );
    const each = definition.steps[0] as unknown as Record<string, unknown>;
    expect([each.items, each.parallel, each.max_iterations]).toEqual(['{inputs.list}', false, 50]);
    expect((each.loop as { id: string; location: unknown }[]).map((s) => [s.id, s.location])).toEqual([
      ['x', { line: 8, column: 1 }],
      ['y', { line: 11, column: 1 }],
    ]);
  });

  it('reads inputs with their location', () => {
    const definition = only(
      '[inputs]\nenv = { type = "string", enum = ["a", "b"], default = "b", description = "where" }\nn = { type = "integer", required = true }\n[[steps]]\nid = "a"\ncommand = "x"\n',
    );
    expect(definition.inputs).toStrictEqual({
      env: {
        type: 'string',
        required: false,
        default: 'b',
        enum: ['a', 'b'],
        description: 'where',
        location: { line: 4, column: 1 },
      },
      n: { type: 'integer', required: true, location: { line: 5, column: 1 } },
    });
  });
});

describe('custom step types', () => {
  it('accepts a registered type with args only', () => {
    const definition = only('[[steps]]\nid = "a"\nstep_type = "slack"\nargs = { channel = "#x" }\n', {
      stepTypes: ['slack'],
    });
    expect(definition.steps[0]).toMatchObject({ step_type: 'slack', args: { channel: '#x' } });
  });

  it('rejects keys of built-in types on a custom step, and unregistered types', () => {
    const text = `${HEAD}[[steps]]\nid = "a"\nstep_type = "slack"\nargs = {}\ncommand = "x"\n`;
    expect(codes(parseWorkflow(text, { stepTypes: ['slack'] }).diagnostics)).toEqual(['UNKNOWN_KEY@7:1']);
    const unknown = parseWorkflow(text);
    expect(unknown.diagnostics.map((d) => [d.code, d.line, d.column, d.hint])).toEqual([
      [
        'UNKNOWN_STEP_TYPE',
        5,
        1,
        'known step types: skill, command, http, foreach, docker_container, inline_code, approval, sleep, workflow',
      ],
    ]);
  });
});

describe('diagnostics', () => {
  it('carry file, line, column, step id, path and hint', () => {
    const result = parseWorkflow(`${HEAD}[[steps]]\nid = "fetch"\ncommand = "x"\n[steps.retry]\nbackof = "linear"\n`, {
      file: 'w.toml',
    });
    expect(result.diagnostics).toStrictEqual([
      {
        code: 'UNKNOWN_KEY',
        severity: 'error',
        message: 'unknown key "backof" in steps[0].retry',
        file: 'w.toml',
        line: 7,
        column: 1,
        step_id: 'fetch',
        path: 'steps[0].retry.backof',
        hint: 'did you mean "backoff"?',
      },
    ]);
    expect(result.definition).toBeUndefined();
  });

  it('are all collected and sorted by line, with readable type messages', () => {
    const result = parseWorkflow(
      `${HEAD}[[steps]]\nid = "b"\ncommand = 5\ndepends_on = "a"\n[[steps]]\nid = "a"\ncommand = "x"\ncontinue_on_error = "yes"\ntimeout = true\n`,
    );
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      '5:1 SCHEMA_VIOLATION steps[0].command must be a string or an array, got 5',
      '6:1 SCHEMA_VIOLATION steps[0].depends_on must be an array, got "a"',
      '10:1 SCHEMA_VIOLATION steps[1].continue_on_error must be a boolean, got "yes"',
      '11:1 INVALID_DURATION steps[1].timeout is not a valid duration: true',
    ]);
    for (const d of result.diagnostics) expect(d.message).not.toMatch(/must NOT|additional|instancePath|#\//);
  });

  it('stop at a TOML syntax error', () => {
    const result = parseWorkflow('name = "x"\nversion = \n');
    expect(result.definition).toBeUndefined();
    expect(codes(result.diagnostics)).toEqual(['TOML_SYNTAX@2:11']);
    expect(result.locate(['steps', 0])).toEqual({ line: 1, column: 1 });
  });

  it('report a workflow without steps, and steps written as a table', () => {
    expect(parseWorkflow(`${HEAD}steps = []\n`).diagnostics.map((d) => d.message)).toEqual([
      'the workflow has no steps; add at least one [[steps]]',
    ]);
    expect(parseWorkflow(`${HEAD}[steps.inline_code]\nlanguage = "bash"\n`).diagnostics.map((d) => d.message)).toEqual([
      'steps must be an array, got a table',
    ]);
  });

  it('report a zero cpu_limit string, and a duplicated depends_on entry', () => {
    const result = parseWorkflow(
      `${HEAD}[[steps]]\nid = "a"\ncommand = "x"\ncpu_limit = "0"\n[[steps]]\nid = "b"\ncommand = "x"\ndepends_on = ["a", "a"]\n`,
    );
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      '6:1 INVALID_VALUE steps[0].cpu_limit must be more than 0, got "0"',
      '6:1 LIMIT_NOT_ENFORCED step "a": steps[0].cpu_limit is not enforced: a command step runs as a host process, and limits apply to containers only',
      '10:20 INVALID_VALUE steps[1].depends_on lists "a" twice (entries 0 and 1)',
    ]);
  });
});

describe('locate', () => {
  const result = parseWorkflow(
    `${HEAD}[[steps]]\nid = "each"\nitems = [1]\n[[steps.loop]]\nid = "get"\nstep_type = "skill"\nskill = "http"\ntool = "request"\nargs = {\n  url = "https://x/{loop.item}",\n}\nwhen = "{loop.index} > 0"\n`,
    { file: 'f.toml' },
  );

  it('finds keys inside loop steps and multi-line inline tables', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.locate(['steps', 0, 'loop', 0, 'args', 'url'])).toEqual({ file: 'f.toml', line: 12, column: 3 });
    expect(result.locate(['steps', 0, 'loop', 0, 'when'])).toEqual({ file: 'f.toml', line: 14, column: 1 });
  });

  it('falls back to the nearest known ancestor', () => {
    expect(result.locate(['steps', 0, 'loop', 0, 'args', 'missing'])).toEqual({ file: 'f.toml', line: 11, column: 1 });
    expect(result.locate(['steps', 0, 'loop', 0, 'retry'])).toEqual({ file: 'f.toml', line: 6, column: 1 });
    expect(result.locate(['steps', 5])).toEqual({ file: 'f.toml', line: 3, column: 1 });
    expect(result.locate([])).toEqual({ file: 'f.toml', line: 1, column: 1 });
  });
});

describe('parseWorkflowObject', () => {
  const raw = {
    version: '1',
    name: 'api',
    steps: [
      { id: 'a', command: 'echo', timeout: '5s' },
      { id: 'b', http: { url: 'https://x' }, depends_on: ['a'] },
    ],
  };

  it('produces the same definition as TOML, without locations', () => {
    const result = parseWorkflowObject(raw, { file: 'api.json' });
    expect(result.diagnostics).toEqual([]);
    expect(result.definition?.steps.map((s) => [s.id, s.step_type, s.timeout_ms, s.location])).toEqual([
      ['a', 'command', 5000, undefined],
      ['b', 'http', undefined, undefined],
    ]);
    expect(result.definition?.source).toStrictEqual({ file: 'api.json' });
  });

  it('runs the same checks, located at line 1 column 1', () => {
    const result = parseWorkflowObject({
      ...raw,
      steps: [{ id: 'a', command: 'x', depends_on: ['a'], retry: { backoff: 'slow' } }],
    });
    expect(result.diagnostics.map((d) => [d.code, d.line, d.column, d.step_id, d.path])).toEqual([
      ['INVALID_VALUE', 1, 1, 'a', 'steps[0].retry.backoff'],
      ['DEPENDENCY_CYCLE', 1, 1, 'a', 'steps[0].depends_on[0]'],
    ]);
    expect(parseWorkflowObject(42).diagnostics.map((d) => d.message)).toEqual(['the workflow must be a table, got 42']);
  });
});
