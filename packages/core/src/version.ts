// The version of the engine, read from this package's package.json (works from src/ and dist/).
import { readFileSync } from 'node:fs';

/** The engine's version, e.g. `0.1.0`. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
