// Reads the type-specific tables of steps: [steps.retry], [steps.http], [steps.docker], [steps.inline_code].
import type {
  Backoff,
  DockerSpec,
  HttpRequestSpec,
  InlineCodeSpec,
  InlineLanguage,
  RetryPolicy,
  TrustBoundary,
} from '@skill/workflow-model';
import { isBackoff } from '@skill/workflow-model';
import type { DiagnosticSink } from './diagnostic-sink.js';
import { checkDockerPolicy } from './docker-policy.js';
import {
  booleanField,
  cpuField,
  definedOnly,
  durationField,
  integerListField,
  memoryField,
  numberField,
  type RawTable,
  stringField,
  stringListField,
  stringMapField,
  tableField,
} from './field-readers.js';
import { formatPath } from './key-path.js';
import type { RetryDefaults } from './read-config.js';
import type { KeyPath } from './source-map.js';

function argvField(table: RawTable, key: string): string | string[] | undefined {
  const value = table[key];
  return typeof value === 'string' ? value : stringListField(table, key);
}

/**
 * Merges `[steps.retry]` with the workflow defaults, field by field. The backoff is the step's, else
 * `config.retry_policy`, else "exponential" when a retry count was given anywhere, else "none".
 */
export function readRetry(
  table: RawTable,
  path: KeyPath,
  base: RetryPolicy,
  defaults: RetryDefaults,
  sink: DiagnosticSink,
): RetryPolicy {
  const at = [...path, 'retry'];
  const attempts = numberField(table, 'max_attempts');
  const retries = numberField(table, 'max_retries');
  if (attempts !== undefined && retries !== undefined && attempts !== retries + 1) {
    sink.error(
      'INVALID_VALUE',
      [...at, 'max_retries'],
      `${formatPath([...at, 'max_retries'])} = ${retries} contradicts max_attempts = ${attempts} (max_retries counts the attempts after the first)`,
      `keep one of them, or set max_retries = ${attempts - 1}`,
    );
  }
  const maxAttempts = attempts ?? (retries === undefined ? base.max_attempts : retries + 1);
  const backoffText = stringField(table, 'backoff');
  const countGiven = defaults.countGiven || attempts !== undefined || retries !== undefined;
  const backoff: Backoff =
    backoffText !== undefined && isBackoff(backoffText)
      ? backoffText
      : (defaults.policy ?? (countGiven ? 'exponential' : 'none'));
  return definedOnly({
    max_attempts: maxAttempts,
    backoff,
    initial_delay_ms: durationField(table, 'initial_delay', at, sink) ?? base.initial_delay_ms,
    max_delay_ms: durationField(table, 'max_delay', at, sink) ?? base.max_delay_ms,
    on_exit_codes: integerListField(table, 'on_exit_codes'),
    on_status_codes: integerListField(table, 'on_status_codes'),
  });
}

/** Reads `[steps.http]`; the method defaults to GET and is upper-cased. */
export function readHttp(table: RawTable, path: KeyPath, sink: DiagnosticSink): HttpRequestSpec {
  const at = [...path, 'http'];
  return definedOnly({
    method: (stringField(table, 'method') ?? 'GET').toUpperCase(),
    url: stringField(table, 'url') ?? '',
    query: tableField(table, 'query'),
    headers: stringMapField(table, 'headers'),
    body: table.body,
    timeout_ms: durationField(table, 'timeout', at, sink, true),
    accept_status: integerListField(table, 'accept_status'),
  });
}

/** Reads `[steps.docker]` and applies the Docker policy. */
export function readDocker(table: RawTable, path: KeyPath, sink: DiagnosticSink, boundary?: TrustBoundary): DockerSpec {
  const at = [...path, 'docker'];
  checkDockerPolicy(table, at, sink, boundary);
  const pull = stringField(table, 'pull');
  return definedOnly({
    image: stringField(table, 'image') ?? '',
    command: argvField(table, 'command'),
    entrypoint: argvField(table, 'entrypoint'),
    volumes: stringListField(table, 'volumes') ?? [],
    memory_limit_bytes: memoryField(table, 'memory_limit', at, sink),
    cpu_limit: cpuField(table, 'cpu_limit', at, sink),
    environment: stringMapField(table, 'environment') ?? {},
    working_dir: stringField(table, 'working_dir'),
    network: stringField(table, 'network'),
    user: stringField(table, 'user'),
    pull: pull === 'if-not-present' || pull === 'always' || pull === 'never' ? pull : undefined,
    privileged: booleanField(table, 'privileged'),
    cap_add: stringListField(table, 'cap_add'),
    devices: stringListField(table, 'devices'),
  });
}

/** Reads `[steps.inline_code]`: exactly one of `code` and `script_file`; the Docker policy applies. */
export function readInlineCode(
  table: RawTable,
  path: KeyPath,
  sink: DiagnosticSink,
  boundary?: TrustBoundary,
): InlineCodeSpec {
  const at = [...path, 'inline_code'];
  const code = stringField(table, 'code');
  const scriptFile = stringField(table, 'script_file');
  if (code !== undefined && scriptFile !== undefined) {
    sink.error(
      'INVALID_VALUE',
      [...at, 'script_file'],
      `${formatPath(at)} has both code and script_file; set exactly one`,
      'remove code to run the file, or remove script_file to run the inline code',
    );
  } else if (table.code === undefined && table.script_file === undefined) {
    sink.error(
      'SCHEMA_VIOLATION',
      at,
      `${formatPath(at)} needs code or script_file`,
      "add code = '''...''' or script_file = \"path/to/script\"",
    );
  }
  checkDockerPolicy(table, at, sink, boundary);
  return definedOnly({
    language: (stringField(table, 'language') ?? 'bash') as InlineLanguage,
    code,
    script_file: scriptFile,
    stdin: table.stdin,
    environment: stringMapField(table, 'environment') ?? {},
    docker_image: stringField(table, 'docker_image'),
    unsafe_native: booleanField(table, 'unsafe_native') ?? false,
    working_dir: stringField(table, 'working_dir'),
    memory_limit_bytes: memoryField(table, 'memory_limit', at, sink),
    cpu_limit: cpuField(table, 'cpu_limit', at, sink),
    network: stringField(table, 'network'),
  });
}
