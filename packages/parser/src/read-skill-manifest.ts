// Reads a project's `.skill-engine.toml` (the Skill Engine's manifest): `[skills.<name>]` tables with their runtime,
// source, `[docker]` settings and instances, with located diagnostics for every mistake.
import path from 'node:path';
import {
  type Diagnostic,
  dockerPolicyViolations,
  isJsonObject,
  type ManifestDockerSettings,
  type ManifestInstance,
  type ManifestRuntime,
  type ManifestSkillDeclaration,
  parseMemory,
  quoteText,
  volumeParts,
} from '@skill/workflow-model';
import { checkKeys, openConfigToml, readNamedTables, stringAt, stringListAt, stringMapAt } from './config-fields.js';
import { type DiagnosticSink, describeValue } from './diagnostic-sink.js';
import type { RawTable } from './field-readers.js';
import type { KeyPath } from './source-map.js';

/** What {@link parseSkillManifest} found: the skills it could read and every problem. */
export interface SkillManifest {
  skills: ManifestSkillDeclaration[];
  diagnostics: Diagnostic[];
}

const TOP_KEYS = ['version', 'defaults', 'skills'];
// `ref` and `services` are documentation in the Skill Engine's format: accepted, not used.
const SKILL_KEYS = ['source', 'runtime', 'description', 'default_instance', 'ref', 'services', 'docker', 'instances'];
const INSTANCE_KEYS = ['config', 'env', 'capabilities'];
// read_only, cap_drop and rm are what the sandbox does anyway (read-only root, every capability dropped, removed).
const DOCKER_KEYS = [
  'image',
  'entrypoint',
  'network',
  'memory',
  'cpus',
  'working_dir',
  'user',
  'volumes',
  'read_only',
  'cap_drop',
  'privileged',
  'rm',
];
const RUNTIMES: readonly ManifestRuntime[] = ['native', 'docker', 'wasm'];
const SKILL_NAME = /^[A-Za-z][\w.-]*$/;
const ENV_EXPANSION = /\$\{[^}]*\}/;

function refuseExpansion(values: Record<string, string>, at: KeyPath, sink: DiagnosticSink): void {
  for (const [key, value] of Object.entries(values)) {
    if (ENV_EXPANSION.test(value)) {
      const message = `${quoteText(value)}: \${VAR} expansion is not supported in .skill-engine.toml (write the value itself)`;
      sink.error('INVALID_VALUE', [...at, key], message);
    }
  }
}

function readInstance(value: unknown, at: KeyPath, sink: DiagnosticSink): ManifestInstance {
  if (!isJsonObject(value)) {
    sink.error('INVALID_VALUE', at, `[${at.join('.')}] must be a table`);
    return { config: {}, env: {} };
  }
  checkKeys(value, INSTANCE_KEYS, at, sink);
  const config = stringMapAt(value, 'config', at, sink);
  const env = stringMapAt(value, 'env', at, sink);
  refuseExpansion(config, [...at, 'config'], sink);
  refuseExpansion(env, [...at, 'env'], sink);
  if (value.capabilities !== undefined && !isJsonObject(value.capabilities)) {
    sink.error('INVALID_VALUE', [...at, 'capabilities'], 'capabilities must be a table');
  }
  return { config, env };
}

function readInstances(table: RawTable, at: KeyPath, sink: DiagnosticSink): Record<string, ManifestInstance> {
  const value = table.instances;
  if (value === undefined) return {};
  if (!isJsonObject(value)) {
    sink.error('INVALID_VALUE', [...at, 'instances'], 'instances must hold [instances.<name>] tables');
    return {};
  }
  const instances: Record<string, ManifestInstance> = {};
  for (const [name, instance] of Object.entries(value)) {
    instances[name] = readInstance(instance, [...at, 'instances', name], sink);
  }
  return instances;
}

function numberOrSize(table: RawTable, key: string, at: KeyPath, sink: DiagnosticSink, read: (v: string) => number) {
  const value = table[key];
  if (value === undefined) return undefined;
  try {
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error('wrong type');
    const parsed = typeof value === 'number' ? value : read(value);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error('not positive');
    return parsed;
  } catch {
    const example = key === 'memory' ? '"512m"' : '"0.5"';
    sink.error('INVALID_VALUE', [...at, key], `${key} must be like ${example} (got ${describeValue(value)})`);
    return undefined;
  }
}

/** A host path (`./x`, `../x`, `/x`) made absolute from the manifest's folder; a named or anonymous volume stays as written. */
function absoluteVolume(volume: string, baseDir: string): string {
  const { host } = volumeParts(volume);
  if (host === undefined || !(host.startsWith('.') || host.startsWith('/'))) return volume;
  return [path.resolve(baseDir, host), ...volume.split(':').slice(1)].join(':');
}

function readDocker(value: unknown, at: KeyPath, baseDir: string, sink: DiagnosticSink) {
  if (!isJsonObject(value)) {
    sink.error('INVALID_VALUE', at, `[${at.join('.')}] must be a table`);
    return undefined;
  }
  checkKeys(value, DOCKER_KEYS, at, sink);
  const image = stringAt(value, 'image', at, sink);
  if (value.image === undefined) sink.error('INVALID_VALUE', at, `[${at.join('.')}] needs image`);
  for (const key of ['read_only', 'rm', 'privileged']) {
    if (value[key] !== undefined && typeof value[key] !== 'boolean') {
      sink.error('INVALID_VALUE', [...at, key], `${key} must be true or false (got ${describeValue(value[key])})`);
    }
  }
  const volumes = stringListAt(value, 'volumes', at, sink);
  refuseExpansion(Object.fromEntries(volumes.map((v, i) => [i, v])), [...at, 'volumes'], sink);
  const settings: ManifestDockerSettings = {
    image: image ?? '',
    volumes: volumes.map((volume) => absoluteVolume(volume, baseDir)),
  };
  const entrypoint = stringAt(value, 'entrypoint', at, sink);
  const network = stringAt(value, 'network', at, sink);
  const workingDir = stringAt(value, 'working_dir', at, sink);
  const user = stringAt(value, 'user', at, sink);
  const memory = numberOrSize(value, 'memory', at, sink, parseMemory);
  const cpus = numberOrSize(value, 'cpus', at, sink, Number);
  if (entrypoint !== undefined) settings.entrypoint = entrypoint;
  if (network !== undefined) settings.network = network;
  if (workingDir !== undefined) settings.working_dir = workingDir;
  if (user !== undefined) settings.user = user;
  if (memory !== undefined) settings.memory_limit_bytes = memory;
  if (cpus !== undefined) settings.cpu_limit = cpus;
  // The engine's Docker policy, checked here so a manifest mistake is reported at its line.
  const violations = dockerPolicyViolations({
    network,
    user,
    volumes: settings.volumes,
    privileged: value.privileged === true,
  });
  for (const violation of violations) sink.error('INVALID_VALUE', [...at, violation.field], violation.message);
  return settings;
}

function readRuntime(table: RawTable, at: KeyPath, sink: DiagnosticSink): ManifestRuntime | undefined {
  const runtime = table.runtime ?? 'wasm';
  if (typeof runtime === 'string' && (RUNTIMES as readonly string[]).includes(runtime)) {
    return runtime as ManifestRuntime;
  }
  sink.error(
    'INVALID_VALUE',
    [...at, 'runtime'],
    `runtime must be "docker", "native" or "wasm" (got ${describeValue(runtime)})`,
  );
  return undefined;
}

function readSkill(name: string, value: unknown, baseDir: string, sink: DiagnosticSink) {
  const at: KeyPath = ['skills', name];
  if (!SKILL_NAME.test(name)) {
    const message = `skill name ${quoteText(name)} must start with a letter and hold only letters, digits, "_", "-" or "."`;
    sink.error('INVALID_VALUE', at, message);
    return undefined;
  }
  if (!isJsonObject(value)) {
    sink.error('INVALID_VALUE', at, `[skills.${name}] must be a table`);
    return undefined;
  }
  checkKeys(value, SKILL_KEYS, at, sink);
  const source = stringAt(value, 'source', at, sink);
  if (value.source === undefined) sink.error('INVALID_VALUE', at, `[skills.${name}] needs source`);
  const runtime = readRuntime(value, at, sink);
  const description = stringAt(value, 'description', at, sink);
  const defaultInstance = stringAt(value, 'default_instance', at, sink) ?? 'default';
  const instances = readInstances(value, at, sink);
  if (value.default_instance !== undefined && !Object.hasOwn(instances, defaultInstance)) {
    sink.error(
      'INVALID_VALUE',
      [...at, 'default_instance'],
      `default_instance ${quoteText(defaultInstance)} is not one of [skills.${name}.instances]`,
    );
  }
  if (source === undefined || runtime === undefined) return undefined;
  const skill: ManifestSkillDeclaration = {
    name,
    runtime,
    source,
    default_instance: defaultInstance,
    instances,
    base_dir: baseDir,
    location: sink.locate(at),
    ...(description === undefined ? {} : { description }),
  };
  if (runtime === 'native') {
    if (!/^(\.\.?\/|\/)/.test(source)) {
      const message = `a native skill's source is the path of its program, starting with "./", "../" or "/" (got ${quoteText(source)})`;
      sink.error('INVALID_VALUE', [...at, 'source'], message);
    }
    skill.program = path.resolve(baseDir, source);
  }
  if (runtime === 'docker') {
    if (value.docker === undefined)
      sink.error('INVALID_VALUE', at, `runtime "docker" needs a [skills.${name}.docker] table with image`);
    else skill.docker = readDocker(value.docker, [...at, 'docker'], baseDir, sink);
  } else if (value.docker !== undefined) {
    sink.error('INVALID_VALUE', [...at, 'docker'], `[skills.${name}.docker] is only for runtime = "docker"`);
  }
  return skill;
}

/**
 * Parses the text of a `.skill-engine.toml` found in `baseDir`. Never throws for bad input: every problem is a
 * diagnostic with its file, line and column; skills with problems are left out of `skills`. A `wasm` skill (the
 * default runtime) is read like the others: whoever runs skills decides what to do with it.
 *
 * @example
 * parseSkillManifest('[skills.hello]\nsource = "./hello.sh"\nruntime = "native"\n', '/p').skills[0]?.program; // '/p/hello.sh'
 */
export function parseSkillManifest(text: string, baseDir: string, file?: string): SkillManifest {
  const opened = openConfigToml(text, '.skill-engine.toml', file);
  if ('diagnostics' in opened) return { skills: [], diagnostics: opened.diagnostics };
  const { raw, sink } = opened;
  checkKeys(raw, TOP_KEYS, [], sink);
  if (raw.version !== undefined && raw.version !== '1') {
    sink.error('INVALID_VALUE', ['version'], `version must be "1" (got ${describeValue(raw.version)})`);
  }
  if (raw.defaults !== undefined && !isJsonObject(raw.defaults)) {
    sink.error('INVALID_VALUE', ['defaults'], 'defaults must be a table');
  }
  const skills = readNamedTables(raw, 'skills', sink, (name, value) => readSkill(name, value, baseDir, sink));
  return { skills, diagnostics: sink.sorted() };
}
