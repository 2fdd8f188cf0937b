// The Kysely values the store uses, from one module: the build replaces its output with a single-file bundle of
// them (scripts/bundle-kysely.mjs), so opening a store loads one file instead of Kysely's ~260 modules (~70 ms).
export {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
} from 'kysely';
export { Migrator } from 'kysely/migration';
