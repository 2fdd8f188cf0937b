// parseCommandLine: every command, flag, help topic and usage mistake.
import { describe, expect, it } from 'vitest';
import { usageError } from '../test/usage-error.js';
import { parseCommandLine } from './command-line.js';

describe('parseCommandLine: run', () => {
  it('collects --input pairs (later wins, values may contain =) and flags', () => {
    const argv = ['workflow', 'run', 'hello', '--input', 'a=1', '-i', 'b=x=y', '--input=a=2', '--json'];
    expect(parseCommandLine(argv)).toEqual({
      kind: 'run',
      workflow: 'hello',
      inputs: { a: '2', b: 'x=y' },
      json: true,
      quiet: false,
    });
  });

  it('reads --inputs-file and -q, accepting an empty value after =', () => {
    expect(parseCommandLine(['workflow', 'run', './w.toml', '--inputs-file', 'in.json', '-q', '-i', 'e='])).toEqual({
      kind: 'run',
      workflow: './w.toml',
      inputs: { e: '' },
      inputsFile: 'in.json',
      json: false,
      quiet: true,
    });
  });

  it('keeps an input named __proto__ as an own key', () => {
    const cmd = parseCommandLine(['workflow', 'run', 'w', '-i', '__proto__=x']);
    expect(cmd.kind === 'run' && Object.keys(cmd.inputs)).toEqual(['__proto__']);
  });

  it('rejects mistakes with the run usage', () => {
    expect(usageError(['workflow', 'run'])).toEqual({ message: 'missing workflow file or name', topic: 'run' });
    expect(usageError(['workflow', 'run', 'a', 'b'])).toEqual({ message: 'unexpected argument "b"', topic: 'run' });
    expect(usageError(['workflow', 'run', 'a', '--frob'])).toEqual({
      message: "Unknown option '--frob'",
      topic: 'run',
    });
    expect(usageError(['workflow', 'run', 'a', '--input', 'novalue'])).toEqual({
      message: '--input expects key=value, got "novalue"',
      topic: 'run',
    });
    expect(usageError(['workflow', 'run', 'a', '--input', '=v']).message).toBe('--input expects key=value, got "=v"');
    expect(usageError(['workflow', 'run', 'a', '--inputs-file']).message).toBe(
      "Option '--inputs-file <value>' argument missing",
    );
  });
});

describe('parseCommandLine: validate, list, graph', () => {
  it('parses validate with several files', () => {
    expect(parseCommandLine(['workflow', 'validate', 'a.toml', 'b', '--json'])).toEqual({
      kind: 'validate',
      files: ['a.toml', 'b'],
      json: true,
      explain: false,
    });
    expect(parseCommandLine(['workflow', 'validate', 'a.toml', '--explain'])).toMatchObject({ explain: true });
    expect(usageError(['workflow', 'validate'])).toEqual({
      message: 'missing workflow files to validate',
      topic: 'validate',
    });
  });

  it('parses list and refuses arguments', () => {
    expect(parseCommandLine(['workflow', 'list'])).toEqual({ kind: 'list', json: false });
    expect(parseCommandLine(['workflow', 'list', '--json'])).toEqual({ kind: 'list', json: true });
    expect(usageError(['workflow', 'list', 'x'])).toEqual({ message: 'unexpected argument "x"', topic: 'list' });
  });

  it('parses graph formats, text by default', () => {
    expect(parseCommandLine(['workflow', 'graph', 'w'])).toEqual({ kind: 'graph', workflow: 'w', format: 'text' });
    expect(parseCommandLine(['workflow', 'graph', 'w', '--format', 'mermaid'])).toEqual({
      kind: 'graph',
      workflow: 'w',
      format: 'mermaid',
    });
    expect(parseCommandLine(['workflow', 'graph', '-f', 'dot', 'w'])).toEqual({
      kind: 'graph',
      workflow: 'w',
      format: 'dot',
    });
    expect(usageError(['workflow', 'graph', 'w', '--format', 'svg'])).toEqual({
      message: 'unknown --format "svg" (expected text, mermaid, dot, json)',
      topic: 'graph',
    });
  });
});

describe('parseCommandLine: help, version, unknown commands', () => {
  it('answers help at every level, even next to other mistakes', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help', topic: 'main' });
    expect(parseCommandLine(['-h'])).toEqual({ kind: 'help', topic: 'main' });
    expect(parseCommandLine(['help'])).toEqual({ kind: 'help', topic: 'main' });
    expect(parseCommandLine(['workflow', '--help'])).toEqual({ kind: 'help', topic: 'workflow' });
    expect(parseCommandLine(['help', 'workflow'])).toEqual({ kind: 'help', topic: 'workflow' });
    expect(parseCommandLine(['workflow', 'run', '--help'])).toEqual({ kind: 'help', topic: 'run' });
    expect(parseCommandLine(['workflow', 'run', '--frob', '-h'])).toEqual({ kind: 'help', topic: 'run' });
    expect(parseCommandLine(['help', 'workflow', 'graph'])).toEqual({ kind: 'help', topic: 'graph' });
    expect(parseCommandLine(['help', 'list'])).toEqual({ kind: 'help', topic: 'list' });
  });

  it('does not treat --help after -- as help', () => {
    expect(usageError(['workflow', 'run', 'w', '--', '--help'])).toEqual({
      message: 'unexpected argument "--help"',
      topic: 'run',
    });
  });

  it('prints the version for --version and -v', () => {
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
    expect(parseCommandLine(['-v'])).toEqual({ kind: 'version' });
  });

  it('rejects unknown commands and options with the right usage', () => {
    expect(usageError([])).toEqual({ message: 'missing command', topic: 'main' });
    expect(usageError(['frob'])).toEqual({ message: 'unknown command "frob"', topic: 'main' });
    expect(usageError(['--frob'])).toEqual({ message: 'unknown option "--frob"', topic: 'main' });
    expect(usageError(['workflow'])).toEqual({ message: 'missing workflow command', topic: 'workflow' });
    expect(usageError(['workflow', 'frob'])).toEqual({ message: 'unknown command "workflow frob"', topic: 'workflow' });
    expect(usageError(['workflow', '--json'])).toEqual({ message: 'unknown option "--json"', topic: 'workflow' });
  });

  it.each([
    ['workflow run -i bad', 'missing workflow file or name', 'run'],
    ['workflow retry --from=', 'missing execution id', 'retry'],
    ['workflow graph -f bad', 'missing workflow file or name', 'graph'],
    ['executions list x -n 0', 'unexpected argument "x"', 'executions-list'],
  ])('reports a missing or extra argument before a bad flag value: %s', (argv, message, topic) => {
    expect(usageError(argv.split(' '))).toEqual({ message, topic });
  });

  it('knows only its own command words (no inherited object keys)', () => {
    expect(usageError(['constructor'])).toEqual({ message: 'unknown command "constructor"', topic: 'main' });
    expect(usageError(['workflow', 'toString'])).toEqual({
      message: 'unknown command "workflow toString"',
      topic: 'workflow',
    });
    expect(parseCommandLine(['help', 'executions', '__proto__'])).toEqual({ kind: 'help', topic: 'executions' });
  });
});
