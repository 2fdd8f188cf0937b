// The built-in `http` skill: tool `request` makes one HTTP request through the http step executor.
import type { ExecutorContext, HttpStep, Skill, StepExecutor, StepResult } from '@skill/workflow-model';
import { ErrorCode, WorkflowError } from '@skill/workflow-model';
import { createHttpExecutor } from '../../http/http-executor.js';

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

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** A `timeout` arg in milliseconds: a number of ms, or a duration string ("500ms", "5s", "1h30m"). */
export function timeoutArg(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
    let total = 0;
    let end = 0;
    DURATION_PART.lastIndex = 0;
    for (let match = DURATION_PART.exec(text); match !== null; match = DURATION_PART.exec(text)) {
      total += Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
      end = DURATION_PART.lastIndex;
    }
    if (text !== '' && end === text.length) return total;
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

/** The `http` skill; `executor` is the http step executor doing the work (a default one when omitted). */
export function httpSkill(executor: StepExecutor<HttpStep> = createHttpExecutor()): Skill {
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
