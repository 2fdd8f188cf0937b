// receiveWebhook(): one call of `POST /api/hooks/<workflow>`: the body limit, the caller's signature or token,
// the delivery id (a replay starts nothing), then the workflow with inputs read from the JSON body as data.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { resolveDeep } from '@skill/workflow-expr';
import { isWorkflowError, type WebhookTrigger } from '@skill/workflow-model';
import type { Engine } from '../engine-types.js';

/** How long a delivery id is remembered: a replay within a day is refused. */
export const DELIVERY_MEMORY_MS = 24 * 60 * 60 * 1000;
const MAX_DELIVERY_ID_LENGTH = 200;

/** The parts of an HTTP call a webhook looks at. */
export interface WebhookCall {
  workflow: string;
  /** A request header by name (case-insensitive), or undefined. */
  header(name: string): string | undefined;
  body: Uint8Array;
}

/** What to answer: 202 with the started execution, or an error status, code and message (nothing started). */
export type WebhookAnswer =
  | { status: 202; execution_id: string }
  | { status: 400 | 401 | 404 | 409 | 413; code: string; message: string };

function refuse(status: 400 | 401 | 404 | 409 | 413, code: string, message: string): WebhookAnswer {
  return { status, code, message };
}

/** Equal strings, compared in constant time (digests of equal length, whatever the inputs' lengths). */
function sameText(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Whether the call carries the trigger's signature (`X-Hub-Signature-256: sha256=<hex>`) or bearer token. */
function authentic(engine: Engine, trigger: WebhookTrigger, call: WebhookCall): boolean {
  const name = trigger.secret ?? trigger.token;
  const secret = name === undefined ? undefined : engine.trustedSecret(name);
  if (!secret) return false; // a trigger whose secret is not set accepts nobody
  if (trigger.secret !== undefined) {
    const signature = call.header('x-hub-signature-256')?.trim() ?? '';
    const expected = `sha256=${createHmac('sha256', secret).update(call.body).digest('hex')}`;
    return sameText(signature.toLowerCase(), expected);
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(call.header('authorization') ?? '')?.[1];
  return bearer !== undefined && sameText(bearer, secret);
}

/** The workflow's first webhook trigger and its index, when it is a valid trusted workflow of the folder. */
async function webhookOf(engine: Engine, workflow: string) {
  const summary = (await engine.listWorkflows()).find((w) => w.name === workflow && w.valid && w.trusted);
  if (!summary) return undefined;
  const triggers = (await engine.load(summary.file)).definition.triggers ?? [];
  const index = triggers.findIndex((t) => t.type === 'webhook');
  const trigger = triggers[index];
  return trigger?.type === 'webhook' ? { trigger, index, file: summary.file } : undefined;
}

/**
 * The trigger's inputs over the call: one pass, so values taken from the body are data, never read again as
 * templates. An input whose body field is missing is left out (its default, or INPUT_MISSING, applies).
 */
function mapInputs(templates: Record<string, unknown>, call: { body: unknown; delivery_id: string }) {
  const scope = { has: (root: string) => root === 'trigger', get: () => call };
  const inputs: Record<string, unknown> = {};
  for (const [name, template] of Object.entries(templates)) {
    try {
      inputs[name] = resolveDeep(template, scope);
    } catch (error) {
      if (!isWorkflowError(error) || error.code !== 'TEMPLATE_REF_MISSING') throw error;
    }
  }
  return inputs;
}

/**
 * Handles one webhook call. The order keeps unauthenticated callers from costing more than finding the workflow
 * (one stat per file of the folders; parses are cached per content), the size check and one HMAC: size (413),
 * signature or token (401), delivery id (400 missing, 409 replayed), JSON (400), inputs (400).
 */
export async function receiveWebhook(engine: Engine, call: WebhookCall): Promise<WebhookAnswer> {
  const found = await webhookOf(engine, call.workflow);
  if (!found) return refuse(404, 'WORKFLOW_NOT_FOUND', `no workflow "${call.workflow}" with a webhook trigger`);
  const { trigger, index, file } = found;
  if (call.body.byteLength > trigger.max_body_bytes) {
    return refuse(413, 'BODY_TOO_LARGE', `the body is over the webhook's limit of ${trigger.max_body_bytes} bytes`);
  }
  if (!authentic(engine, trigger, call)) {
    const what = trigger.secret !== undefined ? 'a valid X-Hub-Signature-256 signature' : 'a valid bearer token';
    return refuse(401, 'AUTH_REQUIRED', `this webhook needs ${what}`);
  }
  const deliveryId = call.header(trigger.delivery_header)?.trim() ?? '';
  if (deliveryId === '' || deliveryId.length > MAX_DELIVERY_ID_LENGTH) {
    return refuse(
      400,
      'INVALID_REQUEST',
      `the ${trigger.delivery_header} header (delivery id, at most 200 characters) is required`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(call.body));
  } catch {
    return refuse(400, 'INVALID_JSON', 'the body is not JSON');
  }
  const expires_at = new Date(Date.now() + DELIVERY_MEMORY_MS).toISOString();
  const fresh = await engine.store.recordWebhookDelivery?.({
    workflow_name: call.workflow,
    delivery_id: deliveryId,
    expires_at,
  });
  if (fresh === false) return refuse(409, 'REPLAYED', `delivery ${JSON.stringify(deliveryId)} was received before`);
  try {
    const inputs = mapInputs(trigger.inputs, { body, delivery_id: deliveryId });
    const started = await engine.start(file, inputs, { trigger: { type: 'webhook', index, delivery_id: deliveryId } });
    return { status: 202, execution_id: started.executionId };
  } catch (error) {
    if (!isWorkflowError(error)) throw error;
    return refuse(400, error.code, error.message);
  }
}
