// Loads the shipped JSON Schema (schema/workflow.schema.json) and its validator: the build's precompiled
// dist/schema-validator.cjs when present, else compiled with ajv on first use.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ajvOptions } from './schema-options.js';

/** Absolute path of `schema/workflow.schema.json`; resolves from `src/` and from `dist/` alike. */
export const workflowSchemaPath: string = fileURLToPath(new URL('../schema/workflow.schema.json', import.meta.url));

/** The JSON Schema (draft 2020-12) of the raw TOML shape of a workflow file. */
export const workflowSchema: Record<string, unknown> = JSON.parse(readFileSync(workflowSchemaPath, 'utf8'));

const require = createRequire(import.meta.url);
let validator: ValidateFunction | undefined;

function loadValidator(): ValidateFunction {
  try {
    const compiled = require('./schema-validator.cjs') as ValidateFunction | { default: ValidateFunction };
    return typeof compiled === 'function' ? compiled : compiled.default;
  } catch {
    // ajv is CommonJS: its module's `default` is the class.
    const Ajv2020 = (require('ajv/dist/2020') as { default: typeof import('ajv/dist/2020.js').default }).default;
    return new Ajv2020(ajvOptions).compile(workflowSchema);
  }
}

/** Validates a raw workflow against the schema; returns ajv's errors (empty when valid). */
export function schemaErrors(raw: unknown): ErrorObject[] {
  validator ??= loadValidator();
  return validator(raw) ? [] : [...(validator.errors ?? [])];
}

/** A named `$defs` entry of the schema (for recognising where an error comes from). */
export function schemaDefinition(name: string): unknown {
  const defs = workflowSchema.$defs as Record<string, unknown> | undefined;
  return defs?.[name];
}
