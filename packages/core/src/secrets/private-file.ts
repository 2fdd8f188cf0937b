// Reads a file that holds secrets (the secrets file, the server's token file): refused when group or others may read it.
import { readFileSync, statSync } from 'node:fs';
import { WorkflowError } from '@skill/workflow-model';

/** What the file is, for messages (`secrets file`, `token file`), and the codes of its two failures. */
export interface PrivateFileKind {
  what: string;
  /** The file cannot be read (missing, when `missing` is `error`). */
  invalidCode: string;
  /** Group or others may read it. */
  unsafeCode: string;
}

/**
 * The text of a file only its owner may read; undefined when it does not exist. Throws `kind.unsafeCode` when
 * group or others may read it (its contents would not be secret; the message says to `chmod 600`).
 */
export function readPrivateFile(file: string, kind: PrivateFileKind): string | undefined {
  let mode: number;
  try {
    // No file is the common case (read on every submission): answered without building an error.
    const stats = statSync(file, { throwIfNoEntry: false });
    if (stats === undefined) return undefined;
    mode = stats.mode;
  } catch (error) {
    throw new WorkflowError(kind.invalidCode, `${kind.what} ${file} cannot be read: ${(error as Error).message}`, {
      file,
    });
  }
  if ((mode & 0o077) !== 0) {
    throw new WorkflowError(
      kind.unsafeCode,
      `${kind.what} ${file} may be read by group or others (mode ${(mode & 0o777).toString(8)}); run: chmod 600 ${file}`,
      { file },
    );
  }
  return readFileSync(file, 'utf8');
}
