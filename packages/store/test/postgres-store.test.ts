// Runs the ExecutionStore contract against PostgreSQL (server from postgres-global-setup.ts), one database per store.
import { Client } from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { builtStorePackage } from '../src/contract/built-package.js';
import { newExecution, stepEvents } from '../src/contract/contract-fixtures.js';
import { describeExecutionStoreContract, reopenableTarget } from '../src/contract/execution-store.contract.js';
import { openPostgresStore, openStore, type SqlExecutionStore } from '../src/index.js';

const adminUrl = inject('postgresUrl') ?? '';
const required = process.env.SKILL_REQUIRE_INTEGRATION === '1';
if (!adminUrl) {
  const reason = inject('postgresSkipReason') || 'the postgres globalSetup did not run';
  if (required) throw new Error(`PostgreSQL tests required (SKILL_REQUIRE_INTEGRATION=1) but ${reason}`);
  console.warn(`[postgres] SKIPPING PostgreSQL store tests: ${reason}`);
}

let admin: Client | undefined;
let count = 0;

/** A fresh, empty database on the test server. */
async function freshDatabase(): Promise<string> {
  if (!admin) {
    admin = new Client({ connectionString: adminUrl });
    await admin.connect();
  }
  const name = `store_${process.pid}_${++count}`;
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  await admin?.end();
});

const built = adminUrl ? await builtStorePackage() : undefined;
describe.skipIf(!built)('PostgreSQL store, built package', () => {
  const open = (url: string) => (built as NonNullable<typeof built>).openPostgresStore(url);
  describeExecutionStoreContract('PostgreSQL, built package (Kysely bundled)', reopenableTarget(freshDatabase, open));
});

describe.skipIf(!adminUrl)('PostgreSQL store', () => {
  describeExecutionStoreContract('PostgreSQL', reopenableTarget(freshDatabase, openPostgresStore));

  it('opens from postgres:// and postgresql:// URLs and migrates only once', async () => {
    const url = await freshDatabase();
    const stores: SqlExecutionStore[] = [];
    try {
      stores.push(await openStore(url), await openStore(url.replace(/^postgres:/, 'postgresql:')));
      expect(stores.map((s) => s.dialect)).toEqual(['postgres', 'postgres']);
      await stores[0]?.createExecution(newExecution('shared'));
      expect((await stores[1]?.getExecution('shared'))?.workflow_name).toBe('pipeline');
    } finally {
      for (const store of stores) await store.close();
    }
  });

  it('fails with STORE_UNAVAILABLE when nothing listens', async () => {
    const url = new URL(adminUrl);
    url.port = '1';
    await expect(openPostgresStore(url.toString())).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('appends 3,000 events of a 1,000-step run', { timeout: 120_000 }, async () => {
    const store = await openPostgresStore(await freshDatabase());
    try {
      await store.createExecution(newExecution('perf'));
      const bodies = stepEvents(1000);
      const started = performance.now();
      for (const body of bodies) await store.appendEvent('perf', body);
      const micros = ((performance.now() - started) * 1000) / bodies.length;
      console.log(`PostgreSQL appendEvent: ${micros.toFixed(0)} µs/event over ${bodies.length} events`);
      const record = await store.getExecution('perf');
      expect(record?.last_seq).toBe(3000);
      expect(Object.keys(record?.steps ?? {})).toHaveLength(1000);
    } finally {
      await store.close();
    }
  });
});
