// inline_code in real containers (local images with the default names): the guide's example, every language, policy.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DockerSandbox } from '@skill/sandbox';
import { executorContext, inlineCodeStep, serviceReady, useTempDir, workflowErrorOf } from '@skill/test-kit';
import type { ExecutorContext } from '@skill/workflow-model';
import { TRUSTED_BOUNDARY } from '@skill/workflow-model';
import { beforeAll, describe, expect, it } from 'vitest';
import { createInlineCodeExecutor } from './inline-code-executor.js';

const docker = new DockerSandbox({ stopGraceMs: 500 });
const dockerReady = await serviceReady('docker', () => docker.ping());

const executor = createInlineCodeExecutor({ docker });
const baseDir = useTempDir('inline-docker-test-');

beforeAll(async () => {
  await mkdir(join(baseDir(), 'scripts'));
  await writeFile(
    join(baseDir(), 'scripts', 'process.py'),
    'import sys\nprint(sys.argv[0], sys.stdin.read().strip())\n',
  );
});

function context(extra: Partial<ExecutorContext> = {}): ExecutorContext {
  return executorContext({
    execution_id: `exec-inline-docker-${process.pid}`,
    base_dir: baseDir(),
    step_id: 'code',
    ...extra,
  });
}

/** The python example of the guide (reads a JSON list, prints its count and the items upper-cased). */
const GUIDE_PYTHON = readFileSync(new URL('./inline-code.fixtures/guide-example.py', import.meta.url), 'utf8');
/** Python that says `started` and then sleeps for a minute, to be cancelled once it runs. */
const SLEEPER_PYTHON = readFileSync(new URL('./inline-code.fixtures/sleeper.py', import.meta.url), 'utf8');

describe.skipIf(!dockerReady)('inline_code in Docker', () => {
  it("runs the guide's python example in python:3.11-slim", async () => {
    const spec = { code: GUIDE_PYTHON, stdin: ['a', 'b'], environment: { DEBUG: 'true' } };
    const result = await executor.run(inlineCodeStep(spec), context());
    expect(result.output).toEqual({ count: 2, items: ['A', 'B'] });
    expect(result.metadata).toEqual({ exit_code: 0, language: 'python', image: 'python:3.11-slim' });
  });

  it('runs node, ruby and bash in their default images', async () => {
    const node = await executor.run(
      inlineCodeStep({
        language: 'node',
        code: 'console.log(JSON.stringify({ sum: [1, 2, 3].reduce((a, b) => a + b) }))',
      }),
      context(),
    );
    expect(node.output).toEqual({ sum: 6 });
    expect(node.metadata?.image).toBe('node:20-alpine');
    const ruby = await executor.run(
      inlineCodeStep({ language: 'ruby', code: 'puts STDIN.read.upcase', stdin: 'ruby here' }),
      context(),
    );
    expect(ruby.output).toBe('RUBY HERE');
    expect(ruby.metadata?.image).toBe('ruby:3.2-alpine');
    const bash = await executor.run(
      inlineCodeStep({
        language: 'bash',
        code: 'test -n "$BASH_VERSION" && shell=bash\necho "$GREETING, $SKILL_STEP_ID in $shell"',
        environment: { GREETING: 'hi' },
      }),
      context(),
    );
    expect(bash.output).toBe('hi, code in bash');
    expect(bash.metadata?.image).toBe('alpine:latest');
  });

  it('falls back to /bin/sh for bash code when the image has no bash (plain alpine)', async () => {
    const code = 'if [ -n "$BASH_VERSION" ]; then echo bash; else echo sh; fi';
    const result = await executor.run(
      inlineCodeStep({ language: 'bash', code, environment: { PATH: '/nonexistent' } }),
      context(),
    );
    expect(result.output).toBe('sh');
  });

  it('runs script_file (relative to the workflow folder) as a file in the container', async () => {
    const result = await executor.run(inlineCodeStep({ script_file: 'scripts/process.py', stdin: 'data' }), context());
    expect(result.output).toBe('/tmp/skill/main.py data');
  });

  it('runs as a non-root user in /tmp by default, and honours docker_image and working_dir', async () => {
    const code = 'import os\nprint(os.getuid(), os.getgid(), os.getcwd())';
    expect((await executor.run(inlineCodeStep({ code }), context())).output).toBe('65534 65534 /tmp');
    const other = await executor.run(
      inlineCodeStep({ code, docker_image: 'skill-test/tiny:1', working_dir: '/tmp/skill' }),
      context(),
    );
    expect(other.output).toBe('65534 65534 /tmp/skill');
    expect(other.metadata?.image).toBe('skill-test/tiny:1');
  });

  it('has no network by default', async () => {
    const code = [
      'import os, socket',
      'print(sorted(os.listdir("/sys/class/net")))',
      's = socket.socket(socket.AF_INET, socket.SOCK_STREAM)',
      's.settimeout(3)',
      'try:',
      '    s.connect(("1.1.1.1", 80))',
      '    print("connected")',
      'except OSError as e:',
      '    print("blocked", e.errno)',
    ].join('\n');
    const result = await executor.run(inlineCodeStep({ code }), context());
    expect(result.output).toBe("['lo']\nblocked 101");
  });

  it('reads SKILL_METADATA written inside the container without overwriting its keys', async () => {
    const code =
      'import os, sys\nopen(os.environ["SKILL_METADATA"], "w").write(\'{"rows": 3, "language": "mine"}\')\nprint("warn", file=sys.stderr)';
    const result = await executor.run(inlineCodeStep({ code }), context());
    expect(result.output).toBe('');
    expect(result.metadata).toEqual({
      rows: 3,
      language: 'mine',
      exit_code: 0,
      stderr: 'warn',
      image: 'python:3.11-slim',
    });
  });

  it('puts a SyntaxError in the COMMAND_FAILED message', async () => {
    const error = await workflowErrorOf(executor.run(inlineCodeStep({ code: 'def broken(:\n  pass' }), context()));
    expect(error.code).toBe('COMMAND_FAILED');
    expect(error.details.exitCode).toBe(1);
    expect(error.message).toMatch(/^inline python code exited with code 1: .*SyntaxError/s);
  });

  it('puts a node SyntaxError line in the COMMAND_FAILED message (node:20-alpine)', async () => {
    const error = await workflowErrorOf(
      executor.run(inlineCodeStep({ language: 'node', code: 'let x = ;' }), context()),
    );
    expect(error.code).toBe('COMMAND_FAILED');
    expect(error.message).toMatch(/^inline node code exited with code 1: \/tmp\/skill\/main\.js:1\nlet x = ;\n/);
    expect(error.message.endsWith("\nSyntaxError: Unexpected token ';'")).toBe(true);
  });

  it('reports an OOM kill naming the memory limit', async () => {
    const code = 'blocks = []\nwhile True:\n    blocks.append(bytearray(16 * 1024 * 1024))';
    const error = await workflowErrorOf(
      executor.run(inlineCodeStep({ code, memory_limit_bytes: 64 * 1024 * 1024 }), context()),
    );
    expect(error.code).toBe('OOM_KILLED');
    expect(error.details.exitCode).toBe(137);
    expect(error.message).toContain('memory_limit 64 MiB');
  });

  it('takes the step-level memory limit when inline_code has none', async () => {
    const code = 'blocks = []\nwhile True:\n    blocks.append(bytearray(16 * 1024 * 1024))';
    const error = await workflowErrorOf(
      executor.run(inlineCodeStep({ code }, { memory_limit_bytes: 48 * 1024 * 1024 }), context()),
    );
    expect(error.code).toBe('OOM_KILLED');
    expect(error.message).toContain('memory_limit 48 MiB');
  });

  it('stops and removes the container when cancelled', async () => {
    const controller = new AbortController();
    const cancelOnceStarted = (line: string) => line === 'started' && controller.abort(new Error('user cancelled'));
    const ctx = context({ signal: controller.signal, step_id: `cancel-${process.pid}`, log: cancelOnceStarted });
    const error = await workflowErrorOf(executor.run(inlineCodeStep({ code: SLEEPER_PYTHON }), ctx));
    expect(error.code).toBe('CANCELLED');
    expect(error.message).toBe('inline python code cancelled: user cancelled');
    const left = execFileSync('docker', ['ps', '-aq', '--filter', `label=skill.step_id=${ctx.step_id}`], {
      encoding: 'utf8',
    });
    expect(left.trim()).toBe('');
  });

  it('refuses unsafe_native when the workflow is untrusted', async () => {
    const error = await workflowErrorOf(
      executor.run(
        inlineCodeStep({ code: 'print(1)', unsafe_native: true }),
        context({ boundary: { ...TRUSTED_BOUNDARY, level: 'user-provided' } }),
      ),
    );
    expect(error.code).toBe('UNTRUSTED_STEP');
  });
});
