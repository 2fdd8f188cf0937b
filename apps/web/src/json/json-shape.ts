// The pure part of the JSON tree: what a value is, its one-line summary, its children a page at a time.

/** How many children a container shows at first, and how many more each "show more" adds. */
export const CHILDREN_PAGE = 100;

/** A JSON value seen by the tree: a container with children, or a leaf with its text and token kind. */
export type JsonShape =
  | { kind: 'object' | 'array'; size: number; summary: string }
  | { kind: 'string' | 'number' | 'boolean' | 'null'; text: string };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The shape of `value`: containers are summarised as `{3 keys}` or `[120 items]`. */
export function shapeOf(value: unknown): JsonShape {
  if (Array.isArray(value))
    return { kind: 'array', size: value.length, summary: `[${plural(value.length, 'item', 'items')}]` };
  if (value !== null && typeof value === 'object') {
    const size = Object.keys(value).length;
    return { kind: 'object', size, summary: `{${plural(size, 'key', 'keys')}}` };
  }
  if (typeof value === 'string') return { kind: 'string', text: JSON.stringify(value) };
  if (typeof value === 'number') return { kind: 'number', text: String(value) };
  if (typeof value === 'boolean') return { kind: 'boolean', text: String(value) };
  // null, and anything JSON would not carry (undefined, functions) shows as null.
  return { kind: 'null', text: 'null' };
}

/** The first `count` children of a container as [label, value] pairs (array labels are indexes). */
export function childrenOf(value: unknown, count: number): [string, unknown][] {
  if (Array.isArray(value)) return value.slice(0, count).map((child, i) => [String(i), child]);
  if (value !== null && typeof value === 'object') return Object.entries(value).slice(0, count);
  return [];
}

/** The path of a child, for test ids and titles: `$.user.name`, `$.items[3]`, `$["a key"]`. */
export function childPath(parent: string, label: string, parentKind: 'object' | 'array'): string {
  if (parentKind === 'array') return `${parent}[${label}]`;
  return /^[A-Za-z_$][\w$]*$/.test(label) ? `${parent}.${label}` : `${parent}[${JSON.stringify(label)}]`;
}

/** Whether a container at `depth` starts expanded: the root always, its small children too. */
export function startsOpen(depth: number, size: number): boolean {
  return depth === 0 || (depth === 1 && size <= 20);
}
