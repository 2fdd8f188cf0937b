// Test kit of the code lexers: a skeleton written with `§` for each template, and places named for assertions.
import { ATOM_CHAR, type Skeleton } from './lexer-base.js';

/** The skeleton of `code` where each `§` marks a template. */
export function skeletonOf(code: string): Skeleton {
  const atoms: number[] = [];
  const text = code.replace(/§/g, (_m, offset: number) => {
    atoms.push(offset);
    return ATOM_CHAR;
  });
  return { text, atoms };
}

/** `code`, `comment`, the literal's name, or `refused: <where>` for one lexed place. */
export function placeKind(place: { kind: string; literal?: unknown; where?: string }): string {
  if (place.kind === 'literal') return String(place.literal);
  return place.kind === 'refused' ? `refused: ${place.where}` : place.kind;
}
