// Hot statements compiled once per shape: Kysely builds and compiles every query on each call (tens of µs of
// operation nodes and string building); a template keeps one shape's SQL and binds new values by position.
import type { Compilable } from 'kysely';
import { CompiledQuery } from './kysely-runtime.js';

/** Stands in for value number `index` while a template is built; typed as whatever the column wants. */
export type Param = <T = string>(index: number) => T;

/** Something that runs a compiled query: a Kysely instance or a transaction. */
interface QueryRunner {
  executeQuery<R>(query: CompiledQuery<R>): Promise<{ rows: R[] }>;
}

/**
 * A connection that answers at once, with no await between statements (node:sqlite): a read made of several
 * statements then costs no promise and no turn of the connection's queue.
 */
export interface DirectSql {
  /** The rows of `sql` with `parameters` bound by position. */
  all<R>(sql: string, parameters: readonly unknown[]): R[];
  /** Runs `read` in one read transaction (a snapshot), or inside the one already open on the connection. */
  snapshot<T>(read: () => T): T;
}

interface Template {
  sql: string;
  /** For each `?` of `sql`, in order, the index of the value it takes. */
  order: number[];
}

/** Enough for every shape the store uses (row counts are chunked); past it the cache starts over. */
const MAX_TEMPLATES = 512;
const MARK = '\u0000skill-param:';
const stand: Param = <T>(index: number) => `${MARK}${index}` as T;

function compileTemplate(build: (p: Param) => Compilable<unknown>): Template {
  const compiled = build(stand).compile();
  const order = compiled.parameters.map((value) => {
    if (typeof value !== 'string' || !value.startsWith(MARK)) {
      throw new Error(`a query template binds a value that is not a parameter: ${compiled.sql}`);
    }
    return Number(value.slice(MARK.length));
  });
  return { sql: compiled.sql, order };
}

/**
 * Compiled statements of one store, by shape. `key` names a shape: every call with the same key must build the
 * same SQL (same columns, same number of rows and list items), with `p(i)` where value `i` goes.
 */
export class QueryTemplates {
  readonly #templates = new Map<string, Template>();

  /** Runs the statement `build` describes with `values` on `runner`; resolves with its rows. */
  async rows<R>(
    runner: QueryRunner,
    key: string,
    build: (p: Param) => Compilable<unknown>,
    values: readonly unknown[],
  ): Promise<R[]> {
    const template = this.#template(key, build);
    const parameters = template.order.map((index) => values[index]);
    const result = await runner.executeQuery(CompiledQuery.raw(template.sql, parameters) as CompiledQuery<R>);
    return result.rows;
  }

  /**
   * {@link QueryTemplates.rowsNow} on `direct` when there is one (a transaction the caller holds through Kysely
   * on that same connection), else {@link QueryTemplates.rows} on `runner`.
   */
  rowsIn<R>(
    runner: QueryRunner,
    direct: DirectSql | undefined,
    key: string,
    build: (p: Param) => Compilable<unknown>,
    values: readonly unknown[],
  ): Promise<R[]> {
    if (!direct) return this.rows<R>(runner, key, build, values);
    try {
      return Promise.resolve(this.rowsNow<R>(direct, key, build, values));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Like {@link QueryTemplates.rows}, on a connection that answers at once. */
  rowsNow<R>(direct: DirectSql, key: string, build: (p: Param) => Compilable<unknown>, values: readonly unknown[]) {
    const template = this.#template(key, build);
    return direct.all<R>(
      template.sql,
      template.order.map((index) => values[index]),
    );
  }

  #template(key: string, build: (p: Param) => Compilable<unknown>): Template {
    let template = this.#templates.get(key);
    if (template === undefined) {
      template = compileTemplate(build);
      if (this.#templates.size >= MAX_TEMPLATES) this.#templates.clear();
      this.#templates.set(key, template);
    }
    return template;
  }
}

/** The columns Kysely writes for `row`: those whose value is not undefined, in key order. */
function written(row: object): string[] {
  return Object.keys(row).filter((column) => (row as Record<string, unknown>)[column] !== undefined);
}

/** `row`'s written columns with parameters `first`, `first + 1`, ... in their order (bind {@link valuesOf}). */
export function bindRow<T extends object>(p: Param, row: T, first: number): T {
  return Object.fromEntries(written(row).map((column, i) => [column, p(first + i)])) as T;
}

/** `rows` bound one after the other, as {@link bindRow} binds one (bind `rows.flatMap(valuesOf)`). */
export function bindRows<T extends object>(p: Param, rows: readonly T[]): T[] {
  let next = 0;
  return rows.map((row) => {
    const bound = bindRow(p, row, next);
    next += Object.keys(bound).length;
    return bound;
  });
}

/** The values of `row`'s written columns, in the order {@link bindRow} binds them. */
export function valuesOf(row: object): unknown[] {
  return written(row).map((column) => (row as Record<string, unknown>)[column]);
}

/** The shape of rows for a template key: their written columns. */
export function columnsOf(...rows: object[]): string {
  return rows.map((row) => written(row).join(',')).join('|');
}
