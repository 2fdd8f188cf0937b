// Tests of the JavaScript lexer: which context each template stands in.
import { describe, expect, it } from 'vitest';
import { lexJavaScript } from './javascript-lexer.js';
import { placeKind, skeletonOf } from './lexer-skeleton.suite.js';

/** `code`, `comment`, `single`/`double`/`template`, or `refused: <where>` per template. */
function kinds(code: string): string[] {
  return lexJavaScript(skeletonOf(code)).map(placeKind);
}

describe('javascript lexer', () => {
  it('finds code, strings and comments', () => {
    expect(kinds('const x = §;')).toEqual(['code']);
    expect(kinds(`'§'; "§"; \`§\``)).toEqual(['single', 'double', 'template']);
    expect(kinds('// §\n§ /* § */ §')).toEqual(['comment', 'code', 'comment', 'code']);
    expect(kinds('#!/usr/bin/env node §\n§')).toEqual(['comment', 'code']);
    expect(kinds('x <!-- §\n--> §\n §')).toEqual(['comment', 'comment', 'code']);
    expect(kinds('\'it\\\'s §\' + "a\\"§" + §')).toEqual(['single', 'double', 'code']);
    expect(kinds("'//' + § + '/*' + §")).toEqual(['code', 'code']);
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source on purpose
  it('reads ${...} in template literals as code, nesting included', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source on purpose
    expect(kinds('`a ${ § } b § ${ {k: §}.k } \\${§}`')).toEqual(['code', 'template', 'code', 'template']);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source on purpose
    expect(kinds('`${ `in ${ § } §` } §` + §')).toEqual(['code', 'template', 'template', 'code']);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source on purpose
    expect(kinds('`${ "}" + § }`')).toEqual(['code']);
  });

  it('refuses regular expression literals and tells them from division', () => {
    expect(kinds('x = /a§/g')[0]).toContain('regular expression');
    expect(kinds('return /[/]§/')[0]).toContain('regular expression');
    expect(kinds('if (x) /§/.test(y)')[0]).toContain('regular expression');
    expect(kinds('f(x) / § / 2')).toEqual(['code']);
    expect(kinds('a[0] / § + b.return / §')).toEqual(['code', 'code']);
    expect(kinds('x = {} / §; {}\n/§/')).toEqual(['code', expect.stringContaining('regular expression')]);
    expect(kinds('/[/]/ + "§" + §')).toEqual(['double', 'code']);
    expect(kinds('a++ / § / b')).toEqual(['code']);
    expect(kinds('for (const m of /§/g.exec(s)) {}')[0]).toContain('regular expression');
    expect(kinds('const of = 4; x = of / 2 + "a/§"')).toEqual(['double']);
  });

  it('refuses `${` formed with the template, which was probably meant as a substitution', () => {
    expect(kinds('`$§ \\$§ $ §`')).toEqual([expect.stringContaining('drop the `$`'), 'template', 'template']);
    expect(kinds('$§; "$§"')).toEqual(['code', 'double']);
  });

  it('refuses tagged template literals but not their substitutions', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source on purpose
    expect(kinds('tag`§ ${§}`')).toEqual([expect.stringContaining('tagged template'), 'code']);
    expect(kinds('String.raw`§`')[0]).toContain('tagged template');
    expect(kinds('f()`§`')[0]).toContain('tagged template');
    expect(kinds('return `§`')).toEqual(['template']);
  });

  it('refuses templates a backslash or an escape would swallow', () => {
    expect(kinds('"\\§"')[0]).toContain('backslash');
    expect(kinds('`\\u{§}`')[0]).toContain('escape sequence');
    expect(kinds("'\\x§'")[0]).toContain('escape sequence');
    expect(kinds('"\\\\§" "\\n§" "\\u0041§"')).toEqual(['double', 'double', 'double']);
  });
});
