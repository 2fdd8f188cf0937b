// MCP servers of skills.toml as skill steps of an engine: tool names and args checked offline from the cached tool
// lists (with the step's location), results, progress, tool errors, secrets and the shutdown of server processes.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive, waitFor } from '@skill/test-kit';
import type { WorkflowEvent } from '@skill/workflow-model';
import { afterEach, describe, expect, it } from 'vitest';
import { useEngines } from '../../test/engine-fixture.js';
import {
  EVERYTHING_BIN,
  FILESYSTEM_BIN,
  FIXTURE_SERVER,
  skillWorkflow,
  stdioServerToml,
} from '../../test/mcp-projects.js';
import type { Engine, EngineOptions } from '../engine-types.js';
import { declarationHash, toolCacheDir, writeToolCache } from './mcp-tool-cache.js';
import { readSkillsConfig } from './skills-config.js';

const engines = useEngines('mcp-skills-');
const started: Engine[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((engine) => engine.shutdown({ graceMs: 0 })));
});

async function project(files: Record<string, string>, options: EngineOptions = {}) {
  const made = await engines.project(files, options);
  started.push(made.engine);
  return made;
}

const everythingToml = stdioServerToml('everything', EVERYTHING_BIN, ['stdio']);

describe('validation from the tool list', () => {
  it('refuses an unknown tool with "did you mean" and bad args with the schema message, at the step', async () => {
    const { engine, dir } = await project({ 'skills.toml': everythingToml });
    const wrongTool = await engine.validate(skillWorkflow('everything', 'get-sun', '{ a = 1, b = 2 }'));
    expect(wrongTool.ok).toBe(false);
    expect(wrongTool.diagnostics[0]).toMatchObject({ line: 4, column: 1, step_id: 'call' });
    expect(wrongTool.diagnostics[0]?.message).toContain(
      'skill "everything" has no tool "get-sun"; did you mean "get-sum"?',
    );
    const badArgs = await engine.validate(skillWorkflow('everything', 'get-sum', '{ a = "two", b = 2 }'));
    expect(badArgs.diagnostics.map((d) => d.message)).toEqual([
      'everything.get-sum args.a: expected number, got string',
    ]);
    const templated = await engine.validate(
      skillWorkflow('everything', 'get-sum', '{ a = "{inputs.n}", b = 2 }', '[inputs]\nn = { type = "integer" }'),
    );
    expect(templated.diagnostics).toEqual([]);
    const wrongInput = await engine.validate(
      skillWorkflow(
        'everything',
        'get-sum',
        '{ a = "{inputs.s}", b = "{inputs.n}" }',
        '[inputs]\ns = { type = "string" }\nn = { type = "number" }',
      ),
    );
    expect(wrongInput.diagnostics.map((d) => d.message)).toEqual([
      'everything.get-sum args.a: expected number, got string ({inputs.s})',
    ]);
    const cache = JSON.parse(await readFile(path.join(toolCacheDir(dir), 'everything.json'), 'utf8'));
    const [server] = await readSkillsConfig(dir);
    expect(cache.declaration_hash).toBe(declarationHash(server as never));
    expect(cache.tools.map((tool: { name: string }) => tool.name)).toContain('get-sum');
  });

  it('validates offline from a fresh cache without starting the server, and refetches when the declaration changes', async () => {
    const { engine, dir } = await project({});
    const marker = path.join(dir, 'server-started');
    const starter = path.join(dir, 'starter.mjs');
    await writeFile(
      starter,
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'x');\n`,
    );
    await writeFile(path.join(dir, 'skills.toml'), stdioServerToml('tracked', starter));
    const [server] = await readSkillsConfig(dir);
    const tools = [{ name: 'ping', inputSchema: { type: 'object', properties: { n: { type: 'integer' } } } }];
    await writeToolCache(toolCacheDir(dir), server as never, tools);
    const report = await engine.validate(skillWorkflow('tracked', 'pong', '{ n = "x" }'));
    expect(report.diagnostics.map((d) => d.message)).toEqual([
      'skill "tracked" has no tool "pong"; did you mean "ping"? its tools: ping',
    ]);
    expect((await engine.validate(skillWorkflow('tracked', 'ping', '{ n = "x" }'))).diagnostics[0]?.message).toBe(
      'tracked.ping args.n: expected integer, got string',
    );
    expect(existsSync(marker)).toBe(false);
    // A changed declaration is fetched again: the starter script is no MCP server, so the skill becomes unavailable.
    await writeFile(path.join(dir, 'skills.toml'), stdioServerToml('tracked', starter, ['--changed']));
    const changed = await (await project({}, { cwd: dir })).engine.validate(skillWorkflow('tracked', 'ping', '{}'));
    expect(existsSync(marker)).toBe(true);
    expect(changed.diagnostics[0]?.message).toMatch(
      /^skill "tracked" is unavailable: cannot list the tools of MCP server "tracked"/,
    );
  });

  it('reports a mistake in skills.toml with its file, line and column', async () => {
    const { engine } = await project({ 'skills.toml': '[mcp_servers.x]\ncomand = "node"\n' });
    const error = await engine.validate(skillWorkflow('x', 'y', '{}')).catch((thrown: Error) => thrown);
    expect(error).toMatchObject({ code: 'SKILLS_CONFIG_INVALID' });
    expect((error as Error).message).toContain('skills.toml:2:1: error UNKNOWN_KEY: unknown key "comand"');
    expect((error as Error).message).toContain('did you mean "command"?');
  });
});

describe('running MCP tools as steps', () => {
  it('passes templated args as data, chains outputs and reports progress', async () => {
    const { engine } = await project({ 'skills.toml': everythingToml });
    const hostile = 'a"; rm -rf / #{x} $(id)';
    const workflow = `version = "1"\nname = "chain"\n[inputs]\ntext = { type = "string" }\n
[[steps]]\nid = "echo"\nskill = "everything"\ntool = "echo"\nargs = { message = "{inputs.text}" }\n
[[steps]]\nid = "slow"\nskill = "everything"\ntool = "trigger-long-running-operation"\nargs = { duration = 0.2, steps = 2 }\n
[[steps]]\nid = "weather"\nskill = "everything"\ntool = "get-structured-content"\nargs = { location = "Chicago" }\n`;
    const events: WorkflowEvent[] = [];
    const record = await engine.run(workflow, { text: hostile }, { onEvent: (event) => events.push(event) });
    expect(record.status).toBe('completed');
    expect(record.steps.echo?.output).toBe(`Echo: ${hostile}`);
    expect(record.steps.weather?.output).toMatchObject({ temperature: 36 });
    const progress = events.filter((e) => e.type === 'step_progress' && e.step_id === 'slow');
    expect(progress.map((e) => (e as { message?: string }).message)).toEqual(['progress 1/2', 'progress 2/2']);
  });

  it('fails the step with the tool message when the tool answers isError (server-filesystem outside its folder)', async () => {
    const { engine, dir } = await project({ 'data/a.txt': 'hello' });
    await writeFile(path.join(dir, 'skills.toml'), stdioServerToml('files', FILESYSTEM_BIN, [path.join(dir, 'data')]));
    const inside = await engine.run(
      skillWorkflow('files', 'read_text_file', `{ path = ${JSON.stringify(path.join(dir, 'data/a.txt'))} }`),
    );
    expect(inside.steps.call?.output).toEqual({ content: 'hello' });
    const outside = await engine.run(skillWorkflow('files', 'read_text_file', '{ path = "/etc/passwd" }'));
    expect(outside.steps.call).toMatchObject({ status: 'failed' });
    expect(outside.steps.call?.error).toMatch(/^files\.read_text_file failed: .*Access denied/);
  });

  it('resolves {secrets.*} in the declaration when the server starts and masks the value in outputs', async () => {
    const toml = stdioServerToml(
      'everything',
      EVERYTHING_BIN,
      ['stdio'],
      'env = { API_TOKEN = "{secrets.API_TOKEN}" }\n',
    );
    const { engine } = await project({ 'skills.toml': toml });
    process.env.SKILL_SECRET_API_TOKEN = 's3cret-value-42';
    try {
      const record = await engine.run(skillWorkflow('everything', 'get-env', '{}'));
      const output = JSON.stringify(record.steps.call?.output);
      expect(output).toContain('API_TOKEN');
      expect(output).not.toContain('s3cret-value-42');
    } finally {
      delete process.env.SKILL_SECRET_API_TOKEN;
    }
  });

  it("the step's timeout sends the MCP cancellation and fails the step as a timeout", async () => {
    const { engine, dir } = await project({ 'skills.toml': stdioServerToml('fixture', FIXTURE_SERVER) });
    const marker = path.join(dir, 'cancelled');
    const workflow = skillWorkflow('fixture', 'wait_for_cancel', `{ marker = ${JSON.stringify(marker)} }`).concat(
      'timeout = "1s"\n',
    );
    const record = await engine.run(workflow);
    expect(record.steps.call).toMatchObject({ status: 'failed' });
    expect(record.steps.call?.error).toMatch(/timed out|timeout/i);
    await waitFor(() => existsSync(marker));
  });

  it('shutdown ends the server processes', async () => {
    const { engine } = await project({ 'skills.toml': stdioServerToml('fixture', FIXTURE_SERVER) });
    const record = await engine.run(skillWorkflow('fixture', 'pid', '{}'));
    const pid = (record.steps.call?.output as { pid: number } | undefined)?.pid ?? 0;
    expect(await isProcessAlive(pid)).toBe(true);
    await engine.shutdown({ graceMs: 0 });
    expect(await isProcessAlive(pid)).toBe(false);
  });
});

describe('trust', () => {
  const toml = stdioServerToml('fixture', FIXTURE_SERVER);
  const workflow = skillWorkflow('fixture', 'pid', '{}').replace('name = "mcp-call"', 'name = "api-made"');

  it('refuses MCP servers to workflows below trusted unless the server grants them by name', async () => {
    const { engine } = await project({ 'skills.toml': toml });
    const refused = await engine.saveWorkflow(workflow);
    expect(refused.ok).toBe(false);
    expect(refused.diagnostics[0]).toMatchObject({ code: 'UNTRUSTED_STEP', step_id: 'call' });
    expect(refused.diagnostics[0]?.message).toContain(
      'skill "fixture" (an MCP server not granted to it) is not allowed at trust level user-provided',
    );
    const lowered = await engine.run(`trust = "community"\n${workflow}`).catch((error: Error) => error);
    expect(lowered).toMatchObject({ code: 'UNTRUSTED_STEP' });
    const { engine: granting } = await project({ 'skills.toml': toml }, { untrustedMcpServers: ['fixture'] });
    expect((await granting.saveWorkflow(workflow)).ok).toBe(true);
    const record = await granting.run('api-made');
    expect(record.status).toBe('completed');
  });
});
