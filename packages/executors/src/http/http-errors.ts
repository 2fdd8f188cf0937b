// Builds the WorkflowErrors of an HTTP step: unaccepted status, network failure, timeout, cancellation.
import { STATUS_CODES } from 'node:http';
import { ErrorCode, formatDuration, isWorkflowError, WorkflowError } from '@skill/workflow-model';
import { abortReasonSuffix } from '../abort-reason.js';

/** Longest body excerpt put in an error message. */
export const BODY_EXCERPT_CHARS = 300;

/** What identifies a request in messages. */
export interface RequestLabel {
  method: string;
  displayUrl: string;
}

/** The error for a response whose status the step does not accept. */
export function statusFailure(
  request: RequestLabel,
  statusCode: number,
  bodyText: string,
  metadata: Record<string, unknown>,
  output: unknown,
): WorkflowError {
  const reason = STATUS_CODES[statusCode];
  const excerpt = bodyText.trim();
  const shown = excerpt.length > BODY_EXCERPT_CHARS ? `${excerpt.slice(0, BODY_EXCERPT_CHARS)}…` : excerpt;
  const message = `${request.method} ${request.displayUrl} returned ${statusCode}${reason ? ` ${reason}` : ''}${shown === '' ? '' : `: ${shown}`}`;
  return new WorkflowError(ErrorCode.HttpStatus, message, { statusCode, metadata, output });
}

function errorCode(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; cause?: { code?: unknown }; errors?: { code?: unknown }[] } | undefined;
  const code = candidate?.code ?? candidate?.cause?.code ?? candidate?.errors?.[0]?.code;
  return typeof code === 'string' ? code : undefined;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** Why a request was stopped, as far as the executor can tell. */
export interface AbortState {
  /** The step's AbortSignal (timeout of the step or cancellation). */
  stepSignal: AbortSignal;
  /** The per-request timeout signal, when `timeout_ms` is set. */
  timeoutSignal?: AbortSignal;
  timeoutMs?: number;
}

/** Maps an error thrown while sending the request or reading the body. */
export function requestFailure(request: RequestLabel, error: unknown, state: AbortState): WorkflowError {
  const label = `${request.method} ${request.displayUrl}`;
  if (state.stepSignal.aborted) {
    const why = abortReasonSuffix(state.stepSignal.reason);
    return new WorkflowError(ErrorCode.Cancelled, `${label} cancelled${why}`, {}, { cause: error });
  }
  if (isWorkflowError(error) && error.code === ErrorCode.EgressRefused) {
    return new WorkflowError(error.code, `${label} refused: ${error.message}`, error.details, { cause: error });
  }
  const code = errorCode(error);
  if (state.timeoutSignal?.aborted || (code !== undefined && TIMEOUT_CODES.has(code))) {
    const after = state.timeoutMs === undefined ? '' : ` after ${formatDuration(state.timeoutMs)}`;
    return new WorkflowError(ErrorCode.Timeout, `${label} timed out${after}`, { causeCode: code }, { cause: error });
  }
  if (code === 'UND_ERR_INVALID_ARG') {
    const message = `${label}: invalid request: ${(error as Error).message}`;
    return new WorkflowError(ErrorCode.InvalidValue, message, { retryable: false }, { cause: error });
  }
  const text = error instanceof Error ? error.message : String(error);
  const detail = code === undefined ? text : text.includes(code) ? `${code} (${text})` : `${code}: ${text}`;
  return new WorkflowError(
    ErrorCode.HttpRequestFailed,
    `${label} failed: ${detail}`,
    {
      causeCode: code,
      retryable: true,
    },
    { cause: error },
  );
}
