// Resolves the `workflow` argument of MCP tools: a bare name, or a file path that must stay inside the project folder.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { WorkflowError } from '@skill/workflow-model';

/** Where MCP may read workflow files from, and whether files outside the workflows folder are trusted. */
export interface ReferenceScope {
  /** The project folder: file paths resolve against it and must stay inside it. */
  root: string;
  /** The engine's trusted workflows folder. */
  workflowsDir: string;
  /** Treat every file path as trusted (a local operator, not an agent, is the client). */
  trustAllFiles: boolean;
}

/** A workflow argument the engine can be given safely. */
export interface ResolvedReference {
  /** A bare name, or an absolute real path inside the project folder. */
  source: string;
  /** Pass as `RunOptions.trusted`: false for files outside the workflows folder (unless trusted). */
  trusted: boolean;
}

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}$/;

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function real(file: string): Promise<string> {
  return realpath(file).catch(() => file);
}

/** True when the argument is a file path rather than a name (it has a slash or ends in `.toml`). */
export function isFilePath(workflow: string): boolean {
  return workflow.includes('/') || workflow.includes('\\') || workflow.endsWith('.toml');
}

/**
 * Checks a `workflow` argument. A name must look like one (letters, digits, `_`, `.`, `-`); the engine
 * finds it in the workflows folder. A path is resolved against the project folder, symlinks included,
 * and refused (`INVALID_VALUE`) when it leaves that folder.
 */
export async function resolveWorkflowReference(workflow: string, scope: ReferenceScope): Promise<ResolvedReference> {
  if (!isFilePath(workflow)) {
    if (!NAME.test(workflow)) {
      throw new WorkflowError(
        'INVALID_VALUE',
        `"${workflow.slice(0, 80)}" is neither a workflow name (letters, digits, "_", ".", "-") nor a path to a .toml file`,
      );
    }
    return { source: workflow, trusted: true };
  }
  if (/[\0\n\r=]/.test(workflow)) {
    throw new WorkflowError('INVALID_VALUE', 'a workflow path may not contain "=", NUL or line breaks');
  }
  const root = await real(path.resolve(scope.root));
  const resolved = path.resolve(root, workflow);
  const file = isInside(root, resolved) ? await real(resolved) : resolved;
  if (!isInside(root, file)) {
    throw new WorkflowError('INVALID_VALUE', `workflow path "${workflow}" is outside the project folder ${root}`, {
      path: workflow,
    });
  }
  const trusted = scope.trustAllFiles || isInside(await real(path.resolve(scope.workflowsDir)), file);
  return { source: file, trusted };
}
