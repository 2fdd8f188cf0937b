// Per-operation details every route of the OpenAPI document shares: its operationId and the 400 any request may get
// (no Host header), added to the operations openapi.ts lists.

/** The operationId of each operation, by `METHOD /path`; a route missing here gets one made from its method and path. */
const OPERATION_IDS: Readonly<Record<string, string>> = {
  'GET /api/health': 'getHealth',
  'GET /api/openapi.json': 'getOpenApiDocument',
  'GET /api/workflows': 'listWorkflows',
  'POST /api/workflows': 'createWorkflow',
  'GET /api/workflows/{name}': 'getWorkflow',
  'PUT /api/workflows/{name}': 'replaceWorkflow',
  'POST /api/workflows/{name}/execute': 'executeWorkflow',
  'GET /api/skills': 'listSkills',
  'GET /api/skills/{name}': 'getSkill',
  'GET /api/schedules': 'listSchedules',
  'POST /api/schedules/{workflow}/{index}/pause': 'pauseSchedule',
  'POST /api/schedules/{workflow}/{index}/resume': 'resumeSchedule',
  'POST /api/hooks/{workflow}': 'receiveWebhook',
  'GET /api/executions': 'listExecutions',
  'GET /api/executions/{id}': 'getExecution',
  'GET /api/executions/{id}/graph': 'getExecutionGraph',
  'POST /api/executions/{id}/cancel': 'cancelExecution',
  'POST /api/executions/{id}/retry': 'retryExecution',
  'GET /api/executions/{id}/events': 'listExecutionEvents',
  'GET /api/executions/{id}/steps/{step}/logs': 'getStepLogs',
};

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);
const HOST_REQUIRED = 'no `Host` header (`HOST_REQUIRED`)';

interface Operation {
  operationId?: string;
  responses?: Record<string, { description?: string }>;
}

/** `post` + `/api/executions/{id}/cancel` -> `postApiExecutionsIdCancel`. */
function derivedOperationId(method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return method + words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join('');
}

/** The 400 answer of an operation: what openapi.ts says it checks, then the Host header every request needs. */
function badRequest(operation: Operation): { description: string } & Record<string, unknown> {
  const documented = operation.responses?.['400'];
  if (documented?.description === undefined) {
    return {
      description: 'No `Host` header (`HOST_REQUIRED`).',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return { ...documented, description: `${documented.description.replace(/\.$/, '')}; or ${HOST_REQUIRED}.` };
}

/**
 * Completes every operation of `document.paths`: an `operationId` (see {@link OPERATION_IDS}) and a `400` that
 * names the checks every request goes through, merged with the operation's own 400 when it has one.
 * Returns `document` (changed in place).
 */
export function completeOperations<T extends { paths: Record<string, Record<string, unknown>> }>(document: T): T {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const operation = value as Operation;
      operation.operationId ??= OPERATION_IDS[`${method.toUpperCase()} ${path}`] ?? derivedOperationId(method, path);
      operation.responses = { ...operation.responses, '400': badRequest(operation) };
    }
  }
  return document;
}
