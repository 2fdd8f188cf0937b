// Loads secrets: `SKILL_SECRET_<NAME>` environment variables and a private secrets file (`NAME=value` lines).
import { WorkflowError } from '@skill/workflow-model';
import { readPrivateFile } from './private-file.js';

/** Environment variables named `SKILL_SECRET_<NAME>` provide the secret `NAME`. */
export const SECRET_ENV_VARIABLE_PREFIX = 'SKILL_SECRET_';

/** Where secrets come from. */
export interface SecretSources {
  /** The engine's environment (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** A dotenv-style file; missing is fine, readable by group or others is refused. */
  file?: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function unquote(value: string): string {
  const first = value[0];
  if (value.length >= 2 && (first === '"' || first === "'") && value.endsWith(first)) {
    const inner = value.slice(1, -1);
    return first === '"' ? inner.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : inner;
  }
  return value;
}

/** Parses `NAME=value` lines (`#` comments, blank lines, optional `export ` and quotes). */
export function parseSecretsFile(text: string, file: string): Map<string, string> {
  const secrets = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const body = line.startsWith('export ') ? line.slice(7).trimStart() : line;
    const eq = body.indexOf('=');
    const name = eq > 0 ? body.slice(0, eq).trim() : '';
    if (!NAME.test(name)) {
      throw new WorkflowError('SECRETS_FILE_INVALID', `${file}:${index + 1}: expected NAME=value`, {
        file,
        line: index + 1,
      });
    }
    secrets.set(name, unquote(body.slice(eq + 1).trim()));
  });
  return secrets;
}

/** Reads the secrets file, refusing one that group or others may read (its values would not be secret). */
function readSecretsFile(file: string): Map<string, string> {
  const kind = { what: 'secrets file', invalidCode: 'SECRETS_FILE_INVALID', unsafeCode: 'SECRETS_FILE_UNSAFE' };
  const text = readPrivateFile(file, kind);
  return text === undefined ? new Map() : parseSecretsFile(text, file);
}

/**
 * Every secret available to the engine, by name: the file's first, then `SKILL_SECRET_<NAME>`
 * variables, which win. Throws `SECRETS_FILE_UNSAFE` for a file that others may read.
 */
export function loadSecrets(sources: SecretSources = {}): Map<string, string> {
  const secrets = sources.file === undefined ? new Map<string, string>() : readSecretsFile(sources.file);
  const env = sources.env ?? process.env;
  // Names first, values only of the matching few: reading every value of process.env costs on each submission.
  for (const key of Object.keys(env)) {
    if (!key.startsWith(SECRET_ENV_VARIABLE_PREFIX)) continue;
    const name = key.slice(SECRET_ENV_VARIABLE_PREFIX.length);
    const value = env[key];
    if (value !== undefined && NAME.test(name)) secrets.set(name, value);
  }
  return secrets;
}
