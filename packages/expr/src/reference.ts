// The syntax of one `{root.path[0]}` reference: scanning it out of a string, and naming its parts.

/** One `{root.path}` reference found in a template or a condition. */
export interface Reference {
  /** `inputs`, `loop`, `execution_id`, `workflow` or a step id. */
  root: string;
  /** `.name` segments as strings, `[n]` segments as numbers. */
  path: (string | number)[];
  /** The full text including braces, e.g. `{a.output.x}`. */
  raw: string;
  /** Offset of the opening brace in the source string. */
  start: number;
  /** Offset just after the closing brace in the source string. */
  end: number;
  /**
   * True for the explicit opt-out `{raw inputs.flags}`: the value is spliced into shell or code
   * text as it is instead of being quoted as data. Only trusted workflows may use it.
   */
  verbatim?: true;
}

const TEMPLATE_ROOTS: ReadonlySet<string> = new Set(['inputs', 'loop', 'execution_id', 'workflow', 'secrets']);
/** The marker of the opt-out `{raw ref}` (followed by one space). */
const VERBATIM_MARKER = 'raw ';
/** Roots whose value is a plain string: a path after them is not a reference. */
const LEAF_ROOTS: ReadonlySet<string> = new Set(['execution_id', 'workflow']);
/** The largest `[n]` index accepted (longer digit runs are plain text). */
const MAX_INDEX_DIGITS = 15;

/** True for the engine's own roots: `inputs`, `loop`, `execution_id`, `workflow`, `secrets`. */
export function isTemplateRoot(name: string): boolean {
  return TEMPLATE_ROOTS.has(name);
}

function isNameChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 95 || // _
    code === 45 // -
  );
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Index just past the run of name characters starting at `from`. */
function nameEnd(source: string, from: number): number {
  let i = from;
  while (i < source.length && isNameChar(source.charCodeAt(i))) i++;
  return i;
}

interface Body {
  root: string;
  path: (string | number)[];
  /** Offset just after the body (where the closing brace must be). */
  end: number;
}

/** Reads `root(.name|[n])*` starting at `from`, or null when no root starts there. */
function scanBody(source: string, from: number): Body | null {
  const rootEnd = nameEnd(source, from);
  if (rootEnd === from) return null;
  const root = source.slice(from, rootEnd);
  const path: (string | number)[] = [];
  let i = rootEnd;
  for (;;) {
    const ch = source[i];
    if (ch === '.') {
      const end = nameEnd(source, i + 1);
      if (end === i + 1) return null;
      path.push(source.slice(i + 1, end));
      i = end;
    } else if (ch === '[') {
      let j = i + 1;
      while (j < source.length && isDigit(source.charCodeAt(j))) j++;
      if (j === i + 1 || j - i - 1 > MAX_INDEX_DIGITS || source[j] !== ']') return null;
      path.push(Number(source.slice(i + 1, j)));
      i = j + 1;
    } else {
      break;
    }
  }
  if (path.length > 0 && LEAF_ROOTS.has(root)) return null;
  return { root, path, end: i };
}

/** What starts at an opening brace: a reference, an escaped reference `{{ref}}`, or nothing special. */
export type BraceScan =
  | { kind: 'ref'; ref: Reference; end: number }
  | { kind: 'escape'; text: string; end: number }
  | { kind: 'none' };

/**
 * Looks at the `{` at `offset` in `source`. `{{ref}}` is an escape for the literal text `{ref}`;
 * `{ref}` is a reference; anything else (`{ x }`, `{}`, `{"a": 1}`, `{{.Field}}`) is plain text.
 */
export function scanBrace(source: string, offset: number): BraceScan {
  if (source[offset + 1] === '{') {
    const inner = scanBody(source, offset + 2);
    if (inner && source[inner.end] === '}' && source[inner.end + 1] === '}') {
      return { kind: 'escape', text: source.slice(offset + 1, inner.end + 1), end: inner.end + 2 };
    }
    return { kind: 'none' };
  }
  const verbatim = source.startsWith(VERBATIM_MARKER, offset + 1);
  const body = scanBody(source, offset + 1 + (verbatim ? VERBATIM_MARKER.length : 0));
  if (!body || source[body.end] !== '}') return { kind: 'none' };
  const end = body.end + 1;
  const ref: Reference = { root: body.root, path: body.path, raw: source.slice(offset, end), start: offset, end };
  if (verbatim) ref.verbatim = true;
  return { kind: 'ref', ref, end };
}

/** `root.a[0].b`: how messages name a reference or a prefix of it (no braces). */
export function formatReferencePath(root: string, path: readonly (string | number)[]): string {
  let text = root;
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : `.${segment}`;
  return text;
}
