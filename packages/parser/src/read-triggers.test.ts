// Tests of [[triggers]]: defaults, cron and time zone errors located at the key, inputs checked against [inputs].
import type { Diagnostic } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from './parse-workflow.js';

const HEAD = 'version = "1"\nname = "t"\n[inputs]\nenv = { type = "string", required = true }\n';
const STEP = '[[steps]]\nid = "a"\ncommand = "true"\n';

function parse(triggers: string) {
  return parseWorkflow(`${HEAD}${triggers}\n${STEP}`, { file: 'w.toml' });
}

function located(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}@${d.line}:${d.column} ${d.message}`);
}

describe('[[triggers]]', () => {
  it('reads a schedule with its defaults', () => {
    const { definition, diagnostics } = parse('[[triggers]]\ncron = "*/5 * * * *"\ninputs = { env = "prod" }');
    expect(diagnostics).toEqual([]);
    expect(definition?.triggers).toEqual([
      expect.objectContaining({
        type: 'schedule',
        cron: '*/5 * * * *',
        inputs: { env: 'prod' },
        overlap: 'skip',
        catch_up: 'none',
      }),
    ]);
    expect(definition?.triggers?.[0]?.location).toMatchObject({ file: 'w.toml', line: 5 });
  });

  it('reads 6 fields, a time zone and the policies', () => {
    const { definition, diagnostics } = parse(
      '[[triggers]]\ntype = "schedule"\ncron = "* * * * * *"\ntimezone = "Europe/Paris"\noverlap = "queue"\ncatch_up = "all"\ninputs = { env = "x" }',
    );
    expect(diagnostics).toEqual([]);
    expect(definition?.triggers?.[0]).toMatchObject({ timezone: 'Europe/Paris', overlap: 'queue', catch_up: 'all' });
  });

  it("names a bad cron expression at its line and column with croner's reason", () => {
    const { definition, diagnostics } = parse('[[triggers]]\ncron = "61 * * * *"\ninputs = { env = "x" }');
    expect(definition).toBeUndefined();
    expect(located(diagnostics)).toEqual([
      'INVALID_VALUE@6:1 triggers[0].cron "61 * * * *" is not a valid cron expression: CronPattern: Invalid value for minute: 61',
    ]);
  });

  it('refuses 4 or 7 fields', () => {
    for (const cron of ['* * * *', '* * * * * * *']) {
      const { diagnostics } = parse(`[[triggers]]\ncron = "${cron}"\ninputs = { env = "x" }`);
      expect(diagnostics[0]?.message).toContain('5 fields (or 6, seconds first)');
    }
  });

  it('refuses an unknown time zone, an unknown input, a wrong type and a missing required input', () => {
    const { diagnostics } = parse(
      '[[triggers]]\ncron = "0 3 * * *"\ntimezone = "Mars/Olympus"\ninputs = { env = 3, enx = "a" }\n[[triggers]]\ncron = "0 4 * * *"',
    );
    expect(located(diagnostics)).toEqual([
      'INVALID_VALUE@7:1 triggers[0].timezone: unknown time zone "Mars/Olympus"',
      'INPUT_TYPE@8:12 triggers[0].inputs.env must be a string, got 3',
      'INPUT_UNKNOWN@8:21 triggers[0].inputs.enx: the workflow has no input "enx"',
      'INPUT_MISSING@9:1 triggers[1] does not give the required input "env"',
    ]);
  });

  it('leaves unknown keys and bad policies to the schema', () => {
    const { diagnostics } = parse(
      '[[triggers]]\ncron = "0 3 * * *"\noverlap = "sometimes"\ncronn = "x"\ninputs = { env = "x" }',
    );
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['INVALID_VALUE', 'UNKNOWN_KEY']);
  });

  it('a workflow without triggers has none', () => {
    expect(parse('').definition?.triggers).toBeUndefined();
  });

  it('reads a webhook: the secret named, the default delivery header and body limit, templated inputs', () => {
    const { definition, diagnostics } = parse(
      '[[triggers]]\ntype = "webhook"\nsecret = "{secrets.HOOK_SECRET}"\ninputs = { env = "{trigger.body.ref}" }',
    );
    expect(diagnostics).toEqual([]);
    expect(definition?.triggers?.[0]).toMatchObject({
      type: 'webhook',
      secret: 'HOOK_SECRET',
      delivery_header: 'X-GitHub-Delivery',
      max_body_bytes: 262_144,
      inputs: { env: '{trigger.body.ref}' },
    });
  });

  it('refuses a webhook without exactly one of secret and token, a literal secret, or a bad body limit', () => {
    const none = parse('[[triggers]]\ntype = "webhook"\ninputs = { env = "x" }');
    expect(located(none.diagnostics)).toEqual([
      'INVALID_VALUE@5:1 triggers[0] (a webhook) needs exactly one of secret (HMAC-SHA256 signature) or token (bearer token)',
    ]);
    const both = parse(
      '[[triggers]]\ntype = "webhook"\nsecret = "{secrets.A}"\ntoken = "{secrets.B}"\ninputs = { env = "x" }',
    );
    expect(both.diagnostics[0]?.message).toContain('exactly one of');
    const literal = parse('[[triggers]]\ntype = "webhook"\ntoken = "hunter2"\ninputs = { env = "x" }');
    expect(located(literal.diagnostics)).toEqual([
      'INVALID_VALUE@7:1 triggers[0].token must name a secret as "{secrets.NAME}", got "hunter2"',
    ]);
    const big = parse(
      '[[triggers]]\ntype = "webhook"\ntoken = "{secrets.B}"\nmax_body_bytes = 0\ninputs = { env = "x" }',
    );
    expect(big.diagnostics.map((d) => d.code)).toContain('INVALID_VALUE');
  });
});
