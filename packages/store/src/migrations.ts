// Schema migrations (Kysely Migrator), the same tables on SQLite and PostgreSQL.
import { WorkflowError } from '@skill/workflow-model';
import type { Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import { Migrator } from './kysely-runtime.js';
import type { StoreDialect } from './schema.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current table types
type AnyDb = Kysely<any>;

function initialSchema(dialect: StoreDialect): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('executions')
        .$call((t) =>
          dialect === 'sqlite'
            ? t.addColumn('ordinal', 'integer', (c) => c.primaryKey().autoIncrement())
            : t.addColumn('ordinal', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity()),
        )
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('workflow_name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('duration_ms', 'bigint')
        .addColumn('error', 'text')
        .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('trusted', 'integer')
        .addColumn('retry_of', 'text')
        .execute();
      await db.schema
        .createIndex('executions_workflow_idx')
        .on('executions')
        .columns(['workflow_name', 'ordinal'])
        .execute();
      await db.schema.createIndex('executions_status_idx').on('executions').columns(['status', 'ordinal']).execute();

      await db.schema
        .createTable('execution_snapshots')
        .addColumn('execution_id', 'text', (c) =>
          c.primaryKey().notNull().references('executions.id').onDelete('cascade'),
        )
        .addColumn('inputs', 'text', (c) => c.notNull())
        .addColumn('definition', 'text')
        .execute();

      await db.schema
        .createTable('step_records')
        .addColumn('execution_id', 'text', (c) => c.notNull().references('executions.id').onDelete('cascade'))
        .addColumn('step_id', 'text', (c) => c.notNull())
        .addColumn('first_seq', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('output', 'text')
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('error_code', 'text')
        .addColumn('reason', 'text')
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('duration_ms', 'bigint')
        .addColumn('progress', 'text')
        .addPrimaryKeyConstraint('step_records_pk', ['execution_id', 'step_id'])
        .execute();

      await db.schema
        .createTable('events')
        .addColumn('execution_id', 'text', (c) => c.notNull().references('executions.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('timestamp', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('events_pk', ['execution_id', 'seq'])
        .execute();
    },
  };
}

/** Cancel requests, so that one process can cancel an execution another one runs. */
const cancelRequests: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('cancel_requests')
      .addColumn('execution_id', 'text', (c) =>
        c.primaryKey().notNull().references('executions.id').onDelete('cascade'),
      )
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('requested_at', 'text', (c) => c.notNull())
      .execute();
  },
};

/** Schedules: one row per claimed tick (its key fires it once across servers), paused schedules, executions' trigger. */
const schedules: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('schedule_ticks')
      .addColumn('workflow_name', 'text', (c) => c.notNull())
      .addColumn('trigger_index', 'integer', (c) => c.notNull())
      .addColumn('tick', 'text', (c) => c.notNull())
      .addColumn('claimed_at', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('execution_id', 'text')
      .addColumn('note', 'text')
      .addPrimaryKeyConstraint('schedule_ticks_pk', ['workflow_name', 'trigger_index', 'tick'])
      .execute();
    await db.schema
      .createTable('schedule_pauses')
      .addColumn('workflow_name', 'text', (c) => c.notNull())
      .addColumn('trigger_index', 'integer', (c) => c.notNull())
      .addColumn('paused_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('schedule_pauses_pk', ['workflow_name', 'trigger_index'])
      .execute();
    await db.schema.alterTable('executions').addColumn('started_by', 'text').execute();
  },
};

/** Webhook delivery ids, so that a replayed call starts nothing. */
const webhookDeliveries: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('workflow_name', 'text', (c) => c.notNull())
      .addColumn('delivery_id', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('webhook_deliveries_pk', ['workflow_name', 'delivery_id'])
      .execute();
    await db.schema
      .createIndex('webhook_deliveries_expiry_idx')
      .on('webhook_deliveries')
      .column('expires_at')
      .execute();
  },
};

/** Sub-workflows: the parent link of a child execution, and an index to list an execution's children. */
const subWorkflows: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('executions').addColumn('parent_id', 'text').execute();
    await db.schema.alterTable('executions').addColumn('parent_step', 'text').execute();
    await db.schema.createIndex('executions_parent_idx').on('executions').columns(['parent_id', 'ordinal']).execute();
  },
};

/** Execution leases: the coordinator that runs each execution, until when, and the epoch its writes carry. */
const executionLeases: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('execution_leases')
      .addColumn('execution_id', 'text', (c) =>
        c.primaryKey().notNull().references('executions.id').onDelete('cascade'),
      )
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('epoch', 'integer', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('execution_leases_expiry_idx').on('execution_leases').column('expires_at').execute();
  },
};

/** Concurrency keys: held slots, and what a queued execution waits for. */
const concurrencySlots: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('concurrency_slots')
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('slot', 'integer', (c) => c.notNull())
      .addColumn('execution_id', 'text', (c) => c.notNull())
      .addColumn('acquired_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('concurrency_slots_pk', ['key', 'slot'])
      .addUniqueConstraint('concurrency_slots_holder', ['key', 'execution_id'])
      .execute();
    await db.schema.alterTable('executions').addColumn('waiting_for', 'text').execute();
  },
};

function provider(dialect: StoreDialect): MigrationProvider {
  return {
    getMigrations: async () => ({
      '0001_initial': initialSchema(dialect),
      '0002_cancel_requests': cancelRequests,
      '0003_schedules': schedules,
      '0004_webhook_deliveries': webhookDeliveries,
      '0005_sub_workflows': subWorkflows,
      '0006_execution_leases': executionLeases,
      '0007_concurrency_slots': concurrencySlots,
    }),
  };
}

/** Whether every migration is recorded as applied: one query, where the Migrator would introspect the schema. */
async function upToDate(db: AnyDb, dialect: StoreDialect): Promise<boolean> {
  try {
    const rows = await db.selectFrom('skill_store_migration').select('name').execute();
    const applied = new Set(rows.map((row) => String(row.name)));
    const known = Object.keys(await provider(dialect).getMigrations());
    return known.every((name) => applied.has(name));
  } catch {
    return false; // no migration table yet: a new database
  }
}

/** Brings the schema up to date; throws a WorkflowError when a migration fails. */
export async function migrateToLatest(db: AnyDb, dialect: StoreDialect): Promise<void> {
  if (await upToDate(db, dialect)) return;
  const migrator = new Migrator({
    db,
    provider: provider(dialect),
    migrationTableName: 'skill_store_migration',
    migrationLockTableName: 'skill_store_migration_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new WorkflowError('STORE_UNAVAILABLE', `store migration failed: ${message}`, {}, { cause: error });
  }
}
