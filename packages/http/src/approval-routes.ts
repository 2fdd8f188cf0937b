// POST /api/executions/:id/steps/:step/approve|reject: decide a waiting approval step with its form values.
import type { Engine } from '@skill/workflow-core';
import { Hono } from 'hono';
import { HttpErrorCode, httpError } from './http-errors.js';
import { optionalObject, optionalString, readJsonObject } from './request-input.js';

const BODY_KEYS: readonly string[] = ['fields', 'comment'];

/** Who decides through the API: the token's holder when the server has one, else an anonymous loopback caller. */
export function apiCaller(token: string | undefined): string {
  return token === undefined ? 'api:anonymous' : 'api:token';
}

/** The approval routes, relative to `/api/executions`; `decidedBy` names the caller in the recorded decision. */
export function approvalRoutes(engine: Engine, decidedBy: string): Hono {
  const routes = new Hono();
  for (const decision of ['approve', 'reject'] as const) {
    routes.post(`/:id/steps/:step/${decision}`, async (c) => {
      const body = await readJsonObject(c);
      const unknown = Object.keys(body).filter((key) => !BODY_KEYS.includes(key));
      if (unknown.length > 0) {
        throw httpError(
          HttpErrorCode.InvalidRequest,
          `unknown key ${JSON.stringify(unknown[0])} in the request body (allowed: ${BODY_KEYS.join(', ')})`,
          { field: unknown[0] },
        );
      }
      const fields = optionalObject(body, 'fields');
      const comment = optionalString(body, 'comment');
      const recorded = await engine.decideApproval(c.req.param('id'), c.req.param('step'), {
        decision,
        decidedBy,
        ...(fields === undefined ? {} : { fields }),
        ...(comment === undefined ? {} : { comment }),
      });
      return c.json(recorded);
    });
  }
  return routes;
}
