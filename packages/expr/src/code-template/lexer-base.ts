// Shared pieces of the inline-code lexers: the skeleton they read, the places they report, and a recorder.

/** The character a template stands for while code is lexed (private use: no language gives it a meaning). */
export const ATOM_CHAR = '\uE000';

/** Code with each real template replaced by {@link ATOM_CHAR} (an "atom"), and where the atoms are. */
export interface Skeleton {
  text: string;
  /** Offsets in `text` of the atoms, ascending. */
  atoms: readonly number[];
}

/**
 * Where one template stands, as a language's lexer sees it: in code (where it becomes a literal),
 * in a comment (left as written), inside a string literal of some kind (escaped for it), or refused
 * (`where` completes "template X stands ...").
 */
export type Place<Literal, Code> =
  | { kind: 'code'; code: Code }
  | { kind: 'comment' }
  | { kind: 'literal'; literal: Literal }
  | { kind: 'refused'; where: string };

/** A refused place. */
export function refused(where: string): { kind: 'refused'; where: string } {
  return { kind: 'refused', where };
}

/** The 1-based line of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** True for ASCII letters, digits and `_`, and for non-ASCII characters other than the atom. */
export function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  if (code >= 0x80) return ch !== ATOM_CHAR;
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/**
 * Escapes that take more characters after their letter, by letter: a pattern matching what may
 * stand between the letter and a template while the escape is still incomplete (`\x4` before `{ref}`).
 */
export type EscapeTails = Readonly<Record<string, RegExp>>;

/**
 * The escapes JavaScript, Python and Ruby share with C: octal `\1`..`\377` (up to two more digits) and `\xHH`.
 * Each language adds its own letters to these.
 */
export const OCTAL_HEX_TAILS: EscapeTails = {
  ...Object.fromEntries([...'01234567'].map((d) => [d, /^[0-7]?$/])),
  x: /^[0-9a-fA-F]?$/,
};
/** `\uHHHH` or `\u{H...}`. */
export const UNICODE_TAIL = /^(?:[0-9a-fA-F]{0,3}|\{[0-9a-fA-F]*)$/;
/** How far after an escape letter a template is looked for. */
const TAIL_REACH = 100;

/**
 * Records the place of each atom a lexer meets (the first record of an atom wins) and hands them back
 * in atom order; atoms never reached get the place `unreached` gives.
 */
export class PlaceRecorder<Literal, Code> {
  private readonly order = new Map<number, number>();
  private readonly places: (Place<Literal, Code> | undefined)[];

  constructor(readonly skeleton: Skeleton) {
    skeleton.atoms.forEach((offset, index) => {
      this.order.set(offset, index);
    });
    this.places = skeleton.atoms.map(() => undefined);
  }

  /** True when an atom stands at `offset`. */
  isAtom(offset: number): boolean {
    return this.order.has(offset);
  }

  /** True when there is no atom at all (lexing can be skipped). */
  get empty(): boolean {
    return this.order.size === 0;
  }

  record(offset: number, place: Place<Literal, Code>): void {
    const index = this.order.get(offset);
    if (index !== undefined && this.places[index] === undefined) this.places[index] = place;
  }

  /**
   * After a backslash at `slash`: refuses an atom standing where the escape could still take
   * characters (`"\x{ref}"`, `"\u00{ref}"`), since the value's first characters would join it.
   * `tails` lists the escapes that take more characters after their letter.
   */
  refuseInEscape(slash: number, tails: EscapeTails, what: string): void {
    const text = this.skeleton.text;
    const tail = tails[text[slash + 1] ?? ''];
    if (!tail) return;
    for (let j = slash + 2; j < slash + 2 + TAIL_REACH && j < text.length; j++) {
      if (!this.isAtom(j)) continue;
      if (tail.test(text.slice(slash + 2, j))) {
        this.record(j, refused(`inside the escape sequence \`${text.slice(slash, j)}\` of ${what}`));
      }
      return;
    }
  }

  finish(unreached: Place<Literal, Code>): Place<Literal, Code>[] {
    return this.places.map((place) => place ?? unreached);
  }
}
