// `skill init`: scaffolds a project (a first workflow, editor settings for Taplo, a .gitignore) without ever
// overwriting a file, and keeps the editors' copy of the JSON Schema in .skill/ in step with this engine.
import { randomUUID } from 'node:crypto';
import { copyFile, lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode, WorkflowError } from '@skill/workflow-model';
import { workflowSchemaPath } from '@skill/workflow-parser';

/** Where `skill init` keeps the JSON Schema that `.taplo.toml` points editors at (relative to the project). */
export const SCHEMA_COPY = '.skill/schema/workflow.schema.json';

const FIRST_WORKFLOW = `# Your first workflow: \`skill workflow run hello\` (or \`skill workflow run hello -i name=you\`).
# Editors (Taplo, Even Better TOML) check it against the JSON Schema that .taplo.toml names.
version = "1"
name = "hello"
description = "Greets someone, then counts the letters of the greeting"

[config]
max_execution_time = "1m"

[inputs]
name = { type = "string", default = "world" }

[[steps]]
id = "greet"
step_type = "command"
command = "echo 'Hello, {inputs.name}!'"
timeout = "10s"

[[steps]]
id = "count"
step_type = "command"
depends_on = ["greet"]
command = ["sh", "-c", "printf %s \\"$GREETING\\" | wc -c"]
env = { GREETING = "{greet.output}" }
timeout = "10s"
`;

const TAPLO_CONFIG = `# Taplo / Even Better TOML settings written by \`skill init\`.
# Taplo's default file glob skips folders whose name starts with a dot: include .workflows/ explicitly.
include = ["**/*.toml", ".workflows/**/*.toml"]
exclude = ["**/node_modules/**", ".skill/**"]

[[rule]]
include = [".workflows/**/*.toml"]

[rule.schema]
# The engine's JSON Schema, copied there by \`skill init\` (run it again after upgrading skill).
path = "${SCHEMA_COPY}"
`;

const GITIGNORE = `# Execution history, secrets and the editors' schema copy of skill-workflows
.skill/
`;

/** What `initProject` did with one file. */
export interface InitFile {
  /** Path relative to the project, `/`-separated. */
  path: string;
  /** `created`; `exists`: left as it was; `updated`: the schema copy, rewritten with this engine's schema. */
  outcome: 'created' | 'exists' | 'updated';
}

/** The outcome of {@link initProject}. */
export interface InitResult {
  /** The project folder (absolute). */
  dir: string;
  files: InitFile[];
  /** True when an existing .gitignore does not ignore `.skill/` (it was left as it was). */
  gitignoreMissesSkill: boolean;
}

/** Creates `file` with `text` unless something (a file, a folder, a symlink) is already there. */
async function createOnly(file: string, text: string): Promise<boolean> {
  try {
    // `wx`: O_CREAT | O_EXCL, atomic, and it does not follow a symlink left at `file`.
    await writeFile(file, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Replaces `file` with a copy of `source` through a rename: a symlink at `file` is replaced, never followed. */
async function replaceWithCopy(source: string, file: string): Promise<boolean> {
  const existed = await lstat(file).then(
    () => true,
    () => false,
  );
  const temporary = `${file}.${randomUUID()}.tmp`;
  try {
    await copyFile(source, temporary);
    await rename(temporary, file);
  } finally {
    await rm(temporary, { force: true });
  }
  return existed;
}

const WHY: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EEXIST: 'a file is in the way of a folder',
  ENOTDIR: 'a file is in the way of a folder',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};

/** Runs a file operation on `target`; a failure becomes an INVALID_VALUE error naming the path and why. */
async function onDisk<T>(target: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why = WHY[code] ?? (error as Error).message;
    throw new WorkflowError(ErrorCode.InvalidValue, `skill init cannot write ${target}: ${why}`, { path: target });
  }
}

/** True when a .gitignore text has a line ignoring `.skill` (`.skill`, `.skill/`, `/.skill/`...). */
function ignoresSkillFolder(text: string): boolean {
  return text.split(/\r?\n/).some((line) => /^\/?\.skill\/?(\*\*?)?\s*$/.test(line.trim()));
}

/**
 * Scaffolds a skill-workflows project in `dir` (created if missing): `.workflows/hello.toml`, `.taplo.toml` (so
 * Taplo and Even Better TOML check workflow files against the JSON Schema) and `.gitignore` (`.skill/`). A file
 * that exists is left as it was and reported as `exists`; running it again is safe. The schema copy in
 * `.skill/schema/` belongs to the engine and is rewritten each time, so it matches the installed version.
 */
export async function initProject(dir: string): Promise<InitResult> {
  const root = path.resolve(dir);
  for (const folder of ['.workflows', path.dirname(SCHEMA_COPY)]) {
    const target = path.join(root, folder);
    await onDisk(target, () => mkdir(target, { recursive: true }));
  }
  const files: InitFile[] = [];
  const scaffold: Array<[string, string]> = [
    ['.workflows/hello.toml', FIRST_WORKFLOW],
    ['.taplo.toml', TAPLO_CONFIG],
    ['.gitignore', GITIGNORE],
  ];
  for (const [file, text] of scaffold) {
    const target = path.join(root, file);
    const created = await onDisk(target, () => createOnly(target, text));
    files.push({ path: file, outcome: created ? 'created' : 'exists' });
  }
  const schemaCopy = path.join(root, SCHEMA_COPY);
  const replaced = await onDisk(schemaCopy, () => replaceWithCopy(workflowSchemaPath, schemaCopy));
  files.push({ path: SCHEMA_COPY, outcome: replaced ? 'updated' : 'created' });
  const gitignore = files.find((f) => f.path === '.gitignore');
  const gitignoreMissesSkill =
    gitignore?.outcome === 'exists' &&
    !ignoresSkillFolder(await readFile(path.join(root, '.gitignore'), 'utf8').catch(() => ''));
  return { dir: root, files, gitignoreMissesSkill };
}
