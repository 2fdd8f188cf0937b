// Tar archives for the Docker archive API: files (and the metadata folder) into a created container, the metadata file out.
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import type { Header } from 'tar-stream';
import { CONTAINER_METADATA_PATH } from './docker-container-config.js';
import type { SandboxFile } from './sandbox.js';
import { configurationError, SandboxErrorCode } from './sandbox-errors.js';

/** A file's absolute, normalised container path without the leading `/` (tar entry names are relative to `/`). */
export function containerEntryName(path: string): string {
  const normalised = posix.normalize(path);
  if (!path.startsWith('/') || normalised === '/' || path.split('/').includes('..')) {
    throw configurationError(
      SandboxErrorCode.InvalidValue,
      `sandbox file path "${path}" must be an absolute container path without ".."`,
    );
  }
  return normalised.slice(1).replace(/\/+$/, '');
}

/**
 * One tar (extracted at `/`) with the files and, when `withMetadataDir`, the world-writable sticky
 * folder of SKILL_METADATA (`/tmp`), so any container user can write the file even in an image
 * without `/tmp`. Missing parent folders are created by the daemon (root, 0755); files belong to
 * root and are readable by everyone (default 0644).
 */
export async function buildInputArchive(files: SandboxFile[], withMetadataDir: boolean): Promise<Buffer> {
  const tar = await import('tar-stream');
  const pack = tar.pack();
  const mtime = new Date();
  const owner = { uid: 0, gid: 0, uname: 'root', gname: 'root', mtime };
  const entries: Array<{ header: Partial<Header> & { name: string }; body?: Buffer }> = [];
  if (withMetadataDir) {
    const folder = posix.dirname(CONTAINER_METADATA_PATH).slice(1);
    entries.push({ header: { name: folder, type: 'directory', mode: 0o1777, ...owner } });
  }
  for (const file of files) {
    const body = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : Buffer.from(file.content);
    const name = containerEntryName(file.path);
    entries.push({ header: { name, type: 'file', mode: file.mode ?? 0o644, size: body.length, ...owner }, body });
  }
  const collected: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pack.on('data', (chunk) => collected.push(chunk as Buffer));
    pack.on('end', () => resolve(Buffer.concat(collected)));
    pack.on('error', reject);
  });
  for (const entry of entries) {
    if (entry.body) pack.entry(entry.header, entry.body);
    else pack.entry(entry.header);
  }
  pack.finalize();
  return done;
}

/** Reads the first file of a tar stream as UTF-8, at most `limitBytes` (the rest is drained). */
export async function readFirstFile(archive: Readable, limitBytes: number): Promise<string | undefined> {
  const tar = await import('tar-stream');
  const extract = tar.extract();
  archive.on('error', (error) => extract.destroy(error));
  archive.pipe(extract);
  let text: string | undefined;
  for await (const entry of extract) {
    if (text === undefined && entry.header.type === 'file') {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const data of entry) {
        const chunk = data as Buffer;
        const room = limitBytes - size;
        if (room > 0) chunks.push(chunk.length <= room ? chunk : chunk.subarray(0, room));
        size += chunk.length;
      }
      text = Buffer.concat(chunks).toString('utf8');
    } else {
      entry.resume();
    }
  }
  return text;
}
