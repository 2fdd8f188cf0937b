// Reads [[triggers]]: schedules (the cron expression read by croner, the time zone, overlap and catch-up policies)
// and webhooks (the secret or token they are checked with, the body limit); inputs are checked against [inputs].
import {
  type InputDefinition,
  inputTypeWithArticle,
  isAllowedInputValue,
  isJsonObject,
  matchesInputType,
  type ScheduleCatchUp,
  type ScheduleOverlap,
  type SourceLocation,
  type TriggerDefinition,
  WEBHOOK_BODY_LIMITS,
  type WebhookTrigger,
} from '@skill/workflow-model';
import { cronProblem, isKnownTimeZone } from './cron-schedule.js';
import { type DiagnosticSink, describeValue } from './diagnostic-sink.js';
import { suggestName } from './did-you-mean.js';
import { numberField, type RawTable, stringField, tableField } from './field-readers.js';
import { formatPath } from './key-path.js';
import type { KeyPath } from './source-map.js';

const OVERLAPS: readonly ScheduleOverlap[] = ['skip', 'queue', 'allow'];
const CATCH_UPS: readonly ScheduleCatchUp[] = ['none', 'latest', 'all'];

/** Checks a trigger's inputs against the declared ones (open inputs: any name, strings or not). */
function checkTriggerInputs(
  given: Record<string, unknown>,
  declared: Record<string, InputDefinition>,
  openInputs: boolean,
  path: KeyPath,
  sink: DiagnosticSink,
  templated = false,
): void {
  if (openInputs) return;
  const names = Object.keys(declared);
  for (const [name, value] of Object.entries(given)) {
    const at = [...path, 'inputs', name];
    const input = declared[name];
    if (!input) {
      sink.error(
        'INPUT_UNKNOWN',
        at,
        `${formatPath(at)}: the workflow has no input "${name}"`,
        suggestName(name, names, 'declared inputs'),
      );
    } else if (templated && typeof value === 'string' && value.includes('{')) {
      // a template over the webhook's body: its value is checked when a call comes
    } else if (!matchesInputType(value, input.type)) {
      sink.error(
        'INPUT_TYPE',
        at,
        `${formatPath(at)} must be ${inputTypeWithArticle(input.type)}, got ${describeValue(value)}`,
      );
    } else if (input.enum && !isAllowedInputValue(input.enum, value)) {
      sink.error('INPUT_ENUM', at, `${formatPath(at)} ${describeValue(value)} is not one of the allowed values`);
    }
  }
  for (const [name, input] of Object.entries(declared)) {
    if (input.required && !Object.hasOwn(input, 'default') && !Object.hasOwn(given, name)) {
      sink.error(
        'INPUT_MISSING',
        [...path, 'inputs'],
        `${formatPath(path)} does not give the required input "${name}"`,
      );
    }
  }
}

/** `{secrets.NAME}` as a whole: the name of the secret a webhook is checked with. */
const SECRET_REFERENCE = /^\{secrets\.([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** Reads one webhook trigger; undefined when it has errors. */
function readWebhook(raw: RawTable, path: KeyPath, sink: DiagnosticSink): Omit<WebhookTrigger, 'inputs'> | undefined {
  const names: { secret?: string; token?: string } = {};
  for (const key of ['secret', 'token'] as const) {
    const value = stringField(raw, key);
    if (value === undefined) continue;
    const name = SECRET_REFERENCE.exec(value)?.[1];
    const at = [...path, key];
    if (name === undefined) {
      sink.error(
        'INVALID_VALUE',
        at,
        `${formatPath(at)} must name a secret as "{secrets.NAME}", got ${describeValue(value)}`,
        'keep the value in .skill/secrets.env or SKILL_SECRET_<NAME>, never in the workflow file',
      );
      return undefined;
    }
    names[key] = name;
  }
  if ((names.secret === undefined) === (names.token === undefined)) {
    sink.error(
      'INVALID_VALUE',
      path,
      `${formatPath(path)} (a webhook) needs exactly one of secret (HMAC-SHA256 signature) or token (bearer token)`,
      'e.g. secret = "{secrets.GITHUB_WEBHOOK_SECRET}"',
    );
    return undefined;
  }
  const limit = numberField(raw, 'max_body_bytes') ?? WEBHOOK_BODY_LIMITS.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > WEBHOOK_BODY_LIMITS.max) {
    const at = [...path, 'max_body_bytes'];
    sink.error('INVALID_VALUE', at, `${formatPath(at)} must be an integer from 1 to ${WEBHOOK_BODY_LIMITS.max}`);
    return undefined;
  }
  return {
    type: 'webhook',
    ...names,
    delivery_header: stringField(raw, 'delivery_header') ?? 'X-GitHub-Delivery',
    max_body_bytes: limit,
  };
}

function pick<T extends string>(raw: RawTable, key: string, allowed: readonly T[], fallback: T): T {
  const value = stringField(raw, key);
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/**
 * Reads `root.triggers`. Type and enum errors are the schema's; this adds the cron expression, the time zone and
 * the inputs. Returns undefined when the workflow has no triggers.
 */
export function readTriggers(
  root: RawTable,
  inputs: { declared: Record<string, InputDefinition>; open: boolean },
  sink: DiagnosticSink,
  locate: (path: KeyPath) => SourceLocation | undefined,
): TriggerDefinition[] | undefined {
  if (!Array.isArray(root.triggers)) return undefined;
  const triggers: TriggerDefinition[] = [];
  root.triggers.forEach((raw, index) => {
    if (!isJsonObject(raw)) return;
    const path = ['triggers', index];
    if (stringField(raw, 'type') === 'webhook') {
      const webhook = readWebhook(raw, path, sink);
      const given = tableField(raw, 'inputs') ?? {};
      checkTriggerInputs(given, inputs.declared, inputs.open, path, sink, true);
      const location = locate(path);
      if (webhook) triggers.push({ ...webhook, inputs: given, ...(location ? { location } : {}) });
      return;
    }
    const cron = stringField(raw, 'cron');
    if (cron === undefined) {
      sink.error(
        'INVALID_VALUE',
        path,
        `${formatPath(path)} has no cron expression`,
        'add cron = "0 3 * * *" (minute hour day month weekday)',
      );
      return;
    }
    const timezone = stringField(raw, 'timezone');
    if (timezone !== undefined && !isKnownTimeZone(timezone)) {
      const at = [...path, 'timezone'];
      sink.error(
        'INVALID_VALUE',
        at,
        `${formatPath(at)}: unknown time zone ${describeValue(timezone)}`,
        'use an IANA name such as "Europe/Paris" or "UTC"',
      );
    } else {
      const problem = cronProblem(cron, timezone);
      const at = [...path, 'cron'];
      if (problem)
        sink.error(
          'INVALID_VALUE',
          at,
          `${formatPath(at)} ${describeValue(cron)} is not a valid cron expression: ${problem}`,
        );
    }
    const given = tableField(raw, 'inputs') ?? {};
    checkTriggerInputs(given, inputs.declared, inputs.open, path, sink);
    const location = locate(path);
    triggers.push({
      type: 'schedule',
      cron,
      ...(timezone === undefined ? {} : { timezone }),
      inputs: given,
      overlap: pick(raw, 'overlap', OVERLAPS, 'skip'),
      catch_up: pick(raw, 'catch_up', CATCH_UPS, 'none'),
      ...(location ? { location } : {}),
    });
  });
  return triggers;
}
