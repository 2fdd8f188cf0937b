// The last validation of each workflow file, reused while the file is unchanged: no parse per execution.
import { type BigIntStats, statSync } from 'node:fs';
import type { ValidationReport } from './engine-types.js';
import type { LoaderContext } from './workflow-loader.js';

/** Files remembered per engine; past this, the oldest is forgotten. */
const MAX_FILES = 256;
/**
 * A file whose last change (ctime) is at least this much older than the read that cached it is not read again
 * while its stat is unchanged: any later write gives it a later ctime. Younger files are read and compared on
 * every use (a write in the same tick of the file clock would keep the ctime).
 */
const SETTLED_NS = 100_000_000n;

interface CachedValidation {
  bytes: Buffer;
  /** The stat taken before those bytes were read, and when (wall clock, ns). */
  stat: BigIntStats | undefined;
  readAtNs: bigint;
  trusted: boolean;
  /** Executors registered when it was validated: registering one may change the verdict. */
  executorCount: number;
  report: ValidationReport;
}

const byEngine = new WeakMap<LoaderContext, Map<string, CachedValidation>>();

function sameFile(a: BigIntStats, b: BigIntStats): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/** True when the cached bytes are still the file's without reading it (see SETTLED_NS). */
function unchanged(known: CachedValidation, now: BigIntStats | undefined): boolean {
  return !!known.stat && !!now && sameFile(known.stat, now) && now.ctimeNs + SETTLED_NS < known.readAtNs;
}

/**
 * The validation report of `file`: the remembered one while the engine's last validation of it still holds (same
 * trust and executors, and the file settled and unchanged, or read again and holding the same bytes), else
 * `validate(read())`'s, then remembered. Callers get their own report object; the definition in it is shared
 * (definitions are not changed once validated).
 */
export async function validatedFile(
  ctx: LoaderContext,
  file: string,
  trusted: boolean,
  read: () => Buffer,
  validate: (bytes: Buffer) => Promise<ValidationReport>,
): Promise<ValidationReport> {
  let files = byEngine.get(ctx);
  if (!files) {
    files = new Map();
    byEngine.set(ctx, files);
  }
  const stat = statSync(file, { bigint: true, throwIfNoEntry: false });
  const candidate = files.get(file);
  const known =
    candidate?.trusted === trusted && candidate.executorCount === ctx.executors.size ? candidate : undefined;
  if (known && unchanged(known, stat)) return { ...known.report };
  const readAtNs = BigInt(Date.now()) * 1_000_000n;
  const bytes = read();
  if (known?.bytes.equals(bytes)) {
    Object.assign(known, { stat, readAtNs });
    return { ...known.report };
  }
  const report = await validate(bytes);
  files.delete(file);
  if (files.size >= MAX_FILES) files.delete(files.keys().next().value as string);
  files.set(file, { bytes, stat, readAtNs, trusted, executorCount: ctx.executors.size, report });
  return { ...report };
}
