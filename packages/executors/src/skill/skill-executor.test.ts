import { NativeSandbox } from '@skill/sandbox';
import { defaultStepFields, executorContext, useHttpServer, workflowErrorOf } from '@skill/test-kit';
import type { ExecutorContext, Skill, SkillStep } from '@skill/workflow-model';
import { TRUSTED_BOUNDARY } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { builtinSkills } from './builtin/builtin-skills.js';
import { timeoutArg } from './builtin/http-skill.js';
import { defineSkill } from './define-skill.js';
import { createSkillExecutor, type SkillRegistry } from './skill-executor.js';

const greet = defineSkill({
  name: 'greet',
  tools: {
    hello: {
      description: 'Says hello',
      inputSchema: {
        type: 'object',
        properties: { who: { type: 'string' }, times: { type: 'integer' } },
        required: ['who'],
        additionalProperties: false,
      },
      run: async (args, ctx) => ({ output: `hello ${String(args.who)} from ${ctx.step_id}` }),
    },
  },
});

/** Shows the limits the tool was given. */
const limits = defineSkill({
  name: 'limits',
  tools: {
    show: {
      description: 'Returns ctx.limits',
      inputSchema: { type: 'object' },
      run: async (_args, ctx) => ({ output: ctx.limits ?? 'none' }),
    },
  },
});

function registryOf(skills: Skill[]): SkillRegistry {
  const byName = new Map(skills.map((skill) => [skill.name, skill]));
  return { get: (name) => byName.get(name), names: () => [...byName.keys()].sort() };
}

const executor = createSkillExecutor(registryOf([...builtinSkills({ native: new NativeSandbox() }), greet, limits]));

function step(skill: string, tool: string, args: Record<string, unknown>): SkillStep {
  return {
    id: 'call',
    step_type: 'skill',
    skill,
    tool,
    args,
    ...defaultStepFields(),
  };
}

function context(extra: Partial<ExecutorContext> = {}): ExecutorContext {
  return executorContext({ step_id: 'call', ...extra });
}

const server = useHttpServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk));
  req.on('end', () => {
    if (req.url === '/slow') return; // never answers: the step's timeout ends the call
    if (req.url === '/fail') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-seen': String(req.headers['x-token']) });
    res.end(JSON.stringify({ method: req.method, url: req.url, body }));
  });
});

describe('validate', () => {
  it('lists the available skills for an unknown skill', () => {
    expect(executor.validate?.(step('pyhton', 'execute', {}))).toEqual([
      'unknown skill "pyhton"; available skills: bash, greet, http, limits, node, python, ruby',
    ]);
  });

  it("lists the skill's tools for an unknown tool", () => {
    expect(executor.validate?.(step('python', 'run', {}))).toEqual([
      'skill "python" has no tool "run"; its tools: execute',
    ]);
    expect(executor.validate?.(step('http', 'get', {}))).toEqual([
      'skill "http" has no tool "get"; its tools: request',
    ]);
  });

  it('checks literal args against the input schema', () => {
    expect(executor.validate?.(step('python', 'execute', { scrpt: 'print(1)' }))).toEqual([
      'python.execute args: unknown key "scrpt" (accepted: script, code, stdin, env, image, unsafe_native)',
    ]);
    expect(executor.validate?.(step('http', 'request', { method: 'GET' }))).toEqual([
      'http.request args: missing required "url"',
    ]);
    expect(executor.validate?.(step('greet', 'hello', { who: 'x', times: 'twice' }))).toEqual([
      'greet.hello args.times: expected integer, got string',
    ]);
  });

  it('leaves templated values to the run-time check', () => {
    expect(executor.validate?.(step('greet', 'hello', { who: '{inputs.who}', times: '{count.output}' }))).toEqual([]);
    expect(executor.validate?.(step('python', 'execute', { script: "print('Hello, Workflow!')" }))).toEqual([]);
  });
});

describe('run', () => {
  it('calls a user skill with the resolved args and the context', async () => {
    const result = await executor.run(step('greet', 'hello', { who: 'Ada' }), context());
    expect(result).toEqual({ output: 'hello Ada from call' });
  });

  it("gives the tool the step's memory_limit and cpu_limit in ctx.limits", async () => {
    const limited = { ...step('limits', 'show', {}), memory_limit_bytes: 64 * 1024 * 1024, cpu_limit: 0.5 };
    expect((await executor.run(limited, context())).output).toEqual({
      memory_limit_bytes: 64 * 1024 * 1024,
      cpu_limit: 0.5,
    });
    expect((await executor.run(step('limits', 'show', {}), context())).output).toBe('none');
  });

  it('fails unknown skills and tools with stable codes', async () => {
    const skill = await workflowErrorOf(executor.run(step('nope', 'x', {}), context()));
    expect(skill.code).toBe('UNKNOWN_SKILL');
    expect(skill.details.retryable).toBe(false);
    expect((await workflowErrorOf(executor.run(step('greet', 'bye', {}), context()))).code).toBe('UNKNOWN_TOOL');
  });

  it('checks the resolved args fully', async () => {
    const error = await workflowErrorOf(executor.run(step('greet', 'hello', { who: 7 }), context()));
    expect(error.code).toBe('INVALID_VALUE');
    expect(error.message).toBe('greet.hello: invalid args: args.who: expected string, got number');
    expect(error.details.retryable).toBe(false);
  });

  it('prints "Hello, Workflow!" with python.execute (native)', async () => {
    const args = { script: "print('Hello, Workflow!')", unsafe_native: true };
    const result = await executor.run(step('python', 'execute', args), context());
    expect(result.output).toBe('Hello, Workflow!');
    expect(result.metadata).toEqual({ exit_code: 0, language: 'python', native: true });
  });

  it('runs bash.execute and node.execute with code, stdin and env', async () => {
    const bash = await executor.run(
      step('bash', 'execute', {
        code: 'read line; echo "$line-$SUFFIX"',
        stdin: 'in',
        env: { SUFFIX: 7 },
        unsafe_native: true,
      }),
      context(),
    );
    expect(bash.output).toBe('in-7');
    const node = await executor.run(
      step('node', 'execute', {
        code: 'console.log(JSON.stringify([process.env.A, 1 + 1]))',
        env: { A: 'x' },
        unsafe_native: true,
      }),
      context(),
    );
    expect(node.output).toEqual(['x', 2]);
  });

  it('names the tool in a failure and refuses both script and code', async () => {
    const failed = await workflowErrorOf(
      executor.run(step('python', 'execute', { code: 'raise SystemExit(4)', unsafe_native: true }), context()),
    );
    expect(failed.code).toBe('COMMAND_FAILED');
    expect(failed.message).toBe('skill python.execute exited with code 4');
    const both = await workflowErrorOf(executor.run(step('python', 'execute', { code: 'a', script: 'b' }), context()));
    expect(both.message).toBe('python.execute takes `script` or `code`, not both');
    const neither = await workflowErrorOf(executor.run(step('ruby', 'execute', {}), context()));
    expect(neither.message).toBe('ruby.execute needs the code to run in `script` (or `code`) as a string');
  });

  it('refuses unsafe_native when the workflow is untrusted', async () => {
    const error = await workflowErrorOf(
      executor.run(
        step('python', 'execute', { code: 'print(1)', unsafe_native: true }),
        context({ boundary: { ...TRUSTED_BOUNDARY, level: 'user-provided' } }),
      ),
    );
    expect(error.code).toBe('UNTRUSTED_STEP');
    expect(error.details.retryable).toBe(false);
  });
});

describe('http.request', () => {
  it('sends method, headers and a JSON body and returns the parsed response', async () => {
    const args = { url: `${server().url}/items?x=1`, method: 'post', headers: { 'x-token': 't1' }, body: { a: 1 } };
    const result = await executor.run(step('http', 'request', args), context());
    expect(result.output).toEqual({ method: 'POST', url: '/items?x=1', body: '{"a":1}' });
    expect(result.metadata).toMatchObject({ status_code: 200, method: 'POST', url: `${server().url}/items?x=1` });
    expect(result.metadata?.headers).toMatchObject({ 'x-seen': 't1' });
  });

  it('defaults to GET and fails on a 500', async () => {
    const ok = await executor.run(step('http', 'request', { url: `${server().url}/` }), context());
    expect(ok.output).toEqual({ method: 'GET', url: '/', body: '' });
    const error = await workflowErrorOf(
      executor.run(step('http', 'request', { url: `${server().url}/fail` }), context()),
    );
    expect(error.code).toBe('HTTP_STATUS');
    expect(error.message).toBe(`GET ${server().url}/fail returned 500 Internal Server Error: boom`);
  });

  it('applies a duration timeout', async () => {
    const started = performance.now();
    const error = await workflowErrorOf(
      executor.run(step('http', 'request', { url: `${server().url}/slow`, timeout: '200ms' }), context()),
    );
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe(`GET ${server().url}/slow timed out after 200ms`);
    expect(performance.now() - started).toBeLessThan(2500);
  });

  it('reads timeouts as durations or milliseconds', () => {
    expect(timeoutArg('1m30s')).toBe(90_000);
    expect(timeoutArg('1.5s')).toBe(1500);
    expect(timeoutArg(250)).toBe(250);
    expect(timeoutArg('250')).toBe(250);
    expect(timeoutArg(undefined)).toBeUndefined();
    expect(() => timeoutArg('soon')).toThrow('http.request timeout "soon" is not a duration');
    expect(() => timeoutArg('5s later')).toThrow('is not a duration');
  });
});
