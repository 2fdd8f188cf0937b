// The build's eager-compilation rewrite (scripts/eager-functions.mjs) keeps what a module does.
import vm from 'node:vm';
import { parseAst } from 'rolldown/parseAst';
import { describe, expect, it } from 'vitest';
import { eagerFunctions } from '../../../scripts/eager-functions.mjs';

const rewrite = (code: string) => eagerFunctions(code, parseAst(code));

/** Runs a script and returns what it left in `result`. */
function run(code: string): unknown {
  const context: { result?: unknown } = {};
  vm.runInNewContext(code, context);
  return context.result;
}

describe('eagerFunctions', () => {
  it('wraps every top-level function (plain, async, generator) and keeps calls before the declaration working', () => {
    const code = [
      '"use strict";',
      'const early = twice(2);',
      'function twice(n) { return helper(n) * 2; }',
      'async function later() { return 1; }',
      'function* counter() { yield 1; }',
      'function helper(n) { return n; }',
      'twice.tag = "t";',
      'globalThis.result = [early, twice(5), twice.tag, [...counter()], typeof later];',
    ].join('\n');
    const { code: out, count } = rewrite(code);
    expect(count).toBe(4);
    expect(out.startsWith('"use strict";\nvar twice = (function twice(n)')).toBe(true);
    expect(out).not.toMatch(/^function /m);
    expect(run(out)).toEqual(run(code));
  });

  it('places the functions after the imports of an ES module and leaves nested functions alone', () => {
    const code =
      'import { a } from "./a.js";\nexport const b = f();\nfunction f() { function inner() { return a; } return inner; }\n';
    const { code: out, count } = rewrite(code);
    expect(count).toBe(1);
    expect(out).toBe(
      'import { a } from "./a.js";\nvar f = (function f() { function inner() { return a; } return inner; });\n\nexport const b = f();\n\n',
    );
  });

  it('returns a module without top-level functions unchanged', () => {
    const code = 'const x = () => 1;\nglobalThis.result = x();\n';
    expect(rewrite(code)).toEqual({ code, count: 0 });
  });
});
