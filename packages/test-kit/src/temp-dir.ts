// Temporary folders for tests: one made on demand, or one per suite that the suite's afterAll removes.
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useSuiteResource } from './suite-resource.js';

/** A folder under the system temp dir, and the function that removes it with everything inside. */
export interface TempDir {
  dir: string;
  cleanup(): Promise<void>;
}

/** Makes a fresh folder `<tmp>/<prefix>XXXXXX` (mode 0700); its path has no symbolic links. */
export async function createTempDir(prefix = 'skill-test-'): Promise<TempDir> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), prefix)));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A temp folder for the calling suite: made in beforeAll, removed in afterAll. Returns a getter, since the
 * folder exists only once the suite has started.
 *
 * @example
 * const baseDir = useTempDir('command-executor-');
 * it('runs there', async () => { await run({ base_dir: baseDir() }); });
 */
export function useTempDir(prefix = 'skill-test-'): () => string {
  const temp = useSuiteResource(
    'useTempDir',
    () => createTempDir(prefix),
    (made) => made.cleanup(),
  );
  return () => temp().dir;
}

/** Writes `files` (relative path -> text) under `dir`, making the folders they need. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
}

/**
 * A temp project: `workflows` (file name without `.toml` -> TOML text) written to `<dir>/.workflows/`.
 *
 * @example
 * const project = await createTempProject({ hello: 'version = "1"\nname = "hello"\n...' });
 * try { ... } finally { await project.cleanup(); }
 */
export async function createTempProject(
  workflows: Record<string, string>,
  prefix = 'skill-project-',
): Promise<TempDir> {
  const project = await createTempDir(prefix);
  await mkdir(path.join(project.dir, '.workflows'));
  await writeFiles(
    project.dir,
    Object.fromEntries(
      Object.entries(workflows).map(([name, text]) => [path.join('.workflows', `${name}.toml`), text]),
    ),
  );
  return project;
}
