// Whether an image's /tmp is a world-writable folder (SKILL_METADATA lives there), learnt once per image id.
import type { IncomingMessage } from 'node:http';
import type { Container } from 'dockerode';
import { buildInputArchive } from './docker-archive.js';

/** Go's os.FileMode directory bit, as the archive stat header reports it. */
const GO_MODE_DIR = 2 ** 31;
const MAX_REMEMBERED = 256;

/** image id -> /tmp is a world-writable folder. Image ids are content hashes, so one map serves every daemon. */
const known = new Map<string, boolean>();

/** Stats `/tmp` of the created container through the archive API (mounts its filesystem: tens of ms). */
async function statTmpWritable(container: Container): Promise<boolean> {
  try {
    const response = (await container.infoArchive({ path: '/tmp' })) as IncomingMessage;
    response.resume();
    const header = response.headers['x-docker-container-path-stat'];
    if (typeof header !== 'string') return false;
    const stat = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as { mode?: number };
    const mode = Number(stat.mode ?? 0);
    return mode >= GO_MODE_DIR && (mode & 0o002) !== 0;
  } catch {
    return false; // 404: the image has no /tmp
  }
}

/**
 * Makes sure `/tmp` of a created container is writable by any user, as the archive upload used to
 * guarantee: the first time an image is seen its `/tmp` is stat'ed (and remembered); when it is
 * missing (the runtime would create it 0755 for a bind mount below it) or not world-writable, a tiny
 * archive creates it with mode 1777.
 */
export async function ensureWritableTmp(container: Container): Promise<void> {
  const info = await container.inspect();
  const imageId = info.Image;
  let writable = known.get(imageId);
  if (writable === undefined) {
    writable = await statTmpWritable(container);
    if (known.size >= MAX_REMEMBERED) known.clear();
    known.set(imageId, writable);
  }
  if (!writable) await container.putArchive(await buildInputArchive([], true), { path: '/' });
}

/** Forgets what was learnt (tests). */
export function forgetTmpProbes(): void {
  known.clear();
}
