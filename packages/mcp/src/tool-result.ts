// Turns tool outcomes into MCP CallToolResults: JSON as text and structuredContent, WorkflowErrors as isError results.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { hideLocalPathsDeep } from '@skill/workflow-core';
import { formatDiagnostic, isWorkflowError } from '@skill/workflow-model';

/** A successful result: the value as compact JSON text and as `structuredContent`. */
export function jsonResult(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
}

/**
 * A failed result (`isError: true`): text `CODE: message`, then one line per diagnostic; the
 * serialised error as `structuredContent.error`. Never a protocol error. With `projectDir`, local
 * paths are shown relative to the project, others as `…/<base name>` (see `hideLocalPaths`).
 */
export function errorResult(error: unknown, projectDir?: string): CallToolResult {
  const result = errorResultOf(error);
  return projectDir === undefined ? result : hideLocalPathsDeep(result, projectDir);
}

function errorResultOf(error: unknown): CallToolResult {
  if (isWorkflowError(error)) {
    const lines = [`${error.code}: ${error.message}`, ...error.diagnostics.map(formatDiagnostic)];
    return {
      content: [{ type: 'text', text: lines.join('\n') }],
      structuredContent: { error: { code: error.code, message: error.message, details: error.details } },
      isError: true,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    content: [{ type: 'text', text: `INTERNAL: ${message}` }],
    structuredContent: { error: { code: 'INTERNAL', message, details: {} } },
    isError: true,
  };
}

/** Runs a tool body and converts whatever it throws with {@link errorResult}. */
export async function toToolResult(
  body: () => Promise<Record<string, unknown>>,
  projectDir?: string,
): Promise<CallToolResult> {
  try {
    return jsonResult(await body());
  } catch (error) {
    return errorResult(error, projectDir);
  }
}
