// The names of the shared workflow fixtures, so a suite can check every one of them (the parser's does).
import { readdirSync } from 'node:fs';

/** The names (without `.toml`) of every file in `packages/test-kit/workflows/`, sorted. */
export function workflowFixtureNames(): string[] {
  return readdirSync(new URL('../workflows/', import.meta.url))
    .filter((file) => file.endsWith('.toml'))
    .map((file) => file.slice(0, -'.toml'.length))
    .sort();
}
