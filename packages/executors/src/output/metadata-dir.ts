// Hands out per-attempt SKILL_METADATA paths inside one private temp folder per process (created lazily, removed at exit).
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let folder: Promise<string> | undefined;
let ready: string | undefined;
let sequence = 0;

function removeAtExit(): void {
  if (ready === undefined) return;
  try {
    rmSync(ready, { recursive: true, force: true });
  } catch {
    // best effort: a process killed by a signal leaves an empty folder behind
  }
}

function createFolder(): Promise<string> {
  // mkdtemp creates the folder with mode 0700; the pid in the name tells whose it is.
  const pending = mkdtemp(join(tmpdir(), `skill-workflow-${process.pid}-`)).then((dir) => {
    if (ready === undefined) process.once('exit', removeAtExit);
    ready = dir;
    return dir;
  });
  // A failure is not cached: the next attempt tries again.
  pending.catch(() => {
    folder = undefined;
  });
  return pending;
}

/** A fresh path (the file itself is not created) for one attempt's SKILL_METADATA file. */
export async function nextMetadataPath(): Promise<string> {
  sequence += 1;
  const name = `meta-${sequence}`;
  if (ready !== undefined) return join(ready, name);
  folder ??= createFolder();
  return join(await folder, name);
}

/** Removes the folder now (tests, engine shutdown); the next attempt creates a new one. */
export async function disposeMetadataDir(): Promise<void> {
  const dir = ready ?? (await folder?.catch(() => undefined));
  ready = undefined;
  folder = undefined;
  process.removeListener('exit', removeAtExit);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
}
