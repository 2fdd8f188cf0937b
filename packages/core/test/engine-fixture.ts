// Engines for core's tests: a folder per suite, a fresh project folder per test with an engine working there, two
// engines sharing one SQLite file (as a CLI run and a server do), and the suite-local workflow files in `workflows/`.
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { useTempDir, writeFiles } from '@skill/test-kit';
import type { ExecutionStore } from '@skill/workflow-model';
import { openSqliteStore } from '@skill/workflow-store';
import { afterAll } from 'vitest';
import { createEngine } from '../src/engine.js';
import type { Engine, EngineOptions } from '../src/engine-types.js';

const workflows = new URL('./workflows/', import.meta.url);

/** The TOML text of `packages/core/test/workflows/<name>.toml` (its first comment says what it does). */
export function coreWorkflow(name: string): string {
  return readFileSync(new URL(`${name}.toml`, workflows), 'utf8');
}

/**
 * A TOML snippet of the user guide, kept once as the parser's guide fixture `packages/parser/test/fixtures/guide/
 * <name>.toml` (where the parser checks every snippet validates).
 */
export function guideSnippet(name: string): string {
  return readFileSync(new URL(`../../parser/test/fixtures/guide/${name}.toml`, import.meta.url), 'utf8');
}

/** The file `.workflows/<name>.toml` of a project: `version`, `name`, then `body` (for {@link EngineSuite.project}). */
export function workflowFile(name: string, body: string): Record<string, string> {
  return { [`.workflows/${name}.toml`]: `version = "1"\nname = "${name}"\n${body}` };
}

/** A project folder of one test and an engine whose `cwd` it is. */
export interface TestProject {
  dir: string;
  engine: Engine;
  /** Writes an empty file `name` in the project folder (the gates and flags the workflows wait for). */
  touch(name: string): Promise<void>;
}

/** Two engines on one database file in one project folder, each with its own store connection. */
export interface SharedStoreEngines extends Omit<TestProject, 'engine'> {
  /** The engine that starts the executions. */
  runner: Engine;
  /** The engine that only shares the store, as another process would. */
  other: Engine;
}

/** What {@link useEngines} gives a suite. */
export interface EngineSuite {
  /** A fresh folder with `files` written (relative path -> text), and an engine with `cwd` there. */
  project(files?: Record<string, string>, options?: EngineOptions): Promise<TestProject>;
  /** A fresh folder holding `executions.db`, and two engines with their own connection to it. */
  twoEngines(): Promise<SharedStoreEngines>;
}

/**
 * Engines for the calling suite over a temp folder made in beforeAll and removed, with the stores opened here,
 * in afterAll.
 *
 * @example
 * const engines = useEngines('skill-cancel-');
 * it('cancels', async () => { const { runner, other } = await engines.twoEngines(); ... });
 */
export function useEngines(prefix: string): EngineSuite {
  const suiteDir = useTempDir(prefix);
  const stores: ExecutionStore[] = [];
  afterAll(async () => {
    for (const store of stores) await store.close?.();
  });

  async function project(files: Record<string, string> = {}, options: EngineOptions = {}): Promise<TestProject> {
    const dir = await mkdtemp(path.join(suiteDir(), 'project-'));
    await writeFiles(dir, files);
    const touch = (name: string) => writeFile(path.join(dir, name), '');
    return { dir, engine: createEngine({ cwd: dir, ...options }), touch };
  }

  async function twoEngines(): Promise<SharedStoreEngines> {
    const { dir, touch } = await project();
    const file = path.join(dir, 'executions.db');
    const [a, b] = [await openSqliteStore(file), await openSqliteStore(file)];
    stores.push(a, b);
    return { dir, touch, runner: createEngine({ cwd: dir, store: a }), other: createEngine({ cwd: dir, store: b }) };
  }

  return { project, twoEngines };
}
