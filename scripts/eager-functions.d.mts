// Types of eager-functions.mjs, for its test.

/** A parsed module: its top-level statements with offsets into the source. */
export interface ProgramLike {
  body: ReadonlyArray<{ type: string; start: number; end: number }>;
}

/** The code with its top-level function declarations as eagerly compiled expressions, and how many moved. */
export function eagerFunctions(code: string, program: ProgramLike): { code: string; count: number };
