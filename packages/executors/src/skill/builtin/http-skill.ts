// The built-in `http` skill: tool `request` makes one HTTP request through the http step executor.
import type { ExecutorContext, HttpStep, Skill, StepExecutor, StepResult } from '@skill/workflow-model';
import { ErrorCode, parseDuration, WorkflowError } from '@skill/workflow-model';
import { httpStepProblems } from '../../http/http-step-checks.js';
import { lazyExecutor } from '../../lazy-executor.js';

/** The input schema of `http.request`. */
export const REQUEST_INPUT_SCHEMA = {
  type: 'object',
  properties: {
    url: { type: 'string', description: 'http:// or https:// URL.' },
    method: { type: 'string', description: 'HTTP method (default GET).' },
    headers: {
      type: 'object',
      description: 'Request headers.',
      additionalProperties: { type: ['string', 'number', 'boolean'] },
    },
    body: { description: 'A string is sent as is; a table or array as JSON.' },
    timeout: {
      type: ['string', 'number'],
      description: 'A duration such as "500ms", "5s", "1m30s", or a number of milliseconds.',
    },
  },
  required: ['url'],
  additionalProperties: false,
} as const satisfies Record<string, unknown>;

/**
 * A `timeout` arg in milliseconds: a number (or numeric string) of milliseconds, or a duration with units
 * read like durations in workflow files ("500ms", "5s", "1h30m").
 */
export function timeoutArg(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
    try {
      return parseDuration(text);
    } catch {
      // reported below, in the skill's words
    }
  }
  throw new WorkflowError(
    ErrorCode.InvalidDuration,
    `http.request timeout ${JSON.stringify(value)} is not a duration (use "500ms", "5s", "1m30s" or a number of milliseconds)`,
    { retryable: false },
  );
}

function headersArg(headers: unknown): Record<string, string> | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
}

/** The http step that one `request` call stands for. */
function requestStep(args: Record<string, unknown>, ctx: ExecutorContext): HttpStep {
  return {
    id: ctx.step_id,
    step_type: 'http',
    depends_on: [],
    continue_on_error: false,
    retry: { max_attempts: 1, backoff: 'none', initial_delay_ms: 0, max_delay_ms: 0 },
    http: {
      method: typeof args.method === 'string' ? args.method : 'GET',
      url: args.url as string,
      headers: headersArg(args.headers),
      body: args.body,
      timeout_ms: timeoutArg(args.timeout),
    },
  };
}

/** A default http step executor, its HTTP client loaded at the first request. */
function defaultHttpExecutor(): StepExecutor<HttpStep> {
  return lazyExecutor('http', httpStepProblems, async () =>
    (await import('../../http/http-executor.js')).createHttpExecutor(),
  );
}

/** The `http` skill; `executor` is the http step executor doing the work (a default one when omitted). */
export function httpSkill(executor: StepExecutor<HttpStep> = defaultHttpExecutor()): Skill {
  return {
    name: 'http',
    description: 'Makes HTTP requests.',
    tools: {
      request: {
        description:
          'Sends one HTTP request (`url`, `method`, `headers`, `body`, `timeout`); the output is the JSON or text body, ' +
          'metadata has status_code and headers; a status >= 400 fails.',
        inputSchema: REQUEST_INPUT_SCHEMA,
        run: (args: Record<string, unknown>, ctx: ExecutorContext): Promise<StepResult> =>
          executor.run(requestStep(args, ctx), ctx),
      },
    },
  };
}
