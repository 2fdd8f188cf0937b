// Tests of the Python lexer: which context each template stands in.
import { describe, expect, it } from 'vitest';
import { skeletonOf } from './lexer-skeleton.suite.js';
import { lexPython, type PythonLiteral, type PythonPlace } from './python-lexer.js';

function places(code: string): PythonPlace[] {
  return lexPython(skeletonOf(code));
}

function kinds(code: string): string[] {
  return places(code).map((p) => (p.kind === 'literal' ? `${p.literal.prefix}${p.literal.quote}` : p.kind));
}

function literal(code: string): PythonLiteral {
  const [place] = places(code);
  if (place?.kind !== 'literal') throw new Error(`not a literal: ${JSON.stringify(place)}`);
  return place.literal;
}

const top = { kind: 'code', code: { inField: false, quotes: '' } };

describe('python lexer', () => {
  it('finds code, comments and strings', () => {
    expect(places('x = §')).toEqual([top]);
    expect(kinds("x = § # § '\n'#' + §")).toEqual(['code', 'comment', 'code']);
    expect(kinds('"§" \'§\' """§""" \'\'\'§\'\'\'')).toEqual(['"', "'", '"', "'"]);
  });

  it('knows every prefix, in any case', () => {
    expect(literal("rb'§'")).toMatchObject({ prefix: 'rb', raw: true, bytes: true, format: false });
    expect(literal('BR"§"')).toMatchObject({ raw: true, bytes: true });
    expect(literal("u'§'")).toMatchObject({ raw: false, bytes: false, format: false });
    expect(literal('F"§"')).toMatchObject({ format: true, raw: false });
    expect(literal("Rf'''§'''")).toMatchObject({ format: true, raw: true, triple: true, quote: "'" });
    expect(literal("t'§'")).toMatchObject({ format: true });
    expect(literal("bar'§'")).toMatchObject({ prefix: '', raw: false });
    expect(literal("xr'§'")).toMatchObject({ prefix: '', raw: false });
  });

  it('ends strings at the right quote', () => {
    expect(kinds("'''it's \"§\" ''' + §")).toEqual(["'", 'code']);
    expect(kinds('"a\\"§" + §')).toEqual(['"', 'code']);
    expect(kinds("'a\\\n§' + §")).toEqual(["'", 'code']);
    expect(kinds("r'\\'§' + §")).toEqual(["r'", 'code']);
    expect(kinds("'unterminated\n§")).toEqual(['code']);
    expect(kinds("# a comment ends at a lone CR\r§ '§\r§'")).toEqual(['code', "'", 'code']);
    expect(kinds('"""a\n"§"\n""" # §')).toEqual(['"', 'comment']);
  });

  it('reads f-string replacement fields as code', () => {
    expect(places('f"{§}"')).toEqual([{ kind: 'code', code: { inField: true, quotes: '"' } }]);
    expect(places("f'{x:{§}}'")).toEqual([{ kind: 'code', code: { inField: true, quotes: "'" } }]);
    expect(places(`f"{f'{§}'}"`)).toEqual([{ kind: 'code', code: { inField: true, quotes: `"'` } }]);
    expect(kinds('f"{ {"a": §}["a"] } § {{§}} {x!=§}"')).toEqual(['code', 'f"', 'f"', 'code']);
    expect(kinds('f"{ (1, {2: 3}) } §"')).toEqual(['f"']);
  });

  it('refuses format specs, conversions and strings nested in fields', () => {
    expect(places('f"{x:>§}"')[0]).toMatchObject({ kind: 'refused', where: expect.stringContaining('format spec') });
    expect(places('f"{x!§}"')[0]).toMatchObject({ kind: 'refused', where: expect.stringContaining('conversion') });
    expect(places('f"{d[\'§\']}"')[0]).toMatchObject({ kind: 'refused', where: expect.stringContaining('nested') });
    expect(kinds('f"{x:>10}§"')).toEqual(['f"']);
  });

  it('refuses templates a backslash or an escape would swallow', () => {
    expect(places('"\\§"')[0]).toMatchObject({ kind: 'refused', where: expect.stringContaining('backslash') });
    expect(places('r"\\§"')[0]).toMatchObject({ kind: 'refused' });
    expect(places('"\\x4§"')[0]).toMatchObject({ kind: 'refused', where: expect.stringContaining('escape') });
    expect(places('"\\N{§}"')[0]).toMatchObject({ kind: 'refused' });
    expect(places('"\\12§"')[0]).toMatchObject({ kind: 'refused' });
    expect(kinds('"\\\\§" "\\n§" "\\x41§" b"\\u§"')).toEqual(['"', '"', '"', 'b"']);
    expect(kinds('r"\\\\§"')).toEqual(['r"']);
  });

  it('refuses a quote right before the template in a raw triple-quoted string', () => {
    expect(places("r'''a'§'''")[0]).toMatchObject({ kind: 'refused' });
    expect(kinds("r'''§''' r'''a''§''' r'''a'b§'''")).toEqual(["r'", 'refused', "r'"]);
  });
});
