// Runs inline_code steps for real on this host with unsafe_native (python3, bash, node), plus validation and trust.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NativeSandbox } from '@skill/sandbox';
import { executorContext, inlineCodeStep, type RecordingContext, useTempDir, workflowErrorOf } from '@skill/test-kit';
import type { ExecutorContext, InlineCodeSpec, InlineCodeStep } from '@skill/workflow-model';
import { TRUSTED_BOUNDARY } from '@skill/workflow-model';
import { beforeAll, describe, expect, it } from 'vitest';
import { createInlineCodeExecutor } from './inline-code-executor.js';

const executor = createInlineCodeExecutor({ native: new NativeSandbox({ killGraceMs: 300 }) });
const baseDir = useTempDir('inline-executor-test-');
const outsideDir = useTempDir('inline-outside-test-');
/** A folder with no programs, to be a PATH that finds no interpreter. */
const emptyPath = useTempDir('inline-empty-path-');

beforeAll(async () => {
  await mkdir(join(baseDir(), 'sub'));
  await mkdir(join(baseDir(), 'scripts'));
  await writeFile(
    join(baseDir(), 'scripts', 'hello.py'),
    'import sys\nprint("hello from", sys.argv[0].split("/")[-1])\n',
  );
  await writeFile(join(outsideDir(), 'secret.sh'), 'echo outside\n');
  await symlink(join(outsideDir(), 'secret.sh'), join(baseDir(), 'scripts', 'link.sh'));
});

/** An inline_code step that runs with the host's interpreter. */
function step(spec: Partial<InlineCodeSpec>, extra: Partial<InlineCodeStep> = {}): InlineCodeStep {
  return inlineCodeStep({ unsafe_native: true, ...spec }, extra);
}

function context(extra: Partial<ExecutorContext> = {}): RecordingContext {
  return executorContext({ execution_id: 'exec-1', base_dir: baseDir(), step_id: 'code', ...extra });
}

/** The python example of the guide (reads a JSON list, prints its count and the items upper-cased). */
const GUIDE_PYTHON = readFileSync(new URL('./inline-code.fixtures/guide-example.py', import.meta.url), 'utf8');
/** Python that says `started` and then sleeps for a minute, to be cancelled once it runs. */
const SLEEPER_PYTHON = readFileSync(new URL('./inline-code.fixtures/sleeper.py', import.meta.url), 'utf8');

describe('inline_code with unsafe_native on this host', () => {
  it("runs the guide's python example with a JSON array on stdin", async () => {
    const result = await executor.run(step({ code: GUIDE_PYTHON, stdin: ['a', 'b'] }), context());
    expect(result.output).toEqual({ count: 2, items: ['A', 'B'] });
    expect(result.metadata).toEqual({ exit_code: 0, language: 'python', native: true });
  });

  it('passes a string stdin as is and the environment, and streams output lines', async () => {
    const code =
      'import os, sys\nprint(sys.stdin.read().upper())\nprint(os.environ["DEBUG"], os.environ["SKILL_STEP_ID"])';
    const ctx = context();
    const result = await executor.run(step({ code, stdin: 'raw text', environment: { DEBUG: 'true' } }), ctx);
    expect(result.output).toBe('RAW TEXT\ntrue code');
    expect(ctx.lines).toEqual([
      ['RAW TEXT', 'stdout'],
      ['true code', 'stdout'],
    ]);
  });

  it('runs bash in working_dir relative to the workflow folder and keeps SKILL_METADATA keys', async () => {
    const code = 'pwd\necho "rows=12" >> "$SKILL_METADATA"\necho "exit_code=mine" >> "$SKILL_METADATA"\necho oops >&2';
    const result = await executor.run(step({ language: 'bash', code, working_dir: 'sub' }), context());
    expect(result.output).toBe(join(baseDir(), 'sub'));
    expect(result.metadata).toEqual({ rows: 12, exit_code: 'mine', stderr: 'oops', language: 'bash', native: true });
  });

  it('runs in the workflow folder by default', async () => {
    const result = await executor.run(step({ language: 'bash', code: 'pwd' }), context());
    expect(result.output).toBe(baseDir());
  });

  it('runs node with an object on stdin as JSON', async () => {
    const code =
      'let s = ""; process.stdin.on("data", (c) => (s += c)); process.stdin.on("end", () => console.log(JSON.stringify({ got: JSON.parse(s).n * 2 })));';
    const result = await executor.run(step({ language: 'node', code, stdin: { n: 21 } }), context());
    expect(result.output).toEqual({ got: 42 });
  });

  it('runs script_file relative to the workflow folder, as a file (argv, not a shell string)', async () => {
    const result = await executor.run(step({ script_file: 'scripts/hello.py' }), context());
    expect(result.output).toBe('hello from main.py');
  });

  it('fails a missing script_file with a clear, non-retryable error', async () => {
    const error = await workflowErrorOf(executor.run(step({ script_file: 'scripts/nope.py' }), context()));
    expect(error.code).toBe('INVALID_VALUE');
    expect(error.message).toBe(
      `inline_code.script_file "scripts/nope.py" cannot be read (${join(baseDir(), 'scripts', 'nope.py')}): no such file`,
    );
    expect(error.details.retryable).toBe(false);
  });

  it('puts a python SyntaxError in the COMMAND_FAILED message', async () => {
    const error = await workflowErrorOf(executor.run(step({ code: 'print("unclosed"' }), context()));
    expect(error.code).toBe('COMMAND_FAILED');
    expect(error.details.exitCode).toBe(1);
    expect(error.message).toMatch(/^inline python code exited with code 1: .*SyntaxError/s);
    expect((error.details.metadata as Record<string, unknown>).exit_code).toBe(1);
  });

  it('puts a node SyntaxError line in the COMMAND_FAILED message; the stack frames stay in metadata', async () => {
    const error = await workflowErrorOf(executor.run(step({ language: 'node', code: 'let x = ;' }), context()));
    expect(error.code).toBe('COMMAND_FAILED');
    expect(error.message).toMatch(/^inline node code exited with code 1: \S*main\.js:1\nlet x = ;\n/);
    expect(error.message.endsWith("\nSyntaxError: Unexpected token ';'")).toBe(true);
    const stderr = String((error.details.metadata as Record<string, unknown>).stderr);
    expect(stderr).toMatch(/\n {4}at /);
    const thrown = await workflowErrorOf(
      executor.run(step({ language: 'node', code: 'throw new TypeError("bad input")' }), context()),
    );
    expect(thrown.message.endsWith('\nTypeError: bad input')).toBe(true);
  });

  it('reports a non-zero exit with the exit code, stderr and the output so far', async () => {
    const error = await workflowErrorOf(
      executor.run(step({ language: 'bash', code: 'echo partial\necho bad >&2\nexit 3' }), context()),
    );
    expect(error.code).toBe('COMMAND_FAILED');
    expect(error.message).toBe('inline bash code exited with code 3: bad');
    expect(error.details.exitCode).toBe(3);
    expect(error.details.output).toBe('partial');
    expect(error.details.metadata).toEqual({ exit_code: 3, stderr: 'bad', language: 'bash', native: true });
  });

  it('names the missing interpreter', async () => {
    const python = await workflowErrorOf(
      executor.run(step({ code: 'print(1)', environment: { PATH: emptyPath() } }), context()),
    );
    expect(python.code).toBe('COMMAND_NOT_FOUND');
    expect(python.message).toBe('python3 not found on PATH (needed for unsafe_native python)');
    expect(python.details.retryable).toBe(false);
    const ruby = await workflowErrorOf(
      executor.run(step({ language: 'ruby', code: 'puts 1', environment: { PATH: emptyPath() } }), context()),
    );
    expect(ruby.message).toBe('ruby not found on PATH (needed for unsafe_native ruby)');
  });

  it('runs ruby when the host has it', async () => {
    let hasRuby = true;
    try {
      execFileSync('ruby', ['--version'], { stdio: 'ignore' });
    } catch {
      hasRuby = false;
    }
    const pending = executor.run(step({ language: 'ruby', code: 'puts [1, 2].sum' }), context());
    if (hasRuby) expect((await pending).output).toBe(3);
    else
      expect((await workflowErrorOf(pending)).message).toBe('ruby not found on PATH (needed for unsafe_native ruby)');
  });

  it('truncates output beyond the cap and says so', async () => {
    const code = 'import sys\nsys.stdout.write("x" * 100000)';
    const result = await executor.run(step({ code }), context({ output_limit_bytes: 1000 }));
    expect(result.output).toBe('x'.repeat(1000));
    expect(result.metadata).toMatchObject({ truncated: true, stdout_truncated: true });
  });

  it('is cancelled through the signal', async () => {
    const controller = new AbortController();
    const cancelOnceStarted = (line: string) => line === 'started' && controller.abort(new Error('stop now'));
    const error = await workflowErrorOf(
      executor.run(step({ code: SLEEPER_PYTHON }), context({ signal: controller.signal, log: cancelOnceStarted })),
    );
    expect(error.code).toBe('CANCELLED');
    expect(error.message).toBe('inline python code cancelled: stop now');
  });
});

describe('trust', () => {
  it('refuses unsafe_native for an untrusted workflow before anything runs', async () => {
    const marker = join(baseDir(), 'ran-untrusted');
    const code = `open(${JSON.stringify(marker)}, "w").write("x")`;
    const error = await workflowErrorOf(
      executor.run(step({ code }), context({ boundary: { ...TRUSTED_BOUNDARY, level: 'user-provided' } })),
    );
    expect(error.code).toBe('UNTRUSTED_STEP');
    expect(error.message).toMatch(/^step "code" asks for unsafe_native \(host execution\), which is refused/);
    expect(error.details.retryable).toBe(false);
    expect(existsSync(marker)).toBe(false);
  });

  it('does not let an untrusted workflow read a script_file outside its folder', async () => {
    const sandboxed = step({ script_file: join(outsideDir(), 'secret.sh'), language: 'bash', unsafe_native: false });
    const absolute = await workflowErrorOf(
      executor.run(sandboxed, context({ boundary: { ...TRUSTED_BOUNDARY, level: 'user-provided' } })),
    );
    expect(absolute.code).toBe('INVALID_VALUE');
    expect(absolute.message).toMatch(/outside the workflow's folder$/);
    const linked = step({ script_file: 'scripts/link.sh', language: 'bash', unsafe_native: false });
    expect(
      (
        await workflowErrorOf(
          executor.run(linked, context({ boundary: { ...TRUSTED_BOUNDARY, level: 'user-provided' } })),
        )
      ).message,
    ).toMatch(/outside the workflow's folder$/);
  });
});

describe('validate', () => {
  it('accepts a well-formed step', () => {
    expect(executor.validate?.(step({ code: 'print(1)' }))).toEqual([]);
  });

  it('reports a bad language, both or neither code and script_file, and the host network', () => {
    const bad = step({ language: 'perl' as never, code: 'x', script_file: 'y', network: 'host' });
    expect(executor.validate?.(bad)).toEqual([
      'inline_code.language must be one of python, bash, node, ruby (got "perl")',
      'inline_code has both code and script_file; set exactly one',
      'inline_code.network: the host network is not allowed (use "none", the default, or "bridge")',
    ]);
    expect(executor.validate?.(step({}))).toEqual(['inline_code needs code or script_file']);
  });
});
