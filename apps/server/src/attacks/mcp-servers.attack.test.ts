// Attack: a workflow created through the API calls the project's MCP servers (skills.toml), which are the
// operator's tools with the operator's secrets; only servers granted by name are callable below trusted.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fetchJson, waitFor } from '@skill/test-kit';
import type { ExecutionRecord } from '@skill/workflow-model';
import { afterEach, describe, expect, it } from 'vitest';
import { type ProjectServer, startProjectServer } from '../../test/project-server.js';

const FIXTURE_SERVER = path.resolve(import.meta.dirname, '../../../../packages/executors/test/mcp/fixture-server.mjs');
const SKILLS_TOML = `[mcp_servers.tools]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(FIXTURE_SERVER)}]\n`;

/** A workflow calling `tool` of the `tools` server, optionally lowering its own trust key. */
function callingWorkflow(name: string, extra = ''): string {
  return `version = "1"\nname = "${name}"\n${extra}\n[[steps]]\nid = "call"\nskill = "tools"\ntool = "pid"\n`;
}

let running: ProjectServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function serverWith(env: Record<string, string> = {}, workflows: Record<string, string> = {}) {
  running = await startProjectServer(workflows, {
    env,
    flags: async (dir) => {
      await writeFile(path.join(dir, 'skills.toml'), SKILLS_TOML);
      return {};
    },
  });
  const url = running.url;
  return (route: string, body?: unknown) =>
    fetchJson<Record<string, unknown>>(`${url}${route}`, body === undefined ? {} : { body });
}

describe('MCP servers below trusted', () => {
  it('refuses an API-created workflow that calls a server not granted, whatever its trust key says', async () => {
    const api = await serverWith();
    for (const [name, extra] of [
      ['plain', ''],
      ['claims-trusted', 'trust = "trusted"'],
      ['community', 'trust = "community"'],
    ] as const) {
      const posted = await api('/api/workflows', { name, content: callingWorkflow(name, extra) });
      expect(posted.status, name).toBe(400);
      expect(JSON.stringify(posted.body), name).toContain('skill \\"tools\\" (an MCP server not granted to it)');
    }
    const listed = await api('/api/executions');
    expect((listed.body.items as unknown[]).length).toBe(0);
  });

  it('refuses the trusted folder’s own workflow lowered below trusted, and runs it when trusted', async () => {
    const api = await serverWith(
      {},
      { lowered: callingWorkflow('lowered', 'trust = "community"'), own: callingWorkflow('own') },
    );
    const refused = await api('/api/workflows/lowered/execute', {});
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain('an MCP server not granted to it');
    const own = await api('/api/workflows/own/execute', {});
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect((own.body as unknown as ExecutionRecord).status).toBe('completed');
  });

  it('lets API-created workflows call the servers named in SKILL_UNTRUSTED_MCP_SERVERS', async () => {
    const api = await serverWith({ SKILL_UNTRUSTED_MCP_SERVERS: 'tools' });
    const posted = await api('/api/workflows', { name: 'granted', content: callingWorkflow('granted') });
    expect(posted.status, JSON.stringify(posted.body)).toBeLessThan(300);
    const started = await api('/api/workflows/granted/execute', { async_execution: true });
    const id = String(started.body.execution_id);
    const record = await waitFor(async () => {
      const { body } = await api(`/api/executions/${id}`);
      return body.status === 'completed' || body.status === 'failed' ? (body as unknown as ExecutionRecord) : undefined;
    }, 60_000);
    expect(record.status).toBe('completed');
    expect(record.steps.call?.output).toMatchObject({ pid: expect.any(Number) });
  });
});
