// Loads the shipped JSON Schema (schema/workflow.schema.json) once and compiles it with ajv.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ajv2020, { type ErrorObject } from 'ajv/dist/2020.js';

/** Absolute path of `schema/workflow.schema.json`; resolves from `src/` and from `dist/` alike. */
export const workflowSchemaPath: string = fileURLToPath(new URL('../schema/workflow.schema.json', import.meta.url));

/** The JSON Schema (draft 2020-12) of the raw TOML shape of a workflow file. */
export const workflowSchema: Record<string, unknown> = JSON.parse(readFileSync(workflowSchemaPath, 'utf8'));

// ajv is CommonJS: under NodeNext the default import is `module.exports`, whose `default` is the class.
const ajv = new ajv2020.default({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
const validate = ajv.compile(workflowSchema);

/** Validates a raw workflow against the schema; returns ajv's errors (empty when valid). */
export function schemaErrors(raw: unknown): ErrorObject[] {
  return validate(raw) ? [] : [...(validate.errors ?? [])];
}

/** A named `$defs` entry of the schema (for recognising where an error comes from). */
export function schemaDefinition(name: string): unknown {
  const defs = workflowSchema.$defs as Record<string, unknown> | undefined;
  return defs?.[name];
}
