// Tests of the Ruby lexer: which context each template stands in.
import { describe, expect, it } from 'vitest';
import { placeKind, skeletonOf } from './lexer-skeleton.suite.js';
import { lexRuby } from './ruby-lexer.js';

/** `code`, `comment`, `single`/`double`/`interpolating`, or `refused: <where>` per template. */
function kinds(code: string): string[] {
  return lexRuby(skeletonOf(code)).map(placeKind);
}

const refusedFor = (text: string) => expect.stringMatching(new RegExp(`^refused: .*${text}`));

/** Code with `§` marking each template, and the kinds the lexer gives them, by what they show. */
const CASES: Record<string, [code: string, kinds: unknown[]][]> = {
  'finds code, strings, symbols and comments': [
    ['x = §', ['code']],
    [`'§' "§" :"§" x # §\n§`, ['single', 'double', 'double', 'comment', 'code']],
    ['\'it\\\'s §\' + "a\\"§" + §', ['single', 'double', 'code']],
    ['x = 1\n=begin\n§ "\n=end\n§', ['comment', 'code']],
    ['{a: §, \'b\': §, "c" => §}', ['code', 'code', 'code']],
    ["x = ?' + '§' + $' + §", ['single', 'code']],
    ['x = $" + "§"', ['double']],
  ],
  'reads #{...} as code, nesting included': [
    ['"a #{ § } b § #{ {k: §}[:k] } \\#{§}"', ['code', 'double', 'code', 'double']],
    ['"#{ "in #{§} §" } §" + §', ['code', 'double', 'double', 'code']],
    ["'#{§}'", ['single']],
  ],
  'knows %-literals': [
    [
      '%Q(a(b)§) + %(§) + %[§] + %Q|§| + §',
      ['interpolating', 'interpolating', 'interpolating', 'interpolating', 'code'],
    ],
    ['%q(§)', [refusedFor('%q')]],
    ['%w(a §)', [refusedFor('word list')]],
    ['%i[§]', [refusedFor('word list')]],
    ['%r{§}', [refusedFor('regular expression')]],
    ['%x(§)', [refusedFor('command')]],
    ['x = 7 % § + 10 %3', ['code']],
  ],
  'knows heredocs': [
    ['x = <<~EOS\n  §\n  EOS\n§', ['interpolating', 'code']],
    ['puts <<-EOS, §\n EOS §\n EOS\n§', ['code', 'interpolating', 'code']],
    ['f(<<A, <<"B")\n§\nA\n#{§}\nB\n§', ['interpolating', 'code', 'code']],
    ["x = <<~'EOS'\n§\nEOS\n§", [refusedFor('single-quoted heredoc'), 'code']],
    ['x = <<~`EOS`\n§\nEOS', [refusedFor('command heredoc')]],
    ['x = <<EOS\n  EOS\n§\nEOS\n§', ['interpolating', 'code']],
    ['class << self\n  §\nend', ['code']],
    ['arr = []\narr <<EOS\n§', ['code']],
    ['x = 1 <<2\n§', ['code']],
  ],
  'refuses regexps and commands and tells `/` from division': [
    ['x = /a§/i', [refusedFor('regular expression')]],
    ['x =~ /§/', [refusedFor('regular expression')]],
    ['puts /§/', [refusedFor('regular expression')]],
    ['s.match /§/', [refusedFor('regular expression')]],
    ['x = `ls §`', [refusedFor('command')]],
    ['x = a / § / 2 + f(1) /§', ['code', 'code']],
    ['x = y/§', ['code']],
  ],
  'refuses everything after a `/` or `%` Ruby itself decides by local variables': [
    ['foo /x/; y = "§"', [refusedFor('ambiguous `/` after `foo`')]],
    ['p = 2\nx = p /2; "§"', [refusedFor('ambiguous `/` after `p`')]],
    ['p, q = 4, 2\nx = p /2; "§"', [refusedFor('ambiguous `/` after `p`')]],
    ['[1].each { |a, p| p /2 }; "§"', [refusedFor('ambiguous `/` after `p`')]],
    ['foo %(x); "§"', [refusedFor('ambiguous `%`')]],
    ['x = a ?"§" : 1', [refusedFor('ambiguous `\\?"`')]],
    ['x = a ?b : §', ['code']],
  ],
  'refuses templates a backslash, an escape or a prefix would change': [
    ['"\\§"', [refusedFor('backslash')]],
    ["'\\§'", [refusedFor('backslash')]],
    [
      '"\\u00§" "\\x§" "\\M-§"',
      [refusedFor('escape sequence'), refusedFor('escape sequence'), refusedFor('escape sequence')],
    ],
    [
      '"#@§" "#$§" "#§" "\\#§"\n%(#§)\n"##§"',
      [refusedFor('`#`'), refusedFor('`#`'), refusedFor('`#`'), 'double', refusedFor('`#`'), refusedFor('`#`')],
    ],
    ['x = <<~E\n  #§\nE\n', [refusedFor('`#`')]],
    ['x = %§ + ?§', [refusedFor('`%`'), refusedFor('`\\?`')]],
    ["x = :'§'", [refusedFor('quoted symbol')]],
  ],
  'refuses the data section after __END__': [['x = §\n__END__\n§', ['code', refusedFor('__END__')]]],
};

describe.each(Object.entries(CASES))('ruby lexer %s', (_topic, cases) => {
  it.each(cases)('%j', (code, expected) => {
    expect(kinds(code)).toEqual(expected);
  });
});
