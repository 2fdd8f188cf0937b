// Tests of the shared lexer pieces: skeletons, line numbers, the place recorder.
import { describe, expect, it } from 'vitest';
import { ATOM_CHAR, lineAt, PlaceRecorder, type Skeleton } from './lexer-base.js';

/** The skeleton of `code` where each `§` marks a template. */
function skeletonOf(code: string): Skeleton {
  const pieces = code.split('§');
  let text = pieces[0] as string;
  const atoms: number[] = [];
  for (const piece of pieces.slice(1)) {
    atoms.push(text.length);
    text += ATOM_CHAR + piece;
  }
  return { text, atoms };
}

describe('lexer base', () => {
  it('builds skeletons with atoms in order', () => {
    expect(skeletonOf('a§b§')).toEqual({ text: `a${ATOM_CHAR}b${ATOM_CHAR}`, atoms: [1, 3] });
  });

  it('numbers lines from 1', () => {
    expect(lineAt('a\nb\nc', 0)).toBe(1);
    expect(lineAt('a\nb\nc', 2)).toBe(2);
    expect(lineAt('a\nb\nc', 4)).toBe(3);
  });

  it('keeps the first place recorded for an atom and fills unreached ones', () => {
    const rec = new PlaceRecorder<string, null>(skeletonOf('§ §'));
    rec.record(0, { kind: 'comment' });
    rec.record(0, { kind: 'code', code: null });
    expect(rec.finish({ kind: 'refused', where: 'nowhere' })).toEqual([
      { kind: 'comment' },
      { kind: 'refused', where: 'nowhere' },
    ]);
  });

  it('refuses an atom inside an escape that could still take characters', () => {
    const rec = new PlaceRecorder<string, null>(skeletonOf('\\x4§ \\x41§'));
    const tails = { x: /^[0-9a-f]?$/ };
    rec.refuseInEscape(0, tails, 'a string');
    rec.refuseInEscape(5, tails, 'a string');
    expect(rec.finish({ kind: 'comment' })).toEqual([
      { kind: 'refused', where: 'inside the escape sequence `\\x4` of a string' },
      { kind: 'comment' },
    ]);
  });
});
