// Calls one MCP tool for a step: progress notifications become step_progress lines, cancellation and
// timeouts send the MCP cancellation, and the result (or the failure) becomes the step's result.
import {
  ErrorCode,
  type ExecutorContext,
  isJsonObject,
  type McpServerDeclaration,
  type StepResult,
  WorkflowError,
} from '@skill/workflow-model';
import { abortReasonSuffix } from '../../abort-reason.js';
import { tryParseJson } from '../../output/parse-output.js';
import type { McpClientPool } from './mcp-client-pool.js';
import type { McpConnection, McpProgress } from './mcp-connection.js';

/** Stable error codes of MCP tool steps. */
export const McpErrorCode = {
  /** The server could not be started or reached. */
  ServerUnavailable: 'MCP_SERVER_UNAVAILABLE',
  /** The server exited or dropped the session during the call (the next call reconnects). */
  ServerClosed: 'MCP_SERVER_CLOSED',
  /** The tool answered with `isError`. */
  ToolError: 'MCP_TOOL_ERROR',
  /** The server refused the request (a protocol error). */
  CallFailed: 'MCP_CALL_FAILED',
} as const;

/** The longest a single request may wait for its answer: steps bound calls with their own timeout. */
const NO_REQUEST_TIMEOUT_MS = 2_147_483_647;

interface CallToolResult {
  content?: unknown[];
  structuredContent?: unknown;
  isError?: boolean;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function textsOf(content: unknown[] | undefined): string[] {
  const texts: string[] = [];
  for (const item of content ?? []) {
    if (isJsonObject(item) && item.type === 'text' && typeof item.text === 'string') texts.push(item.text);
  }
  return texts;
}

/**
 * A tool result as a step result: `structuredContent` when present, else the text content (parsed when the
 * whole of it is JSON), else the raw content list; `isError` throws MCP_TOOL_ERROR with the tool's message.
 */
export function mcpStepResult(server: string, tool: string, result: CallToolResult): StepResult {
  const texts = textsOf(result.content);
  if (result.isError) {
    const said = texts.join('\n').trim() || 'the tool reported an error without a message';
    throw new WorkflowError(McpErrorCode.ToolError, `${server}.${tool} failed: ${said}`, { retryable: false });
  }
  const metadata = { mcp_server: server, mcp_tool: tool };
  if (isJsonObject(result.structuredContent)) return { output: result.structuredContent, metadata };
  if (texts.length === 0) return { output: result.content ?? [], metadata };
  const text = texts.join('\n');
  const parsed = tryParseJson(text);
  return { output: parsed === undefined ? text : parsed.value, metadata };
}

function progressLine(progress: McpProgress): string {
  const of = progress.total === undefined ? '' : `/${progress.total}`;
  return `progress ${progress.progress}${of}${progress.message ? `: ${progress.message}` : ''}`;
}

function cancelled(label: string, ctx: ExecutorContext): WorkflowError {
  return new WorkflowError(ErrorCode.Cancelled, `${label} cancelled${abortReasonSuffix(ctx.signal.reason)}`);
}

function closedError(server: McpServerDeclaration, tool: string, connection: McpConnection): WorkflowError {
  const stderr = connection.stderrTail();
  const what = server.transport === 'stdio' ? 'exited' : 'closed the session';
  const tail = stderr ? `; its last stderr: ${stderr.slice(-500)}` : '';
  const message = `MCP server "${server.name}" ${what} during the call of ${tool} (the next call starts a new connection)${tail}`;
  return new WorkflowError(McpErrorCode.ServerClosed, message, { retryable: true });
}

async function connect(pool: McpClientPool, server: McpServerDeclaration, ctx: ExecutorContext, label: string) {
  try {
    return await pool.connection(server, ctx.signal);
  } catch (error) {
    if (ctx.signal.aborted) throw cancelled(label, ctx);
    const how = server.transport === 'stdio' ? `start ${JSON.stringify(server.command)}` : `reach ${server.url}`;
    const message = `MCP server "${server.name}": cannot ${how}: ${messageOf(error)}`;
    throw new WorkflowError(McpErrorCode.ServerUnavailable, message, { retryable: true });
  }
}

/** Calls `tool` of `server` with `args` (already resolved and checked) for one step attempt. */
export async function callMcpTool(
  pool: McpClientPool,
  server: McpServerDeclaration,
  tool: string,
  args: Record<string, unknown>,
  ctx: ExecutorContext,
): Promise<StepResult> {
  const label = `${server.name}.${tool}`;
  if (ctx.signal.aborted) throw cancelled(label, ctx);
  const connection = await connect(pool, server, ctx, label);
  const progress = connection.trackProgress((update) => ctx.log(progressLine(update)));
  let result: CallToolResult;
  try {
    const params = { name: tool, arguments: args, _meta: { progressToken: progress.token } };
    result = (await connection.client.callTool(params, undefined, {
      signal: ctx.signal,
      timeout: NO_REQUEST_TIMEOUT_MS,
    })) as CallToolResult;
  } catch (error) {
    if (ctx.signal.aborted) throw cancelled(label, ctx);
    if (!connection.open) throw closedError(server, tool, connection);
    throw new WorkflowError(McpErrorCode.CallFailed, `${label}: ${messageOf(error)}`, { retryable: false });
  } finally {
    progress.stop();
  }
  return mcpStepResult(server.name, tool, result);
}
