// Finds a language's interpreter on the host's PATH for `unsafe_native` inline code.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { ErrorCode, type InlineLanguage, WorkflowError } from '@skill/workflow-model';
import { LANGUAGES } from './inline-languages.js';

/** The first executable file called `name` in the folders of `pathVariable`, or `undefined`. */
export async function findOnPath(name: string, pathVariable: string | undefined): Promise<string | undefined> {
  const folders = (pathVariable ?? '').split(delimiter).filter((folder) => folder !== '' && isAbsolute(folder));
  for (const folder of folders) {
    const candidate = join(folder, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: try the next folder
    }
  }
  return undefined;
}

/**
 * The host interpreter for `language` (python: python3, else python), looked up on `pathVariable`.
 * None found -> COMMAND_NOT_FOUND, not retryable: "python3 not found on PATH (needed for unsafe_native python)".
 */
export async function nativeInterpreter(language: InlineLanguage, pathVariable: string | undefined): Promise<string> {
  const names = LANGUAGES[language].nativeInterpreters;
  for (const name of names) {
    const found = await findOnPath(name, pathVariable);
    if (found !== undefined) return found;
  }
  throw new WorkflowError(
    ErrorCode.CommandNotFound,
    `${names[0]} not found on PATH (needed for unsafe_native ${language})`,
    { retryable: false },
  );
}
