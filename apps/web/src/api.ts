// The dashboard's client of the HTTP API: typed fetch wrappers and the error they throw.
import type {
  Diagnostic,
  ExecutionRecord,
  ExecutionStatus,
  TrustLevel,
  WorkerInfo,
  WorkflowDefinition,
  WorkflowEvent,
  WorkflowGraph,
} from '@skill/workflow-model';

/** One row of `GET /api/workflows`. */
export interface WorkflowSummary {
  name: string;
  description?: string;
  file?: string;
  step_count: number;
  valid: boolean;
  trusted: boolean;
  trust: TrustLevel;
  diagnostics: Diagnostic[];
}

/** `GET /api/workflows/:name`. */
export interface WorkflowDetail {
  name: string;
  valid: boolean;
  trusted: boolean;
  trust: TrustLevel;
  file: string | null;
  source: string | null;
  definition: WorkflowDefinition | null;
  /** The step graph (levels and edges as the server computes them); null when the workflow is invalid. */
  graph: WorkflowGraph | null;
  diagnostics: Diagnostic[];
}

/** One line of `GET /api/executions/:id/steps/:step/logs`. */
export interface LogLine {
  seq: number;
  timestamp: string;
  stream: 'stdout' | 'stderr';
  message: string;
}

/** One tool of a skill, with the JSON Schema of a step's `args`. */
export interface SkillToolSummary {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
}

/** One entry of `GET /api/skills`. */
export interface SkillSummary {
  name: string;
  origin: 'builtin' | 'module' | 'mcp' | 'manifest';
  description?: string;
  /** Why its tools are unknown (an MCP server that could not list them). */
  unavailable?: string;
  tools: SkillToolSummary[];
}

/** One tick of a schedule, as the store records it. */
export interface ScheduleTick {
  tick: string;
  claimed_at: string;
  outcome: 'claimed' | 'queued' | 'started' | 'skipped' | 'failed';
  execution_id?: string;
  note?: string;
}

/** One entry of `GET /api/schedules`: a `[[triggers]]` schedule of a workflow. */
export interface ScheduleSummary {
  workflow_name: string;
  trigger_index: number;
  cron: string;
  timezone: string;
  overlap: 'skip' | 'queue' | 'allow';
  catch_up: 'none' | 'latest' | 'all';
  inputs: Record<string, unknown>;
  paused: boolean;
  next_fire?: string;
  last_ticks: ScheduleTick[];
}

/** A failed request: `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch {
    throw new ApiError(0, 'UNREACHABLE', 'The API server cannot be reached.');
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError(response.status, 'BAD_RESPONSE', `The server answered ${response.status} with a non-JSON body.`);
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? `HTTP ${response.status}`);
  }
  return body as T;
}

const enc = encodeURIComponent;

/** Calls of the HTTP API used by the dashboard. */
export const api = {
  listWorkflows: () => request<{ items: WorkflowSummary[] }>('/api/workflows'),
  getWorkflow: (name: string) => request<WorkflowDetail>(`/api/workflows/${enc(name)}`),
  execute: (name: string, inputs: Record<string, unknown>) =>
    request<{ execution_id: string; status: ExecutionStatus }>(`/api/workflows/${enc(name)}/execute`, {
      method: 'POST',
      body: { inputs, async_execution: true },
    }),
  listExecutions: (filter: { workflow?: string; status?: string; cursor?: string; limit?: number }) => {
    const query = new URLSearchParams();
    if (filter.workflow) query.set('workflow_name', filter.workflow);
    if (filter.status) query.set('status', filter.status);
    if (filter.cursor) query.set('cursor', filter.cursor);
    query.set('limit', String(filter.limit ?? 50));
    return request<{ items: ExecutionRecord[]; next_cursor: string | null }>(`/api/executions?${query}`);
  },
  getExecution: (id: string) => request<ExecutionRecord>(`/api/executions/${enc(id)}`),
  executionGraph: (id: string) => request<WorkflowGraph>(`/api/executions/${enc(id)}/graph`),
  cancel: (id: string) => request<ExecutionRecord>(`/api/executions/${enc(id)}/cancel`, { method: 'POST', body: {} }),
  retry: (id: string, from: string, downstream: boolean) =>
    request<{ execution_id: string; status: ExecutionStatus }>(`/api/executions/${enc(id)}/retry`, {
      method: 'POST',
      body: { from, downstream },
    }),
  stepLogs: (id: string, step: string) =>
    request<{ lines: LogLine[] }>(`/api/executions/${enc(id)}/steps/${enc(step)}/logs`),
  listSkills: () => request<{ items: SkillSummary[] }>('/api/skills'),
  getSkill: (name: string) => request<SkillSummary>(`/api/skills/${enc(name)}`),
  listSchedules: () => request<{ items: ScheduleSummary[] }>('/api/schedules'),
  listWorkers: () => request<{ items: WorkerInfo[] }>('/api/workers'),
  setSchedulePaused: (workflow: string, index: number, paused: boolean) =>
    request<ScheduleSummary>(`/api/schedules/${enc(workflow)}/${index}/${paused ? 'pause' : 'resume'}`, {
      method: 'POST',
      body: {},
    }),
  decide: (
    id: string,
    step: string,
    decision: 'approve' | 'reject',
    body: { fields?: Record<string, unknown>; comment?: string },
  ) =>
    request<{ decision: string; decided_by: string }>(`/api/executions/${enc(id)}/steps/${enc(step)}/${decision}`, {
      method: 'POST',
      body,
    }),
  listEvents: (id: string) => request<{ items: WorkflowEvent[] }>(`/api/executions/${enc(id)}/events`),
};
