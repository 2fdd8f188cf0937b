import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commandStep, executorContext, type RecordingContext, useTempDir, workflowErrorOf } from '@skill/test-kit';
import type { ExecutorContext, WorkflowError } from '@skill/workflow-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeMetadataDir } from '../output/metadata-dir.js';
import { createCommandExecutor } from './command-executor.js';

const executor = createCommandExecutor({ killGraceMs: 300 });
const baseDir = useTempDir('command-executor-test-');

beforeAll(async () => {
  await mkdir(join(baseDir(), 'sub', 'deeper'), { recursive: true });
});
afterAll(async () => {
  await disposeMetadataDir();
});

function context(extra: Partial<ExecutorContext> = {}): RecordingContext {
  return executorContext({ execution_id: 'exec-1', base_dir: baseDir(), step_id: 'cmd', attempt: 2, ...extra });
}

describe('command executor: running', () => {
  it('runs a shell string with pipes', async () => {
    const result = await executor.run(commandStep("printf 'b\\na\\nc\\n' | sort | tr a-z A-Z"), context());
    expect(result.output).toBe('A\nB\nC');
    expect(result.metadata).toEqual({ exit_code: 0 });
  });

  it('runs an argv array without a shell', async () => {
    const result = await executor.run(commandStep(['printf', '%s|%s', '$HOME', 'a b']), context());
    expect(result.output).toBe('$HOME|a b');
  });

  it('passes process env, step env and the SKILL_* variables', async () => {
    process.env.EXECUTORS_TEST_INHERITED = 'inherited';
    const script = 'echo "$EXECUTORS_TEST_INHERITED $GREETING $SKILL_EXECUTION_ID $SKILL_STEP_ID $SKILL_ATTEMPT"';
    const result = await executor.run(commandStep(script, { env: { GREETING: 'hi there' } }), context());
    delete process.env.EXECUTORS_TEST_INHERITED;
    expect(result.output).toBe('inherited hi there exec-1 cmd 2');
  });

  it('lets step env override an inherited variable, and SKILL_* override step env', async () => {
    process.env.EXECUTORS_TEST_OVERRIDE = 'from process';
    const env = { EXECUTORS_TEST_OVERRIDE: 'from step', SKILL_STEP_ID: 'spoofed' };
    const result = await executor.run(
      commandStep(['sh', '-c', 'echo "$EXECUTORS_TEST_OVERRIDE/$SKILL_STEP_ID"'], { env }),
      context(),
    );
    delete process.env.EXECUTORS_TEST_OVERRIDE;
    expect(result.output).toBe('from step/cmd');
  });

  it('with step_environment clean, passes only the allow-listed variables, the step env and SKILL_*', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      SKILL_TOKEN: 'server-token-0123456789abcdef0123456789',
      SKILL_DATABASE_URL: 'postgres://app:db-password@127.0.0.1/skill',
      AWS_SECRET_ACCESS_KEY: 'aws-secret',
      LC_ALL: 'C.UTF-8',
      https_proxy: 'http://proxy.invalid:3128',
    });
    try {
      const env = { STEP_VAR: 'declared' };
      const clean = await executor.run(commandStep(['env'], { env }), context({ step_environment: 'clean' }));
      const names = (clean.output as string).split('\n').map((line) => line.split('=')[0] ?? '');
      expect(names).not.toContain('SKILL_TOKEN');
      expect(names).not.toContain('SKILL_DATABASE_URL');
      expect(names).not.toContain('AWS_SECRET_ACCESS_KEY');
      expect(clean.output).not.toContain('db-password');
      expect(names).toEqual(expect.arrayContaining(['PATH', 'LC_ALL', 'https_proxy', 'STEP_VAR', 'SKILL_STEP_ID']));
      const allowed = /^(PATH|HOME|LANG|LANGUAGE|LC_[A-Z_]+|TZ|TMPDIR|USER|LOGNAME|SHELL|TERM|(HTTP|HTTPS|NO)_PROXY)$/i;
      const engine = [
        'STEP_VAR',
        'SKILL_METADATA',
        'SKILL_EXECUTION_ID',
        'SKILL_STEP_ID',
        'SKILL_ATTEMPT',
        'SKILL_STEP', // the marker that finds the step's processes again (orphan reaper)
        'PWD',
        'SHLVL',
        '_',
      ];
      expect(names.filter((name) => !allowed.test(name) && !engine.includes(name))).toEqual([]);
      const inherited = await executor.run(commandStep(['env']), context());
      expect(inherited.output).toContain('AWS_SECRET_ACCESS_KEY=aws-secret');
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    }
  });

  it('resolves working_dir against base_dir', async () => {
    const result = await executor.run(commandStep('pwd', { working_dir: 'sub/deeper' }), context());
    expect(result.output).toBe(join(baseDir(), 'sub', 'deeper'));
    const atBase = await executor.run(commandStep(['pwd']), context());
    expect(atBase.output).toBe(baseDir());
  });

  it('fails with INVALID_VALUE (not retryable) for a missing working_dir', async () => {
    const error = await workflowErrorOf(executor.run(commandStep('true', { working_dir: 'nope' }), context()));
    expect(error.code).toBe('INVALID_VALUE');
    expect(error.message).toBe(`working_dir does not exist: ${join(baseDir(), 'nope')}`);
    expect(error.details.retryable).toBe(false);
  });

  it('writes a string to stdin as is and an object as JSON', async () => {
    const text = await executor.run(commandStep('cat', { stdin: 'line 1\nline 2' }), context());
    expect(text.output).toBe('line 1\nline 2');
    const json = await executor.run(commandStep(['cat'], { stdin: { user: { id: 7 }, tags: ['x'] } }), context());
    expect(json.output).toEqual({ user: { id: 7 }, tags: ['x'] });
  });

  it('gives an empty, closed stdin when none is set', async () => {
    const result = await executor.run(commandStep('wc -c'), context());
    expect(result.output).toBe(0);
  });

  it('parses JSON output and keeps text output, dropping one final newline', async () => {
    expect((await executor.run(commandStep('echo \'{"count": 3, "ok": true}\''), context())).output).toEqual({
      count: 3,
      ok: true,
    });
    expect((await executor.run(commandStep("printf 'two\\n\\n'"), context())).output).toBe('two\n');
    expect((await executor.run(commandStep("printf 'crlf\\r\\n'"), context())).output).toBe('crlf');
    expect((await executor.run(commandStep('echo not json'), context())).output).toBe('not json');
  });

  it('puts stderr (final newline dropped) and exit_code in metadata', async () => {
    const result = await executor.run(commandStep('echo out; echo warn1 >&2; echo warn2 >&2'), context());
    expect(result).toEqual({ output: 'out', metadata: { exit_code: 0, stderr: 'warn1\nwarn2' } });
  });

  it('reads SKILL_METADATA key=value lines with typed values; engine keys never overwrite', async () => {
    const script = 'printf "rows=1234\\nscore=0.5\\nvalid=true\\nlabel=ok\\nexit_code=mine\\n" > "$SKILL_METADATA"';
    const result = await executor.run(commandStep(script), context());
    expect(result.metadata).toEqual({ rows: 1234, score: 0.5, valid: true, label: 'ok', exit_code: 'mine' });
  });

  it('reads a SKILL_METADATA JSON object and deletes the file afterwards', async () => {
    const script = `echo '{"rows": 2, "stderr": "step value", "nested": {"a": [1]}}' > "$SKILL_METADATA"; echo "$SKILL_METADATA"; echo real >&2`;
    const result = await executor.run(commandStep(script), context());
    expect(result.metadata).toEqual({ rows: 2, stderr: 'step value', nested: { a: [1] }, exit_code: 0 });
    const path = result.output as string;
    const check = await executor
      .run(commandStep(['test', '-e', path]), context())
      .catch((e: WorkflowError) => e.details);
    expect(check).toMatchObject({ exitCode: 1 });
  });

  it('gives every attempt its own metadata file', async () => {
    const [a, b] = await Promise.all([
      executor.run(commandStep('echo "$SKILL_METADATA"'), context()),
      executor.run(commandStep('echo "$SKILL_METADATA"'), context()),
    ]);
    expect(typeof a?.output).toBe('string');
    expect(a?.output).not.toBe(b?.output);
  });

  it('reports live lines per stream', async () => {
    const ctx = context();
    await executor.run(commandStep('echo one; echo two; echo oops >&2; printf tail'), ctx);
    const stdout = ctx.lines.filter(([, s]) => s === 'stdout').map(([l]) => l);
    const stderr = ctx.lines.filter(([, s]) => s === 'stderr').map(([l]) => l);
    expect(stdout).toEqual(['one', 'two', 'tail']);
    expect(stderr).toEqual(['oops']);
  });

  it('stops live logging after 1,000 lines but captures everything', async () => {
    const ctx = context();
    const result = await executor.run(commandStep('seq 1 5000'), ctx);
    expect(ctx.lines).toHaveLength(1001);
    expect(ctx.lines[999]).toEqual(['1000', 'stdout']);
    expect(ctx.lines[1000]?.[0]).toContain('live output stopped after 1000 lines');
    expect((result.output as string).split('\n')).toHaveLength(5000);
  });
});

describe('command executor: failures', () => {
  it('fails a non-zero exit with COMMAND_FAILED, exit code, stderr excerpt, metadata and output', async () => {
    const script = 'echo partial; echo "key=v" > "$SKILL_METADATA"; echo first >&2; echo "last words" >&2; exit 3';
    const error = await workflowErrorOf(executor.run(commandStep(script), context()));
    expect(error.code).toBe('COMMAND_FAILED');
    expect(error.message).toBe('command exited with code 3: first\nlast words');
    expect(error.details.exitCode).toBe(3);
    expect(error.details.output).toBe('partial');
    expect(error.details.metadata).toEqual({ key: 'v', exit_code: 3, stderr: 'first\nlast words' });
  });

  it('keeps only the end of a long stderr in the message', async () => {
    const error = await workflowErrorOf(executor.run(commandStep('seq 1 1000 >&2; exit 1'), context()));
    expect(error.message.length).toBeLessThanOrEqual('command exited with code 1: …'.length + 500);
    expect(error.message.endsWith('\n999\n1000')).toBe(true);
    expect(error.message).toMatch(/^command exited with code 1: …\d+\n/);
  });

  it('fails with COMMAND_NOT_FOUND when the shell cannot find the command (exit 127)', async () => {
    const error = await workflowErrorOf(executor.run(commandStep('no-such-command-xyz --flag'), context()));
    expect(error.code).toBe('COMMAND_NOT_FOUND');
    expect(error.message).toMatch(/^command not found: .*no-such-command-xyz.*not found/);
    expect(error.details.exitCode).toBe(127);
  });

  it('fails with COMMAND_NOT_FOUND (not retryable) when an argv program does not exist', async () => {
    const error = await workflowErrorOf(executor.run(commandStep(['no-such-program-xyz', 'a']), context()));
    expect(error.code).toBe('COMMAND_NOT_FOUND');
    expect(error.message).toBe('command not found: no-such-program-xyz');
    expect(error.details.retryable).toBe(false);
  });

  it('fails a process killed by a signal (not by us) with 128+n', async () => {
    const error = await workflowErrorOf(executor.run(commandStep('echo dying >&2; kill -KILL $$'), context()));
    expect(error.code).toBe('COMMAND_FAILED');
    expect(error.message).toBe('command killed by SIGKILL: dying');
    expect(error.details.exitCode).toBe(137);
    expect(error.details.signal).toBe('SIGKILL');
  });

  it('rejects a malformed command with INVALID_VALUE and validate() reports it', async () => {
    const error = await workflowErrorOf(executor.run(commandStep([]), context()));
    expect(error.code).toBe('INVALID_VALUE');
    expect(error.details.retryable).toBe(false);
    expect(executor.validate?.(commandStep('  '))).toEqual(['`command` is empty']);
    expect(executor.validate?.(commandStep(['ls', '-l']))).toEqual([]);
  });

  it('does not start a process when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('workflow cancelled'));
    const marker = join(baseDir(), 'should-not-exist');
    const error = await workflowErrorOf(
      executor.run(commandStep(`touch ${marker}`), context({ signal: controller.signal })),
    );
    expect(error.code).toBe('CANCELLED');
    expect(error.message).toBe('command cancelled: workflow cancelled');
    await expect(writeFile(marker, '', { flag: 'wx' })).resolves.toBeUndefined();
  });
});
