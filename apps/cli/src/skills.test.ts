// `skill skills list|describe|refresh` and `skill workflow validate` over a project whose skills.toml declares an
// MCP server (executors' fixture server): the catalogue, the cached tool list, and no server left running.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { useTempDir } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../test/project.js';
import { main } from './main.js';

const temp = useTempDir('cli-skills-');
const fixtureServer = path.resolve(import.meta.dirname, '../../../packages/executors/test/mcp/fixture-server.mjs');
const skillsToml = `[mcp_servers.fixture]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(fixtureServer)}]\n`;

async function projectWithServer(): Promise<string> {
  const dir = temp();
  await writeFile(path.join(dir, 'skills.toml'), skillsToml);
  return dir;
}

describe('skill skills', () => {
  it('refresh caches the tool list, list and describe show it, validate checks tool names against it', async () => {
    const dir = await projectWithServer();
    const refresh = memoryIo(dir);
    expect(await main(['skills', 'refresh'], refresh.io)).toBe(0);
    expect(refresh.out.stdout).toContain('fixture: 4 tools');
    const cache = JSON.parse(await readFile(path.join(dir, '.skill/mcp-tools/fixture.json'), 'utf8'));
    expect(cache.tools.map((tool: { name: string }) => tool.name)).toEqual([
      'pid',
      'crash',
      'wait_for_cancel',
      'refuse',
    ]);

    const list = memoryIo(dir);
    expect(await main(['skills', 'list'], list.io)).toBe(0);
    expect(list.out.stdout).toMatch(/fixture\s+mcp\s+4 {2}MCP server \(stdio: /);
    expect(list.out.stdout).toMatch(/http\s+builtin/);

    const describeTool = memoryIo(dir);
    expect(await main(['skills', 'describe', 'fixture', 'wait_for_cancel'], describeTool.io)).toBe(0);
    expect(describeTool.out.stdout).toContain('wait_for_cancel: Waits until the call is cancelled');
    expect(describeTool.out.stdout).toContain('args: marker (string, required)');

    const unknown = memoryIo(dir);
    expect(await main(['skills', 'describe', 'fixture', 'nope'], unknown.io)).toBe(2);
    expect(unknown.out.stderr).toContain(
      'skill "fixture" has no tool "nope"; its tools: crash, pid, refuse, wait_for_cancel',
    );

    await writeFile(
      path.join(dir, 'call.toml'),
      'version = "1"\nname = "call"\n[[steps]]\nid = "p"\nskill = "fixture"\ntool = "pdi"\n',
    );
    const validate = memoryIo(dir);
    expect(await main(['workflow', 'validate', 'call.toml'], validate.io)).toBe(2);
    expect(validate.out.stdout).toContain(
      'call.toml:3:1: error INVALID_VALUE [step p]: skill "fixture" has no tool "pdi"; did you mean "pid"?',
    );
  });

  it('refresh of an undeclared server exits 1 and names it', async () => {
    const dir = await projectWithServer();
    const refresh = memoryIo(dir);
    expect(await main(['skills', 'refresh', 'missing'], refresh.io)).toBe(1);
    expect(refresh.out.stdout).toContain('missing: not declared in skills.toml');
  });

  it('lists and describes the skills of .skill-engine.toml, and validate refuses a wasm one at its manifest line', async () => {
    const dir = temp();
    const manifest = `version = "1"\n[skills.echo]\nsource = "/bin/echo"\nruntime = "native"\ndescription = "Echoes"\n\n[skills.gh]\nsource = "./gh"\nruntime = "wasm"\n`;
    await writeFile(path.join(dir, '.skill-engine.toml'), manifest);
    const list = memoryIo(dir);
    expect(await main(['skills', 'list'], list.io)).toBe(0);
    expect(list.out.stdout).toMatch(/echo\s+manifest\s+1 {2}Echoes/);
    expect(list.out.stdout).toMatch(/gh\s+manifest\s+0 {2}unavailable: runtime "wasm" is not supported/);
    const describeTool = memoryIo(dir);
    expect(await main(['skills', 'describe', 'echo', 'run'], describeTool.io)).toBe(0);
    expect(describeTool.out.stdout).toContain('args: args (array)');
    await writeFile(
      path.join(dir, 'call.toml'),
      'version = "1"\nname = "call"\n[[steps]]\nid = "g"\nskill = "gh"\ntool = "run"\n',
    );
    const validate = memoryIo(dir);
    expect(await main(['workflow', 'validate', 'call.toml'], validate.io)).toBe(2);
    expect(validate.out.stdout).toContain(
      `call.toml:3:1: error INVALID_VALUE [step g]: skill "gh" is unavailable: runtime "wasm" is not supported (${path.join(dir, '.skill-engine.toml')}:7:1: [skills.gh])`,
    );
  });
});
