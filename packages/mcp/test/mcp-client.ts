// Test support for MCP clients: the guide's tool names, reading tool results, polling an execution's status.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { waitFor } from '@skill/test-kit';

/** The seven tools the guide documents, sorted by name. */
export const TOOL_NAMES = [
  'cancel_execution',
  'decide_approval',
  'execute_workflow',
  'get_workflow_status',
  'list_executions',
  'list_schedules',
  'list_skills',
  'list_workers',
  'list_workflows',
  'retry_execution',
  'validate_workflow',
];

/** The first text block of a tool result. */
export function resultText(result: Awaited<ReturnType<Client['callTool']>>): string {
  const first = (result.content as { type: string; text?: string }[])[0];
  return first?.type === 'text' ? (first.text ?? '') : '';
}

/** Calls a tool, checks that text and structuredContent agree, and returns the structured value. */
export async function callJson(client: Client, name: string, args: Record<string, unknown>) {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${resultText(result)}`);
  const structured = result.structuredContent as Record<string, unknown>;
  if (JSON.stringify(structured) !== resultText(result)) throw new Error(`${name}: text and structuredContent differ`);
  return structured;
}

/** Polls get_workflow_status until the status is one of `statuses` (at most `timeoutMs`). */
export function waitForStatus(client: Client, id: string, statuses: string[], timeoutMs = 15_000) {
  return waitFor(async () => {
    const record = await callJson(client, 'get_workflow_status', { execution_id: id });
    return statuses.includes(record.status as string) && record;
  }, timeoutMs);
}
