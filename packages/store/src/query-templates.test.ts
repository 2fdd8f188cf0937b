// Statement templates: compiled once per shape, values bound by position, a value baked into the SQL refused.
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { Kysely } from './kysely-runtime.js';
import { bindRow, bindRows, columnsOf, type Param, QueryTemplates, valuesOf } from './query-templates.js';
import { NodeSqliteDialect } from './sqlite/node-sqlite-dialect.js';

interface Db {
  items: { id: string; n: number; note: string | null };
}

function openDb(): Kysely<Db> {
  const raw = new DatabaseSync(':memory:');
  raw.exec('create table items (id text primary key, n integer not null, note text)');
  return new Kysely<Db>({ dialect: new NodeSqliteDialect(raw) });
}

describe('QueryTemplates', () => {
  it('compiles a shape once and binds each call its own values, in any parameter order', async () => {
    const db = openDb();
    const templates = new QueryTemplates();
    let builds = 0;
    const insert = (rows: Array<Db['items']>) =>
      templates.rows(
        db,
        `insert:${columnsOf(...rows)}`,
        (p) => {
          builds += 1;
          return db.insertInto('items').values(bindRows(p, rows));
        },
        rows.flatMap(valuesOf),
      );
    await insert([{ id: 'a', n: 1, note: 'x' }]);
    await insert([{ id: 'b', n: 2, note: null }]);
    await insert([
      { id: 'c', n: 3, note: 'y' },
      { id: 'd', n: 4, note: 'z' },
    ]);
    expect(builds).toBe(2);
    // The update binds the id after the set columns: p(1) comes before p(0) in the SQL of the where.
    const bump = (id: string, by: number) =>
      templates.rows(
        db,
        'bump',
        (p: Param) =>
          db
            .updateTable('items')
            .set((eb) => ({ n: eb('n', '+', p<number>(1)) }))
            .where('id', '=', p(0))
            .returning(['id', 'n']),
        [id, by],
      );
    expect(await bump('c', 10)).toEqual([{ id: 'c', n: 13 }]);
    expect(await bump('a', 5)).toEqual([{ id: 'a', n: 6 }]);
    const all = await db.selectFrom('items').selectAll().orderBy('id').execute();
    expect(all).toEqual([
      { id: 'a', n: 6, note: 'x' },
      { id: 'b', n: 2, note: null },
      { id: 'c', n: 13, note: 'y' },
      { id: 'd', n: 4, note: 'z' },
    ]);
    await db.destroy();
  });

  it('leaves out undefined columns, as Kysely does, and keys them apart', async () => {
    const db = openDb();
    const templates = new QueryTemplates();
    await db.insertInto('items').values({ id: 'a', n: 1, note: 'kept' }).execute();
    const update = (row: Partial<Db['items']>) =>
      templates.rows(
        db,
        `update:${columnsOf(row)}`,
        (p) =>
          db
            .updateTable('items')
            .set(bindRow(p, row, 0))
            .where('id', '=', p(valuesOf(row).length)),
        [...valuesOf(row), 'a'],
      );
    await update({ n: 2, note: undefined });
    expect(await db.selectFrom('items').selectAll().execute()).toEqual([{ id: 'a', n: 2, note: 'kept' }]);
    await update({ n: 3, note: null });
    expect(await db.selectFrom('items').selectAll().execute()).toEqual([{ id: 'a', n: 3, note: null }]);
    expect(columnsOf({ n: 1, note: undefined })).not.toBe(columnsOf({ n: 1, note: null }));
    await db.destroy();
  });

  it('refuses a template with a value baked into its SQL instead of a parameter', async () => {
    const db = openDb();
    const templates = new QueryTemplates();
    await expect(
      templates.rows(db, 'baked', () => db.selectFrom('items').selectAll().where('id', '=', 'a'), []),
    ).rejects.toThrow(/binds a value that is not a parameter/);
    await db.destroy();
  });
});
