// Build step shared by the CLI bundle and the precompiled schema validator: rewrites a module's top-level function
// declarations as parenthesized function expressions so V8 compiles them eagerly, and so Node's compile cache
// (which stores what was compiled when the module was compiled) holds them. Lazy functions are otherwise compiled
// again in every process, which is most of what a short command like `skill workflow validate` spends on its code.

/**
 * The code with every top-level `function f() {}` (plain, async or generator) moved, as `var f = (function f() {});`,
 * to just after the module's imports: hoisting made them callable from there on already, so nothing that runs
 * later sees a difference. Within an ES module the binding is now set when the module evaluates rather than when
 * it links, so a module in an import cycle must not be rewritten (a module of the cycle could call it first).
 *
 * @param {string} code the module's source
 * @param {{ body: Array<{ type: string, start: number, end: number, id?: { name: string } }> }} program its ESTree
 *   AST (e.g. from `rolldown/parseAst`), with `start`/`end` offsets into `code`
 * @returns {{ code: string, count: number }} the rewritten source and how many functions were moved
 */
export function eagerFunctions(code, program) {
  const moved = program.body.filter((node) => node.type === 'FunctionDeclaration' && node.id);
  if (moved.length === 0) return { code, count: 0 };
  const imports = program.body.filter((node) => node.type === 'ImportDeclaration');
  const head = imports.length ? imports[imports.length - 1].end : directivesEnd(program);
  if (moved[0].start < head) throw new Error('eagerFunctions: a function declaration comes before an import');
  const declarations = moved.map((node) => `var ${node.id.name} = (${code.slice(node.start, node.end)});`);
  let rest = '';
  let from = head;
  for (const node of moved) {
    rest += code.slice(from, node.start);
    from = node.end;
  }
  rest += code.slice(from);
  return { code: `${code.slice(0, head)}\n${declarations.join('\n')}\n${rest}`, count: moved.length };
}

/** Offset just after the leading `"use strict";`-style directives (0 when there are none). */
function directivesEnd(program) {
  let end = 0;
  for (const node of program.body) {
    if (node.type !== 'ExpressionStatement' || !('directive' in node)) break;
    end = node.end;
  }
  return end;
}
