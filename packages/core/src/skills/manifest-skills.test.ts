// Skills of a project's .skill-engine.toml as skill steps of an engine: a native program run end to end, its args
// checked at validation, wasm refused with the manifest's line, hostile args kept verbatim, and the trust rules.
import { existsSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useEngines } from '../../test/engine-fixture.js';

const engines = useEngines('manifest-skills-');

// Prints its argv as a JSON array and the instance's env, so the tests see exactly what reached it.
const ECHO_PROGRAM = `#!/usr/bin/env node
let stdin = '';
process.stdin.on('data', (chunk) => { stdin += chunk; });
process.stdin.on('end', () => {
  const config = process.env.SKILL_CONFIG ? JSON.parse(process.env.SKILL_CONFIG) : null;
  console.log(JSON.stringify({ argv: process.argv.slice(2), stdin, greeting: process.env.GREETING ?? null, config }));
});
`;

const MANIFEST = `version = "1"

[skills.echo]
source = "./bin/echo.mjs"
runtime = "native"
description = "Prints what it was given"

[skills.echo.instances.default]
config.mode = "plain"
env.GREETING = "hello"

[skills.echo.instances.loud]
env.GREETING = "HELLO"

[skills.github]
source = "./wasm-skills/github-skill"
runtime = "wasm"
`;

function workflow(skill: string, tool: string, args: string, extra = ''): string {
  return `version = "1"\nname = "manifest-call"\n${extra}\n[[steps]]\nid = "call"\nskill = "${skill}"\ntool = "${tool}"\nargs = ${args}\n`;
}

async function project(options = {}) {
  const made = await engines.project({ '.skill-engine.toml': MANIFEST, 'bin/echo.mjs': ECHO_PROGRAM }, options);
  await chmod(`${made.dir}/bin/echo.mjs`, 0o755);
  return made;
}

describe('native manifest skills', () => {
  it('runs the program with args as argv, stdin and the instance env, through the engine', async () => {
    const { engine } = await project();
    const record = await engine.run(
      workflow(
        'echo',
        'run',
        '{ args = ["one", "{inputs.word}"], stdin = "in" }',
        '[inputs]\nword = { type = "string" }',
      ),
      { word: 'two words' },
    );
    expect(record.status).toBe('completed');
    expect(record.steps.call?.output).toEqual({
      argv: ['one', 'two words'],
      stdin: 'in',
      greeting: 'hello',
      config: { mode: 'plain' },
    });
    expect(record.steps.call?.metadata).toMatchObject({ exit_code: 0, skill_runtime: 'native' });
    const loud = await engine.run(workflow('echo', 'run', '{ instance = "loud" }'));
    expect(loud.steps.call?.output).toMatchObject({ argv: [], greeting: 'HELLO', config: null });
  });

  it('checks the tool name and args at validation, with the step location', async () => {
    const { engine } = await project();
    const wrongTool = await engine.validate(workflow('echo', 'runn', '{}'));
    expect(wrongTool.diagnostics[0]).toMatchObject({ line: 4, column: 1, step_id: 'call' });
    expect(wrongTool.diagnostics[0]?.message).toContain('skill "echo" has no tool "runn"; did you mean "run"?');
    const badArgs = await engine.validate(workflow('echo', 'run', '{ args = "a b", instance = "prod", x = 1 }'));
    expect(badArgs.diagnostics.map((d) => d.message)).toEqual([
      'echo.run args.args: expected array, got string',
      'echo.run args.instance: must be one of "default", "loud" (got "prod")',
      'echo.run args: unknown key "x" (accepted: args, stdin, instance)',
    ]);
  });

  it('refuses a wasm skill at validation, naming the manifest line and the step', async () => {
    const { engine, dir } = await project();
    const report = await engine.validate(workflow('github', 'run', '{}'));
    expect(report.ok).toBe(false);
    expect(report.diagnostics[0]).toMatchObject({ step_id: 'call', line: 4 });
    expect(report.diagnostics[0]?.message).toContain(
      `runtime "wasm" is not supported (${dir}/.skill-engine.toml:15:1: [skills.github])`,
    );
  });

  it('lists manifest skills in the catalogue with their tool schema', async () => {
    const { engine } = await project();
    const skills = await engine.listSkills();
    const echo = skills.find((skill) => skill.name === 'echo');
    expect(echo).toMatchObject({ origin: 'manifest', description: 'Prints what it was given' });
    expect(echo?.tools[0]?.name).toBe('run');
    expect(echo?.tools[0]?.input_schema).toMatchObject({
      properties: { instance: { enum: ['default', 'loud'] } },
      additionalProperties: false,
    });
    expect(skills.find((skill) => skill.name === 'github')?.unavailable).toContain('not supported');
  });

  it('reports a broken manifest with its file, line and column', async () => {
    const { engine } = await engines.project({
      '.skill-engine.toml': '[skills.x]\nsource = "./x"\nruntim = "native"\n',
    });
    const error = await engine.validate(workflow('x', 'run', '{}')).catch((caught: Error) => caught);
    expect(String((error as Error).message ?? JSON.stringify(error))).toMatch(
      /\.skill-engine\.toml:3:1: error UNKNOWN_KEY: unknown key "runtim" \(did you mean "runtime"\?\)/,
    );
  });

  it('fails the step with a clear message when the program is missing or exits non-zero', async () => {
    const manifest = `${MANIFEST}\n[skills.gone]\nsource = "./bin/missing"\nruntime = "native"\n\n[skills.fails]\nsource = "/bin/sh"\nruntime = "native"\n`;
    const { engine } = await engines.project({ '.skill-engine.toml': manifest });
    const missing = await engine.run(workflow('gone', 'run', '{}'));
    expect(missing.status).toBe('failed');
    expect(missing.steps.call?.error).toContain('bin/missing');
    const failing = await engine.run(workflow('fails', 'run', '{ args = ["-c", "echo broken >&2; exit 3"] }'));
    expect(failing.status).toBe('failed');
    expect(failing.steps.call?.error).toMatch(/exit(ed with)? (code )?3/);
    expect(failing.steps.call?.error).toContain('broken');
  });
});

describe('attacks on native manifest skills', () => {
  it('gives hostile arg values to the program verbatim: no shell ever sees them', async () => {
    const { engine, dir } = await project();
    const hostile = ['$(touch pwned)', '`touch pwned`', 'a; touch pwned', '| touch pwned', '\' " \\ $HOME *', '--help'];
    const record = await engine.run(
      workflow(
        'echo',
        'run',
        '{ args = ["{inputs.a}", "{inputs.b}", "{inputs.c}", "{inputs.d}", "{inputs.e}", "{inputs.f}"] }',
        '[inputs]\na = { type = "string" }\nb = { type = "string" }\nc = { type = "string" }\nd = { type = "string" }\ne = { type = "string" }\nf = { type = "string" }',
      ),
      Object.fromEntries(hostile.map((value, index) => ['abcdef'[index] as string, value])),
    );
    expect(record.status).toBe('completed');
    expect(record.steps.call?.output).toMatchObject({ argv: hostile });
    expect(existsSync(`${dir}/pwned`)).toBe(false);
  });

  it('refuses a native manifest skill to workflows below trusted, unless host execution is allowed', async () => {
    const { engine } = await project();
    const made = workflow('echo', 'run', '{}').replace('name = "manifest-call"', 'name = "api-made"');
    const refused = await engine.saveWorkflow(made);
    expect(refused.ok).toBe(false);
    expect(refused.diagnostics[0]).toMatchObject({ code: 'UNTRUSTED_STEP', step_id: 'call' });
    expect(refused.diagnostics[0]?.message).toContain(
      'skill "echo" (a native program of .skill-engine.toml) is not allowed at trust level user-provided',
    );
    const lowered = await engine
      .run(`trust = "community"\n${workflow('echo', 'run', '{}')}`)
      .catch((error: Error) => error);
    expect(lowered).toMatchObject({ code: 'UNTRUSTED_STEP' });
    const { engine: allowing } = await project({ allowUntrusted: true });
    expect((await allowing.saveWorkflow(made)).ok).toBe(true);
    expect((await allowing.run('api-made')).status).toBe('completed');
  });

  it('applies the container trust rules to a docker skill called below trusted (no container is started)', async () => {
    const manifest =
      '[skills.web]\nsource = "docker:skill-test/tiny:1"\nruntime = "docker"\n[skills.web.docker]\nimage = "skill-test/tiny:1"\nnetwork = "bridge"\n';
    const { engine } = await engines.project({ '.skill-engine.toml': manifest });
    const made = workflow('web', 'run', '{ args = ["true"] }').replace('name = "manifest-call"', 'name = "api-web"');
    expect((await engine.saveWorkflow(made)).ok).toBe(true);
    const record = await engine.run('api-web');
    expect(record.status).toBe('failed');
    expect(record.steps.call?.error).toContain('network "bridge" is not allowed for user-provided workflows');
  });
});
