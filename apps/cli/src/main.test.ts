// main(argv, io) in-process against real .workflows/*.toml files: run, cancel, validate, list, graph, help.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive, waitFor } from '@skill/test-kit';
import { VERSION } from '@skill/workflow-core';
import type { WorkflowEvent } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { memoryIo, startSleeper, useCliProject } from '../test/project.js';
import { main } from './main.js';

const project = useCliProject();

async function cli(argv: string[], options: { tty?: boolean; env?: Record<string, string> } = {}) {
  const { io, out } = memoryIo(project(), options);
  const code = await main(argv, io);
  return { code, ...out };
}

describe('skill workflow run (in-process)', () => {
  it('runs a named workflow, prints plain lines, the final outputs and a summary, exits 0', async () => {
    const r = await cli(['workflow', 'run', 'hello', '--input', 'name=Ada']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] ▶ hello started \(execution [0-9a-f-]{36}\)$/);
    expect(lines).toContainEqual(expect.stringMatching(/^\[[\d:.]+\] ✓ greet completed in \d+ms$/));
    expect(lines.slice(-3, -1)).toEqual(['Outputs:', '  shout: done']);
    expect(lines.at(-1)).toMatch(/^✓ hello completed in \d+(ms|\.\ds|s) \(2 completed\)$/);
  });

  it('prints only JSON events with --json, in seq order, ending with workflow_completed', async () => {
    const r = await cli(['workflow', 'run', 'hello', '-i', 'name=Bo', '-i', 'count=3', '--json']);
    expect(r.code).toBe(0);
    const events = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as WorkflowEvent);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]).toMatchObject({ type: 'workflow_started', inputs: { name: 'Bo', count: 3 } });
    expect(events.find((e) => e.type === 'step_completed' && e.step_id === 'greet')).toMatchObject({
      output: 'hello Bo 3',
    });
    expect(events.at(-1)).toMatchObject({ type: 'workflow_completed', status: 'completed' });
  });

  it('merges --inputs-file with --input (the flag wins)', async () => {
    await writeFile(path.join(project(), 'in.json'), JSON.stringify({ name: 'File', count: 7 }));
    const r = await cli([
      'workflow',
      'run',
      '.workflows/hello.toml',
      '--inputs-file',
      'in.json',
      '-i',
      'name=Flag',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const greet = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as WorkflowEvent)
      .find((e) => e.type === 'step_completed' && e.step_id === 'greet');
    expect(greet).toMatchObject({ output: 'hello Flag 7' });
  });

  it('exits 1 for a failed workflow and shows the failure and the skipped dependent', async () => {
    const r = await cli(['workflow', 'run', 'fail']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\] ✗ boom failed after \d+ms: .*3/);
    expect(r.stdout).toMatch(/\] - after skipped: .*boom/);
    expect(r.stdout).toMatch(/\n✗ fail failed after \S+ \(1 failed, 1 skipped\)\n✗ boom failed( \[\w+\])?: /);
  });

  it('exits 2 with diagnostics on stderr for an invalid workflow, nothing on stdout', async () => {
    const r = await cli(['workflow', 'run', 'broken']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^\.workflows\/broken\.toml:\d+:\d+: error UNKNOWN_DEPENDENCY/);
  });

  it('exits 2 for inputs that do not match the declared types, before any step runs', async () => {
    const r = await cli(['workflow', 'run', 'hello', '-i', 'name=A', '-i', 'count=many']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('INPUT_TYPE');
    const missing = await cli(['workflow', 'run', 'hello', '--json']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('INPUT_MISSING');
  });

  it('exits 2 for a missing workflow or a bad inputs file', async () => {
    const r = await cli(['workflow', 'run', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error WORKFLOW_NOT_FOUND: workflow "nope" not found: .*nope\.toml/);
    await writeFile(path.join(project(), 'bad.json'), '[1]');
    const bad = await cli(['workflow', 'run', 'hello', '--inputs-file', 'bad.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      `error INPUTS_INVALID: inputs file ${path.join(project(), 'bad.json')} must hold a JSON object of input values\n`,
    );
  });

  it('draws the live table on a TTY, in colour unless NO_COLOR is set', async () => {
    const colour = await cli(['workflow', 'run', 'hello', '-i', 'name=Ada'], { tty: true });
    expect(colour.code).toBe(0);
    expect(colour.stdout).toContain('\u001b[32m✓\u001b[39m greet');
    const plain = await cli(['workflow', 'run', 'hello', '-i', 'name=Ada'], { tty: true, env: { NO_COLOR: '' } });
    expect(plain.code).toBe(0);
    const colourCodes = plain.stdout.split('\u001b[').filter((part) => /^\d+m/.test(part));
    expect(colourCodes).toEqual([]);
    expect(plain.stdout).toMatch(
      /\n {2}✓ greet {2}command +\d+ms\n {2}✓ shout {2}command +\d+ms\n\nOutputs:\n {2}shout: done\n✓ hello completed in /,
    );
  });

  it('prints nothing but errors with --quiet', async () => {
    expect(await cli(['workflow', 'run', 'hello', '-q', '-i', 'name=A'])).toMatchObject({
      code: 0,
      stdout: '',
      stderr: '',
    });
    const failed = await cli(['workflow', 'run', 'fail', '--quiet']);
    expect(failed).toMatchObject({ code: 1, stdout: '' });
    expect(failed.stderr).toMatch(/^✗ boom failed/);
  });
});

describe('cancellation (in-process)', () => {
  it('cancels on the first interrupt: the step process is killed, exit 130', async () => {
    const { io, out, interrupt } = memoryIo(project());
    const { pid, started: done } = await startSleeper(project(), () => main(['workflow', 'run', 'slow'], io));
    expect(await isProcessAlive(pid)).toBe(true);
    expect(interrupt('SIGINT')).toBe(true);
    expect(await done).toBe(130);
    expect(out.stderr).toBe('cancelling… (press Ctrl-C again to exit now)\n');
    expect(out.stdout).toMatch(/⊘ slow cancelled after \S+ \(1 cancelled\): interrupted \(SIGINT\)\n$/);
    await waitFor(async () => !(await isProcessAlive(pid)), 5000);
    expect(out.exits).toEqual([]);
  });

  it('leaves at once on a second interrupt through io.exit(130)', async () => {
    const { io, out, interrupt } = memoryIo(project());
    const { pid, started: done } = await startSleeper(project(), () => main(['workflow', 'run', 'slow', '--json'], io));
    interrupt('SIGTERM');
    interrupt('SIGINT');
    expect(await done).toBe(130);
    expect(out.exits).toEqual([130]);
    await waitFor(async () => !(await isProcessAlive(pid)), 5000);
  });
});

describe('validate, list, graph, help (in-process)', () => {
  it('validates files: a tick for valid ones, diagnostics for the rest, exit 2 if any is invalid', async () => {
    const ok = await cli(['workflow', 'validate', '.workflows/hello.toml', 'fail']);
    expect(ok).toMatchObject({ code: 0, stdout: '✓ .workflows/hello.toml (hello, 2 steps)\n✓ fail (fail, 2 steps)\n' });
    const bad = await cli(['workflow', 'validate', 'hello', 'broken', 'nope']);
    expect(bad.code).toBe(2);
    const lines = bad.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('✓ hello (hello, 2 steps)');
    expect(lines[1]).toBe('✗ broken: 1 error');
    expect(lines[2]).toMatch(/^ {2}\.workflows\/broken\.toml:\d+:\d+: error UNKNOWN_DEPENDENCY \[step a\]: /);
    expect(lines[3]).toMatch(/^✗ nope: workflow "nope" not found: /);
  });

  it('prints warnings (a memory_limit nothing enforces) under a valid file and exits 0', async () => {
    const text = 'version = "1"\nname = "limits"\n[[steps]]\nid = "build"\ncommand = "make"\nmemory_limit = "1g"\n';
    await writeFile(path.join(project(), 'limits.toml'), text);
    const r = await cli(['workflow', 'validate', 'limits.toml']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('✓ limits.toml (limits, 1 step)');
    expect(lines[1]).toMatch(
      /^ {2}\S*limits\.toml:6:1: warning LIMIT_NOT_ENFORCED \[step build\]: step "build": steps\[0\]\.memory_limit is not enforced: /,
    );
    expect(lines).toHaveLength(2);
  });

  it('prints validation reports as JSON', async () => {
    const r = await cli(['workflow', 'validate', 'hello', 'broken', '--json']);
    expect(r.code).toBe(2);
    const reports = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(reports.map((x) => [x.file, x.ok, x.name, x.step_count])).toEqual([
      ['hello', true, 'hello', 2],
      ['broken', false, undefined, undefined],
    ]);
    const diagnostics = (reports[1]?.diagnostics ?? []) as Array<{ code: string }>;
    expect(diagnostics.map((d) => d.code)).toContain('UNKNOWN_DEPENDENCY');
  });

  it('lists the workflows folder, flagging invalid ones', async () => {
    const r = await cli(['workflow', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'NAME    STEPS  DESCRIPTION',
        'broken      -  invalid (1 error)',
        'fail        2',
        'hello       2  Greets someone',
        'slow        1',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await cli(['workflow', 'list', '--json'])).stdout) as Array<{
      name: string;
      valid: boolean;
    }>;
    expect(json.map((w) => [w.name, w.valid])).toEqual([
      ['broken', false],
      ['fail', true],
      ['hello', true],
      ['slow', true],
    ]);
  });

  it('prints the graph of a named workflow', async () => {
    expect(await cli(['workflow', 'graph', 'hello'])).toMatchObject({
      code: 0,
      stdout: 'level 0\n  greet (command)\nlevel 1\n  shout (command) ← greet\n',
    });
    expect((await cli(['workflow', 'graph', 'hello', '--format', 'mermaid'])).stdout).toBe(
      'flowchart TD\n  s_greet["greet<br/>command"]\n  s_shout["shout<br/>command"]\n  s_greet --> s_shout\n',
    );
    expect((await cli(['workflow', 'graph', 'broken'])).code).toBe(2);
  });

  it('answers --version, --help and usage mistakes', async () => {
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `skill ${VERSION}\n`, stderr: '' });
    const help = await cli(['workflow', 'run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: skill workflow run <file\|name> \[options\]/);
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/^error: unknown command "frobnicate"\n\nUsage: skill <command>/);
    const flag = await cli(['workflow', 'run', 'hello', '--nope']);
    expect(flag).toMatchObject({ code: 2, stdout: '' });
    expect(flag.stderr).toMatch(/^error: Unknown option '--nope'\n\nUsage: skill workflow run/);
  });
});
