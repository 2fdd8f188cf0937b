// Tests of the Ruby lexer: which context each template stands in.
import { describe, expect, it } from 'vitest';
import { placeKind, skeletonOf } from './lexer-skeleton.suite.js';
import { lexRuby } from './ruby-lexer.js';

/** `code`, `comment`, `single`/`double`/`interpolating`, or `refused: <where>` per template. */
function kinds(code: string): string[] {
  return lexRuby(skeletonOf(code)).map(placeKind);
}

const refusedFor = (text: string) => expect.stringMatching(new RegExp(`^refused: .*${text}`));

describe('ruby lexer', () => {
  it('finds code, strings, symbols and comments', () => {
    expect(kinds('x = §')).toEqual(['code']);
    expect(kinds(`'§' "§" :"§" x # §\n§`)).toEqual(['single', 'double', 'double', 'comment', 'code']);
    expect(kinds('\'it\\\'s §\' + "a\\"§" + §')).toEqual(['single', 'double', 'code']);
    expect(kinds('x = 1\n=begin\n§ "\n=end\n§')).toEqual(['comment', 'code']);
    expect(kinds('{a: §, \'b\': §, "c" => §}')).toEqual(['code', 'code', 'code']);
    expect(kinds("x = ?' + '§' + $' + §")).toEqual(['single', 'code']);
    expect(kinds('x = $" + "§"')).toEqual(['double']);
  });

  it('reads #{...} as code, nesting included', () => {
    expect(kinds('"a #{ § } b § #{ {k: §}[:k] } \\#{§}"')).toEqual(['code', 'double', 'code', 'double']);
    expect(kinds('"#{ "in #{§} §" } §" + §')).toEqual(['code', 'double', 'double', 'code']);
    expect(kinds("'#{§}'")).toEqual(['single']);
  });

  it('knows %-literals', () => {
    expect(kinds('%Q(a(b)§) + %(§) + %[§] + %Q|§| + §')).toEqual([
      'interpolating',
      'interpolating',
      'interpolating',
      'interpolating',
      'code',
    ]);
    expect(kinds('%q(§)')).toEqual([refusedFor('%q')]);
    expect(kinds('%w(a §)')).toEqual([refusedFor('word list')]);
    expect(kinds('%i[§]')).toEqual([refusedFor('word list')]);
    expect(kinds('%r{§}')).toEqual([refusedFor('regular expression')]);
    expect(kinds('%x(§)')).toEqual([refusedFor('command')]);
    expect(kinds('x = 7 % § + 10 %3')).toEqual(['code']);
  });

  it('knows heredocs', () => {
    expect(kinds('x = <<~EOS\n  §\n  EOS\n§')).toEqual(['interpolating', 'code']);
    expect(kinds('puts <<-EOS, §\n EOS §\n EOS\n§')).toEqual(['code', 'interpolating', 'code']);
    expect(kinds('f(<<A, <<"B")\n§\nA\n#{§}\nB\n§')).toEqual(['interpolating', 'code', 'code']);
    expect(kinds("x = <<~'EOS'\n§\nEOS\n§")).toEqual([refusedFor('single-quoted heredoc'), 'code']);
    expect(kinds('x = <<~`EOS`\n§\nEOS')).toEqual([refusedFor('command heredoc')]);
    expect(kinds('x = <<EOS\n  EOS\n§\nEOS\n§')).toEqual(['interpolating', 'code']);
    expect(kinds('class << self\n  §\nend')).toEqual(['code']);
    expect(kinds('arr = []\narr <<EOS\n§')).toEqual(['code']);
    expect(kinds('x = 1 <<2\n§')).toEqual(['code']);
  });

  it('refuses regexps and commands and tells `/` from division', () => {
    expect(kinds('x = /a§/i')).toEqual([refusedFor('regular expression')]);
    expect(kinds('x =~ /§/')).toEqual([refusedFor('regular expression')]);
    expect(kinds('puts /§/')).toEqual([refusedFor('regular expression')]);
    expect(kinds('s.match /§/')).toEqual([refusedFor('regular expression')]);
    expect(kinds('x = `ls §`')).toEqual([refusedFor('command')]);
    expect(kinds('x = a / § / 2 + f(1) /§')).toEqual(['code', 'code']);
    expect(kinds('x = y/§')).toEqual(['code']);
  });

  it('refuses everything after a `/` or `%` Ruby itself decides by local variables', () => {
    expect(kinds('foo /x/; y = "§"')).toEqual([refusedFor('ambiguous `/` after `foo`')]);
    expect(kinds('p = 2\nx = p /2; "§"')).toEqual([refusedFor('ambiguous `/` after `p`')]);
    expect(kinds('p, q = 4, 2\nx = p /2; "§"')).toEqual([refusedFor('ambiguous `/` after `p`')]);
    expect(kinds('[1].each { |a, p| p /2 }; "§"')).toEqual([refusedFor('ambiguous `/` after `p`')]);
    expect(kinds('foo %(x); "§"')).toEqual([refusedFor('ambiguous `%`')]);
    expect(kinds('x = a ?"§" : 1')).toEqual([refusedFor('ambiguous `\\?"`')]);
    expect(kinds('x = a ?b : §')).toEqual(['code']);
  });

  it('refuses templates a backslash, an escape or a prefix would change', () => {
    expect(kinds('"\\§"')).toEqual([refusedFor('backslash')]);
    expect(kinds("'\\§'")).toEqual([refusedFor('backslash')]);
    expect(kinds('"\\u00§" "\\x§" "\\M-§"')).toEqual([
      refusedFor('escape sequence'),
      refusedFor('escape sequence'),
      refusedFor('escape sequence'),
    ]);
    expect(kinds('"#@§" "#$§" "#§" "\\#§"\n%(#§)\n"##§"')).toEqual([
      refusedFor('`#`'),
      refusedFor('`#`'),
      refusedFor('`#`'),
      'double',
      refusedFor('`#`'),
      refusedFor('`#`'),
    ]);
    expect(kinds('x = <<~E\n  #§\nE\n')).toEqual([refusedFor('`#`')]);
    expect(kinds('x = %§ + ?§')).toEqual([refusedFor('`%`'), refusedFor('`\\?`')]);
    expect(kinds("x = :'§'")).toEqual([refusedFor('quoted symbol')]);
  });

  it('refuses the data section after __END__', () => {
    expect(kinds('x = §\n__END__\n§')).toEqual(['code', refusedFor('__END__')]);
  });
});
