// A long-lived engine's MCP skills follow skills.toml and the tool caches: an unavailable server is tried again,
// a cache rewritten by `skill skills refresh` in another process is read, nothing changes when nothing changed.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive, useTempDir, waitFor } from '@skill/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_SERVER, stdioServerToml } from '../../test/mcp-projects.js';
import { McpSkills } from './mcp-skills.js';

const temp = useTempDir('mcp-reload-');
const opened: McpSkills[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((skills) => skills.close()));
});

function mcpSkills(dir: string): McpSkills {
  const skills = new McpSkills({ projectDir: dir, secrets: () => new Map(), recheckMs: 0 });
  opened.push(skills);
  return skills;
}

describe('McpSkills.reloadIfStale', () => {
  it('retries an unavailable server once skills.toml is fixed, and leaves unchanged files alone', async () => {
    const dir = temp();
    await writeFile(path.join(dir, 'skills.toml'), stdioServerToml('fixture', path.join(dir, 'missing.mjs')));
    const skills = mcpSkills(dir);
    const [broken] = await skills.load();
    expect(broken?.unavailable).toMatch(/cannot list the tools of MCP server "fixture"/);
    await writeFile(path.join(dir, 'skills.toml'), stdioServerToml('fixture', FIXTURE_SERVER));
    const [fixed] = (await skills.reloadIfStale()) ?? [];
    expect(fixed?.unavailable).toBeUndefined();
    expect(Object.keys(fixed?.tools ?? {}).sort()).toEqual(['crash', 'pid', 'refuse', 'wait_for_cancel']);
    expect(await skills.reloadIfStale()).toBeUndefined();
  });

  it('reads a tool cache another process refreshed', async () => {
    const dir = path.join(temp(), 'other');
    await mkdir(dir);
    await writeFile(path.join(dir, 'skills.toml'), stdioServerToml('fixture', FIXTURE_SERVER));
    const engineSide = mcpSkills(dir);
    await engineSide.load();
    const cliSide = mcpSkills(dir);
    const { results } = await cliSide.refresh();
    expect(results).toEqual([{ server: 'fixture', tools: 4 }]);
    const reloaded = await engineSide.reloadIfStale();
    expect(reloaded?.map((skill) => skill.name)).toEqual(['fixture']);
  });

  it('reloads in the background: a server that never answers holds up nobody, and close stops it', async () => {
    const dir = temp();
    const pidFile = path.join(dir, 'hang.pid');
    const hang = path.join(dir, 'hang.mjs');
    await writeFile(
      hang,
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nsetInterval(() => {}, 1000);\n`,
    );
    await writeFile(path.join(dir, 'skills.toml'), stdioServerToml('slow', path.join(dir, 'missing.mjs')));
    const skills = mcpSkills(dir);
    await skills.load();
    await writeFile(path.join(dir, 'skills.toml'), stdioServerToml('slow', hang));
    let reloaded = false;
    skills.reloadInBackground(() => {
      reloaded = true;
    });
    const pid = Number(await waitFor(() => readFile(pidFile, 'utf8').catch(() => undefined)));
    expect(await isProcessAlive(pid)).toBe(true);
    await skills.close();
    expect(reloaded).toBe(false);
    await waitFor(async () => !(await isProcessAlive(pid)));
  });
});
