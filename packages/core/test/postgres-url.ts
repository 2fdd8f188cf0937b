// The PostgreSQL server the postgres project starts for core's tests: its URL, '' when none could be started
// (then the suite is skipped, unless CI requires every integration service).
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by packages/store/test/postgres-global-setup.ts; '' when no server could be started. */
    postgresUrl: string;
  }
}

/** The server's URL, or '' to skip; throws when SKILL_REQUIRE_INTEGRATION=1 and there is none. */
export function postgresUrl(): string {
  const url = inject('postgresUrl') ?? '';
  if (!url && process.env.SKILL_REQUIRE_INTEGRATION === '1') throw new Error('PostgreSQL tests required but no server');
  return url;
}
