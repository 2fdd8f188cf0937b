// The last validation of each workflow file, reused while the file holds the same bytes: no parse per execution.
import type { ValidationReport } from './engine-types.js';
import type { LoaderContext } from './workflow-loader.js';

/** Files remembered per engine; past this, the oldest is forgotten. */
const MAX_FILES = 256;

interface CachedValidation {
  bytes: Buffer;
  trusted: boolean;
  /** Executors registered when it was validated: registering one may change the verdict. */
  executorCount: number;
  report: ValidationReport;
}

const byEngine = new WeakMap<LoaderContext, Map<string, CachedValidation>>();

/**
 * The validation report of `file` read as `bytes`: the remembered one when the engine validated the same bytes
 * at the same trust with the same executors, else `validate()`'s (then remembered). The bytes are compared, not
 * the file's times, so a rewrite within the clock's granularity is never missed. Callers get their own report
 * object; the definition in it is shared (definitions are not changed once validated).
 */
export function validatedFile(
  ctx: LoaderContext,
  file: string,
  bytes: Buffer,
  trusted: boolean,
  validate: () => ValidationReport,
): ValidationReport {
  let files = byEngine.get(ctx);
  if (!files) {
    files = new Map();
    byEngine.set(ctx, files);
  }
  const known = files.get(file);
  if (known && known.trusted === trusted && known.executorCount === ctx.executors.size && known.bytes.equals(bytes)) {
    return { ...known.report };
  }
  const report = validate();
  files.delete(file);
  if (files.size >= MAX_FILES) files.delete(files.keys().next().value as string);
  files.set(file, { bytes, trusted, executorCount: ctx.executors.size, report });
  return { ...report };
}
