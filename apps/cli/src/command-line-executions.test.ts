// parseCommandLine for the commands over recorded executions and servers: executions, retry, serve, mcp.
import { describe, expect, it } from 'vitest';
import { usageError } from '../test/usage-error.js';
import { parseCommandLine } from './command-line.js';

describe('parseCommandLine: executions', () => {
  it('parses list with filters, a limit of 20 by default', () => {
    expect(parseCommandLine(['executions', 'list'])).toEqual({ kind: 'executions-list', limit: 20, json: false });
    expect(
      parseCommandLine([
        'executions',
        'list',
        '--workflow',
        'hello',
        '-s',
        'failed',
        '--limit=5',
        '--json',
        '--database-url',
        'x.db',
      ]),
    ).toEqual({
      kind: 'executions-list',
      workflow: 'hello',
      status: 'failed',
      limit: 5,
      json: true,
      database: 'x.db',
    });
  });

  it('rejects a bad status, limit or argument with the list usage', () => {
    expect(usageError(['executions', 'list', '--status', 'done'])).toEqual({
      message: 'unknown --status "done" (expected pending, running, completed, failed, cancelled, queued, skipped)',
      topic: 'executions-list',
    });
    expect(usageError(['executions', 'list', '--limit', '0'])).toEqual({
      message: '--limit expects a whole number from 1 to 1000, got "0"',
      topic: 'executions-list',
    });
    expect(usageError(['executions', 'list', '-n', '2.5']).message).toBe(
      '--limit expects a whole number from 1 to 1000, got "2.5"',
    );
    expect(usageError(['executions', 'list', 'x']).topic).toBe('executions-list');
  });

  it('parses show and logs with their id', () => {
    expect(parseCommandLine(['executions', 'show', 'abc'])).toEqual({
      kind: 'executions-show',
      id: 'abc',
      json: false,
    });
    expect(parseCommandLine(['executions', 'show', 'abc', '--json'])).toEqual({
      kind: 'executions-show',
      id: 'abc',
      json: true,
    });
    expect(parseCommandLine(['executions', 'logs', 'abc', '-f'])).toEqual({
      kind: 'executions-logs',
      id: 'abc',
      follow: true,
      json: false,
    });
    expect(usageError(['executions', 'show'])).toEqual({ message: 'missing execution id', topic: 'executions-show' });
    expect(usageError(['executions', 'show', 'a', '--follow']).topic).toBe('executions-show');
    expect(usageError(['executions', 'logs', 'a', 'b'])).toEqual({
      message: 'unexpected argument "b"',
      topic: 'executions-logs',
    });
  });

  it('answers help and rejects unknown executions commands', () => {
    expect(parseCommandLine(['executions', '--help'])).toEqual({ kind: 'help', topic: 'executions' });
    expect(parseCommandLine(['executions', 'logs', '-h'])).toEqual({ kind: 'help', topic: 'executions-logs' });
    expect(parseCommandLine(['help', 'executions', 'show'])).toEqual({ kind: 'help', topic: 'executions-show' });
    expect(parseCommandLine(['help', 'executions'])).toEqual({ kind: 'help', topic: 'executions' });
    expect(usageError(['executions'])).toEqual({ message: 'missing executions command', topic: 'executions' });
    expect(usageError(['executions', 'rm'])).toEqual({
      message: 'unknown command "executions rm"',
      topic: 'executions',
    });
  });
});

describe('parseCommandLine: workflow retry', () => {
  it('reruns downstream by default; --no-downstream and --from change it', () => {
    expect(parseCommandLine(['workflow', 'retry', 'e1'])).toEqual({
      kind: 'retry',
      executionId: 'e1',
      downstream: true,
      json: false,
      quiet: false,
    });
    expect(parseCommandLine(['workflow', 'retry', 'e1', '--from', 'build', '--no-downstream', '--json'])).toEqual({
      kind: 'retry',
      executionId: 'e1',
      from: 'build',
      downstream: false,
      json: true,
      quiet: false,
    });
  });

  it('rejects a missing id or an empty --from', () => {
    expect(usageError(['workflow', 'retry'])).toEqual({ message: 'missing execution id', topic: 'retry' });
    expect(usageError(['workflow', 'retry', 'e1', '--from='])).toEqual({
      message: '--from expects a step id',
      topic: 'retry',
    });
    expect(parseCommandLine(['help', 'workflow', 'retry'])).toEqual({ kind: 'help', topic: 'retry' });
  });
});

describe('parseCommandLine: serve and mcp', () => {
  it('parses every serve flag, leaving unset ones to the environment', () => {
    expect(parseCommandLine(['serve'])).toEqual({ kind: 'serve', allowUntrusted: false });
    expect(
      parseCommandLine([
        'serve',
        '--port',
        '0',
        '--host',
        '0.0.0.0',
        '--workflows-dir',
        'flows',
        '--database-url',
        'postgres://db/x',
        '--token',
        's3cret',
        '--token-file',
        '/run/secrets/skill-token',
        '--allow-untrusted',
      ]),
    ).toEqual({
      kind: 'serve',
      port: 0,
      host: '0.0.0.0',
      workflowsDir: 'flows',
      database: 'postgres://db/x',
      token: 's3cret',
      tokenFile: '/run/secrets/skill-token',
      allowUntrusted: true,
    });
  });

  it('parses the trust boundary flags of serve', () => {
    const args = ['serve', '--api-trust', 'community', '--data-dir', 'data', '--allow-network', 'jobs'];
    expect(
      parseCommandLine([
        ...args,
        '--allow-network',
        'ci',
        '--http-allow',
        '127.0.0.1:9000',
        '--http-allow',
        '10.0.0.0/8',
      ]),
    ).toEqual({
      kind: 'serve',
      allowUntrusted: false,
      apiTrust: 'community',
      dataDir: 'data',
      allowedNetworks: ['jobs', 'ci'],
      httpAllowList: ['127.0.0.1:9000', '10.0.0.0/8'],
    });
    expect(usageError(['serve', '--api-trust', 'trusted'])).toEqual({
      message: '--api-trust expects "community" or "user-provided", got "trusted"',
      topic: 'serve',
    });
  });

  it('rejects a bad port and stray arguments with the serve usage', () => {
    expect(usageError(['serve', '--port', '70000'])).toEqual({
      message: '--port expects a whole number from 0 to 65535, got "70000"',
      topic: 'serve',
    });
    expect(usageError(['serve', '-p', 'http'])).toEqual({
      message: '--port expects a whole number from 0 to 65535, got "http"',
      topic: 'serve',
    });
    expect(usageError(['serve', 'now']).topic).toBe('serve');
    expect(usageError(['serve', '--token='])).toEqual({ message: '--token expects a non-empty token', topic: 'serve' });
    expect(usageError(['serve', '--token-file='])).toEqual({ message: '--token-file expects a file', topic: 'serve' });
    expect(parseCommandLine(['serve', '--help'])).toEqual({ kind: 'help', topic: 'serve' });
  });

  it('parses mcp', () => {
    expect(parseCommandLine(['mcp'])).toEqual({ kind: 'mcp', allowUntrusted: false });
    expect(parseCommandLine(['mcp', '--allow-untrusted', '--database-url', 'a.db'])).toEqual({
      kind: 'mcp',
      database: 'a.db',
      allowUntrusted: true,
    });
    expect(usageError(['mcp', '--port', '1']).topic).toBe('mcp');
    expect(parseCommandLine(['help', 'mcp'])).toEqual({ kind: 'help', topic: 'mcp' });
  });
});
