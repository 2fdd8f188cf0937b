// The `http` step executor: one undici request, body read under the cap, status checked against accept_status.
import type { ExecutorContext, HttpStep, StepExecutor, StepResult } from '@skill/workflow-model';
import { ErrorCode, WorkflowError } from '@skill/workflow-model';
import type { Dispatcher } from 'undici';
import { abortReasonSuffix } from '../abort-reason.js';
import { egressPolicyOf, type HostResolver, systemResolver } from './egress-guard.js';
import { type AbortState, requestFailure, statusFailure } from './http-errors.js';
import { prepareRequest } from './http-request.js';
import { readCappedBody, responseHeaders, responseOutput } from './http-response.js';
import { httpStepProblems } from './http-step-checks.js';

/** Tuning of {@link createHttpExecutor}. */
export interface HttpExecutorOptions {
  /**
   * The undici dispatcher (Agent, Pool, ProxyAgent ...) of trusted executions; undici's global one by default.
   * Executions whose level may not reach private addresses always connect directly through a guarded agent.
   */
  dispatcher?: Dispatcher;
  /** How the guarded agent resolves host names (the system resolver by default). */
  resolve?: HostResolver;
}

/** Picks the dispatcher of an execution: guarded agents are made once per level and allow-list. */
function dispatcherChooser(options: HttpExecutorOptions): (ctx: ExecutorContext) => Promise<Dispatcher | undefined> {
  const guarded = new Map<string, Dispatcher>();
  return async (ctx) => {
    const policy = egressPolicyOf(ctx.boundary);
    if (policy === undefined) return options.dispatcher;
    const key = JSON.stringify([ctx.boundary.level, ctx.boundary.allowedHttpTargets]);
    let dispatcher = guarded.get(key);
    if (dispatcher === undefined) {
      const { guardedDispatcher } = await import('./egress-dispatcher.js');
      dispatcher = guarded.get(key) ?? guardedDispatcher(policy, options.resolve ?? systemResolver);
      guarded.set(key, dispatcher);
    }
    return dispatcher;
  };
}

function accepted(statusCode: number, acceptStatus: number[] | undefined): boolean {
  return acceptStatus === undefined ? statusCode < 400 : acceptStatus.includes(statusCode);
}

async function runHttp(
  step: HttpStep,
  ctx: ExecutorContext,
  chooseDispatcher: (ctx: ExecutorContext) => Promise<Dispatcher | undefined>,
): Promise<StepResult> {
  const prepared = prepareRequest(step.http, ctx.traceparent);
  const dispatcher = await chooseDispatcher(ctx);
  if (ctx.signal.aborted) {
    const why = abortReasonSuffix(ctx.signal.reason);
    throw new WorkflowError(ErrorCode.Cancelled, `${prepared.method} ${prepared.displayUrl} cancelled${why}`);
  }
  const timeoutMs = step.http.timeout_ms !== undefined && step.http.timeout_ms > 0 ? step.http.timeout_ms : undefined;
  const state: AbortState = { stepSignal: ctx.signal, timeoutMs };
  let signal = ctx.signal;
  if (timeoutMs !== undefined) {
    state.timeoutSignal = AbortSignal.timeout(timeoutMs);
    signal = AbortSignal.any([ctx.signal, state.timeoutSignal]);
  }
  let statusCode: number;
  let rawHeaders: Record<string, string | string[] | undefined>;
  let body: Awaited<ReturnType<typeof readCappedBody>>;
  try {
    // Loaded on first use: most workflows never make a request, and undici costs ~50 ms to load.
    const { request } = await import('undici');
    const response = await request(prepared.url, {
      method: prepared.method as Dispatcher.HttpMethod,
      headers: prepared.headers,
      body: prepared.body,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      dispatcher,
    });
    statusCode = response.statusCode;
    rawHeaders = response.headers;
    body = await readCappedBody(response.body, ctx.output_limit_bytes);
  } catch (error) {
    throw requestFailure(prepared, error, state);
  }
  const { output, text } = responseOutput(body, rawHeaders['content-type']);
  const metadata: Record<string, unknown> = {
    status_code: statusCode,
    headers: responseHeaders(rawHeaders),
    url: prepared.displayUrl,
    method: prepared.method,
  };
  if (body.truncated) metadata.truncated = true;
  if (!accepted(statusCode, step.http.accept_status)) throw statusFailure(prepared, statusCode, text, metadata, output);
  return { output, metadata };
}

/**
 * Creates an `http` executor; pass a dispatcher to use a proxy or custom connection pool for trusted executions.
 * Below `trusted`, loopback, private, link-local and the server's own addresses are refused at connect time
 * (`EGRESS_REFUSED`) unless `ctx.boundary.allowedHttpTargets` grants them.
 */
export function createHttpExecutor(options: HttpExecutorOptions = {}): StepExecutor<HttpStep> {
  const chooseDispatcher = dispatcherChooser(options);
  return {
    type: 'http',
    validate: httpStepProblems,
    run: (step, ctx) => runHttp(step, ctx, chooseDispatcher),
  };
}
