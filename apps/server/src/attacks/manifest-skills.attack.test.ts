// Attack: a workflow created through the API calls a native skill of the project's .skill-engine.toml (a host
// program with the operator's rights), or feeds shell metacharacters to one; the server refuses the first and the
// program receives the second verbatim, as argv entries.
import { existsSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fetchJson } from '@skill/test-kit';
import type { ExecutionRecord } from '@skill/workflow-model';
import { afterEach, describe, expect, it } from 'vitest';
import { type ProjectServer, startProjectServer } from '../../test/project-server.js';

const MANIFEST = 'version = "1"\n[skills.args]\nsource = "./args.mjs"\nruntime = "native"\n';
const PROGRAM = '#!/usr/bin/env node\nconsole.log(JSON.stringify(process.argv.slice(2)));\n';
const HOSTILE = ['$(touch pwned)', '`touch pwned`', 'x; touch pwned', 'x && touch pwned', '> pwned', '\' " \\'];

function callingWorkflow(name: string, extra = ''): string {
  const args = HOSTILE.map((value) => JSON.stringify(value)).join(', ');
  return `version = "1"\nname = "${name}"\n${extra}\n[[steps]]\nid = "call"\nskill = "args"\ntool = "run"\nargs = { args = [${args}] }\n`;
}

let running: ProjectServer | undefined;
let projectDir = '';
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function serverWith(workflows: Record<string, string> = {}) {
  running = await startProjectServer(workflows, {
    flags: async (dir) => {
      projectDir = dir;
      await writeFile(path.join(dir, '.skill-engine.toml'), MANIFEST);
      await writeFile(path.join(dir, 'args.mjs'), PROGRAM);
      await chmod(path.join(dir, 'args.mjs'), 0o755);
      return {};
    },
  });
  const url = running.url;
  return (route: string, body?: unknown) =>
    fetchJson<Record<string, unknown>>(`${url}${route}`, body === undefined ? {} : { body });
}

describe('native manifest skills below trusted', () => {
  it('refuses an API-created workflow that calls one, whatever its trust key says', async () => {
    const api = await serverWith();
    for (const [name, extra] of [
      ['plain', ''],
      ['claims-trusted', 'trust = "trusted"'],
    ] as const) {
      const posted = await api('/api/workflows', { name, content: callingWorkflow(name, extra) });
      expect(posted.status, name).toBe(400);
      expect(JSON.stringify(posted.body), name).toContain('skill \\"args\\" (a native program of .skill-engine.toml)');
    }
    expect(((await api('/api/executions')).body.items as unknown[]).length).toBe(0);
  });

  it('gives shell metacharacters to the trusted folder’s workflow verbatim, as argv entries', async () => {
    const api = await serverWith({ own: callingWorkflow('own') });
    const own = await api('/api/workflows/own/execute', {});
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    const record = own.body as unknown as ExecutionRecord;
    expect(record.status).toBe('completed');
    expect(record.steps.call?.output).toEqual(HOSTILE);
    expect(existsSync(path.join(projectDir, 'pwned'))).toBe(false);
    const described = await api('/api/skills/args');
    expect(described.body).toMatchObject({ name: 'args', origin: 'manifest', tools: [{ name: 'run' }] });
  });
});
