// Vitest globalSetup of the `postgres` project: starts a throwaway PostgreSQL on 127.0.0.1 and provides its URL.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of a database the tests may use; '' when no server could be started. */
    postgresUrl: string;
    /** Why postgresUrl is empty. */
    postgresSkipReason: string;
  }
}

const run = promisify(execFile);
const COMMAND_TIMEOUT_MS = 60_000;
const DATABASE = 'skill_test';

/** The bin folder of the newest installed PostgreSQL (PG_BIN wins), or undefined. */
function findBinaries(): string | undefined {
  const wanted = ['initdb', 'pg_ctl', 'postgres'];
  const hasAll = (dir: string) => wanted.every((name) => existsSync(join(dir, name)));
  if (process.env.PG_BIN) return hasAll(process.env.PG_BIN) ? process.env.PG_BIN : undefined;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(base, v, 'bin')).find(hasAll);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** initdb/pg_ctl refuse to run as root: as root they run as the `postgres` OS user. */
async function runner(): Promise<{
  exec: (file: string, args: string[]) => Promise<string>;
  uid?: number;
  gid?: number;
}> {
  const asRoot = process.getuid?.() === 0;
  if (!asRoot) {
    return { exec: async (file, args) => (await run(file, args, { timeout: COMMAND_TIMEOUT_MS })).stdout };
  }
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  const exec = async (file: string, args: string[]) =>
    (await run('runuser', ['-u', 'postgres', '--', file, ...args], { timeout: COMMAND_TIMEOUT_MS })).stdout;
  return { exec, uid, gid };
}

function unavailable(project: TestProject, reason: string): () => Promise<void> {
  if (process.env.SKILL_REQUIRE_INTEGRATION === '1') {
    throw new Error(`PostgreSQL integration tests are required (SKILL_REQUIRE_INTEGRATION=1) but ${reason}`);
  }
  console.warn(`\n[postgres] SKIPPING PostgreSQL store tests: ${reason}\n`);
  project.provide('postgresUrl', '');
  project.provide('postgresSkipReason', reason);
  return async () => {};
}

/**
 * Starts the server and returns the teardown that stops and deletes it. SKILL_TEST_POSTGRES_URL names an existing
 * server to use instead (CI service containers). The URL is provided as `postgresUrl` and set as SKILL_STORE_POSTGRES_URL.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.SKILL_TEST_POSTGRES_URL;
  if (external) {
    project.provide('postgresUrl', external);
    project.provide('postgresSkipReason', '');
    return async () => {};
  }
  const bin = findBinaries();
  if (!bin)
    return unavailable(project, 'no PostgreSQL binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin or PG_BIN');

  const dir = await mkdtemp(join(tmpdir(), 'skill-pg-'));
  const data = join(dir, 'data');
  const { exec, uid, gid } = await runner();
  if (uid !== undefined && gid !== undefined) await chown(dir, uid, gid);
  let started = false;
  const teardown = async () => {
    delete process.env.SKILL_STORE_POSTGRES_URL;
    if (started)
      await exec(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await exec(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ]);
    const port = await freePort();
    // fsync off: the data is thrown away after the run.
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`;
    await exec(join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      options,
      'start',
    ]);
    started = true;
    await exec(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', DATABASE]);
    const url = `postgres://postgres@127.0.0.1:${port}/${DATABASE}`;
    process.env.SKILL_STORE_POSTGRES_URL = url;
    project.provide('postgresUrl', url);
    project.provide('postgresSkipReason', '');
    console.log(`[postgres] throwaway PostgreSQL (${bin}) at ${url}`);
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}
