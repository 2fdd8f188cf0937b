// Test support for coordinator tests: a fresh PostgreSQL database, two server processes on it in one project,
// the lines steps append, and the store read directly.
import { readFile } from 'node:fs/promises';
import { createTempProject, fetchJson, waitFor, writeFiles } from '@skill/test-kit';
import { openStore } from '@skill/workflow-core';
import type { ExecutionRecord, ExecutionStore, WorkflowEvent } from '@skill/workflow-model';
import { Client } from 'pg';
import { type ServerProcess, startServerProcess } from './server-process.js';

/** Two coordinators sharing one database, and what the tests read. */
export interface Cluster {
  dir: string;
  servers: ServerProcess[];
  store: ExecutionStore;
  /** Starts `count` executions of `workflow` through `server`; resolves with their ids. */
  startMany(server: ServerProcess, workflow: string, count: number): Promise<string[]>;
  /** Waits until every execution ended; resolves with their records as stored. */
  allEnded(ids: string[], ms?: number): Promise<ExecutionRecord[]>;
  events(id: string): Promise<WorkflowEvent[]>;
  close(): Promise<void>;
}

let databases = 0;

/** A new empty database on the server at `adminUrl`; resolves with its URL. */
async function freshDatabase(adminUrl: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const name = `coord_${process.pid}_${Date.now()}_${++databases}`;
    await admin.query(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  } finally {
    await admin.end();
  }
}

/** The lines of a file steps append to ("<execution> <step>"), none when it does not exist yet. */
export async function readLines(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean);
}

/** How many times each line occurs. */
export function countLines(lines: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  return counts;
}

/** A project with the workflows `files(dir)` gives (name -> text) and two coordinating servers on a fresh database. */
export async function startCluster(adminUrl: string, files: (dir: string) => Record<string, string>): Promise<Cluster> {
  const project = await createTempProject({}, 'skill-coord-');
  await writeFiles(
    project.dir,
    Object.fromEntries(Object.entries(files(project.dir)).map(([name, text]) => [`.workflows/${name}.toml`, text])),
  );
  const url = await freshDatabase(adminUrl);
  const env = { SKILL_DATABASE_URL: url, SKILL_SCHEDULES: '0', SKILL_WARM_POOL: '0' };
  const servers: ServerProcess[] = [];
  for (let i = 0; i < 2; i++) servers.push(await startServerProcess(project.dir, env));
  const store = await openStore(url);
  const ended = (r: ExecutionRecord | undefined) => r !== undefined && !['pending', 'running'].includes(r.status);
  return {
    dir: project.dir,
    servers,
    store,
    async startMany(server, workflow, count) {
      return Promise.all(
        Array.from({ length: count }, async () => {
          const r = await fetchJson<{ execution_id: string }>(`${server.url}/api/workflows/${workflow}/execute`, {
            body: { async_execution: true },
          });
          if (r.status !== 202) throw new Error(`execute answered ${r.status}: ${JSON.stringify(r.body)}`);
          return r.body.execution_id;
        }),
      );
    },
    async allEnded(ids, ms = 90_000) {
      return waitFor(async () => {
        await new Promise((resolve) => setTimeout(resolve, 250)); // polls the database 4 times a second, not 40
        const records = await Promise.all(ids.map((id) => store.getExecution(id)));
        return records.every(ended) ? (records as ExecutionRecord[]) : undefined;
      }, ms);
    },
    events: (id) => store.listEvents(id),
    async close() {
      for (const server of servers) {
        if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
        await server.exited;
      }
      await store.close?.();
      await project.cleanup();
    },
  };
}
