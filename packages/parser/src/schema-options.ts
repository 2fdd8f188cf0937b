// The ajv options of the workflow schema validator: shared by run-time compilation and the build step.

/** Options for ajv's draft 2020-12 class (all errors, strict schema, readable error data). */
export const ajvOptions = { allErrors: true, strict: true, allowUnionTypes: true, verbose: true } as const;
