// Turns a failure to start a process into a WorkflowError, telling a missing working folder from a missing program.
import { stat } from 'node:fs/promises';
import { ErrorCode, WorkflowError } from '@skill/workflow-model';

async function folderProblem(cwd: string): Promise<string | undefined> {
  try {
    const info = await stat(cwd);
    return info.isDirectory() ? undefined : `working_dir is not a directory: ${cwd}`;
  } catch {
    return `working_dir does not exist: ${cwd}`;
  }
}

/** The error for a spawn that failed (`ENOENT`, `EACCES`, ...); checks the folder only on this cold path. */
export async function spawnFailure(error: NodeJS.ErrnoException, file: string, cwd: string): Promise<WorkflowError> {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
    const problem = await folderProblem(cwd);
    if (problem !== undefined) return new WorkflowError(ErrorCode.InvalidValue, problem, { retryable: false });
    return new WorkflowError(ErrorCode.CommandNotFound, `command not found: ${file}`, { retryable: false });
  }
  if (error.code === 'EACCES') {
    return new WorkflowError(ErrorCode.CommandFailed, `permission denied: ${file} (is it executable?)`, {
      retryable: false,
    });
  }
  return new WorkflowError(ErrorCode.CommandFailed, `could not start ${file}: ${error.message}`, {
    causeCode: error.code,
  });
}
