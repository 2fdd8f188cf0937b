// Workflow files shared by the test suites: `packages/test-kit/workflows/<name>.toml`, read by name.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('../workflows/', import.meta.url));

/** The TOML text of the shared fixture `<name>.toml` (see `packages/test-kit/workflows/README.md`). */
export function workflowFixture(name: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`workflowFixture: bad fixture name ${JSON.stringify(name)}`);
  return readFileSync(`${folder}${name}.toml`, 'utf8');
}

/** Several fixtures as a map (name -> TOML text), ready for `createTempProject`. */
export function workflowFixtures(...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, workflowFixture(name)]));
}
