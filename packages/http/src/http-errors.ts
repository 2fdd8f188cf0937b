// Error codes of the HTTP layer, the status each WorkflowError code maps to, and the JSON error body.
import { hideLocalPathsDeep } from '@skill/workflow-core';
import { type ErrorCode, isWorkflowError, type SerializedWorkflowError, WorkflowError } from '@skill/workflow-model';

/** Error codes the HTTP layer itself produces (besides the engine's {@link ErrorCode}s). */
export const HttpErrorCode = {
  /** The request body or query is malformed (wrong type, missing field); `details.field` names it. */
  InvalidRequest: 'INVALID_REQUEST',
  /** The request body is not JSON. */
  InvalidJson: 'INVALID_JSON',
  /** A workflow name that is not `^[A-Za-z0-9][A-Za-z0-9_.-]*$` (or tries to leave its folder). */
  InvalidWorkflowName: 'INVALID_WORKFLOW_NAME',
  /** `POST /api/workflows`: `name` differs from the `name` inside the TOML. */
  WorkflowNameMismatch: 'WORKFLOW_NAME_MISMATCH',
  /** No or wrong bearer token. */
  AuthRequired: 'AUTH_REQUIRED',
  /** A browser origin that is neither the server's own host nor allowed. */
  OriginForbidden: 'ORIGIN_FORBIDDEN',
  /** A `Host` header that is not loopback on a server without a token (DNS rebinding). */
  HostForbidden: 'HOST_FORBIDDEN',
  /** No such route, or no such step in an execution. */
  NotFound: 'NOT_FOUND',
  /** A request body that is not sent as JSON (`Content-Type` other than `application/json` or `application/*+json`). */
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  /** A request without a `Host` header (HTTP/1.0): the DNS-rebinding check needs it. */
  HostRequired: 'HOST_REQUIRED',
  /** The request body is larger than the limit. */
  BodyTooLarge: 'BODY_TOO_LARGE',
  /** Cancel of an execution that is not running in this server. */
  ExecutionNotRunning: 'EXECUTION_NOT_RUNNING',
  /** A method the route does not answer (the `Allow` header lists those it does). */
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
} as const;
/** One of the values of {@link HttpErrorCode}. */
export type HttpErrorCode = (typeof HttpErrorCode)[keyof typeof HttpErrorCode];

/** HTTP status codes this API answers with on errors. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 500 | 503;

const STATUS_BY_CODE: Record<string, ErrorStatus> = {
  INVALID_REQUEST: 400,
  INVALID_JSON: 400,
  INVALID_WORKFLOW_NAME: 400,
  WORKFLOW_NAME_MISMATCH: 400,
  WORKFLOW_INVALID: 400,
  INPUTS_INVALID: 400,
  INVALID_VALUE: 400,
  EXECUTOR_NOT_FOUND: 400,
  AUTH_REQUIRED: 401,
  ORIGIN_FORBIDDEN: 403,
  HOST_FORBIDDEN: 403,
  UNTRUSTED_STEP: 403,
  NOT_FOUND: 404,
  WORKFLOW_NOT_FOUND: 404,
  EXECUTION_NOT_FOUND: 404,
  SKILL_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  EXECUTION_NOT_RUNNING: 409,
  STEP_NOT_WAITING: 409,
  STEP_NOT_FOUND: 404,
  FIELDS_INVALID: 400,
  WORKFLOW_EXISTS: 409,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HOST_REQUIRED: 400,
  SHUTTING_DOWN: 503,
  /** The operator's skills.toml has mistakes: nothing the client sent can fix it. */
  SKILLS_CONFIG_INVALID: 503,
};

/** Codes of workflow and input validation (located diagnostics): always the client's fault. */
const VALIDATION_CODES = new Set<string>([
  'TOML_SYNTAX',
  'SCHEMA_VIOLATION',
  'UNKNOWN_KEY',
  'INVALID_DURATION',
  'INVALID_MEMORY',
  'DUPLICATE_STEP_ID',
  'UNKNOWN_DEPENDENCY',
  'DEPENDENCY_CYCLE',
  'STEP_TYPE_MISSING',
  'UNKNOWN_STEP_TYPE',
  'INVALID_CONDITION',
  'INVALID_TEMPLATE',
  'UNKNOWN_REFERENCE',
  'REFERENCE_NOT_UPSTREAM',
  'POLICY_VIOLATION',
  'TOO_MANY_STEPS',
  'WORKFLOW_TOO_LARGE',
  'NESTING_TOO_DEEP',
  'INVALID_ENCODING',
  'INPUT_MISSING',
  'INPUT_TYPE',
  'INPUT_UNKNOWN',
  'INPUT_ENUM',
]);

/** The HTTP status for an error code: 400 validation, 401, 403, 404, 409, 413, 415, 503, else 500. */
export function statusForCode(code: ErrorCode): ErrorStatus {
  return STATUS_BY_CODE[code] ?? (VALIDATION_CODES.has(code) ? 400 : 500);
}

/** The JSON body of an error response: `{ error: { code, message, details } }`. */
export interface ErrorBody {
  error: SerializedWorkflowError;
}

/**
 * Turns anything thrown into a status and an error body; non-WorkflowErrors become 500 `INTERNAL`.
 * With `projectDir`, local paths in the message and details are rewritten for a remote client
 * (relative below the project, else `…/<base name>`: see `hideLocalPaths`).
 */
export function toErrorResponse(error: unknown, projectDir?: string): { status: ErrorStatus; body: ErrorBody } {
  const { status, body } = errorResponseOf(error);
  return { status, body: projectDir === undefined ? body : hideLocalPathsDeep(body, projectDir) };
}

function errorResponseOf(error: unknown): { status: ErrorStatus; body: ErrorBody } {
  if (isWorkflowError(error)) {
    return {
      status: statusForCode(error.code),
      body: { error: { code: error.code, message: error.message, details: error.details ?? {} } },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { error: { code: 'INTERNAL', message: `internal error: ${message}`, details: {} } } };
}

/** Shorthand for a {@link WorkflowError} of the HTTP layer. */
export function httpError(code: HttpErrorCode, message: string, details: Record<string, unknown> = {}): WorkflowError {
  return new WorkflowError(code, message, details);
}
