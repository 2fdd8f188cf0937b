// One key of a scanned TOML document (see source-map.ts): where it is first mentioned and its children.
import type { KeyPath } from './source-map.js';

/** Named children a node looks up by a linear search; more go into a Map. */
const MAX_PAIRS = 8;

/** A child of a {@link PathNode}: its node, or only its offset while it has no children (most keys). */
type Child = PathNode | number;

/**
 * One key of the document: the offset of its first mention (turned into line and column only when
 * asked for), the current index when it names an array of tables, its children.
 */
export class PathNode {
  offset: number | undefined;
  arrayIndex: number | undefined;
  /** Children by key: key, child, key, child... while there are few (a step has a handful), then a Map. */
  #named: (string | Child)[] | Map<string, Child> | undefined;
  /** Children by array index. */
  #items: Child[] | undefined;

  child(key: string | number): Child | undefined {
    if (typeof key === 'number') return this.#items?.[key];
    const named = this.#named;
    if (named === undefined) return undefined;
    if (named instanceof Map) return named.get(key);
    for (let i = 0; i < named.length; i += 2) if (named[i] === key) return named[i + 1] as Child;
    return undefined;
  }

  #set(key: string | number, child: Child): void {
    if (typeof key === 'number') {
      if (this.#items === undefined) {
        this.#items = key === 0 ? [child] : []; // exactly sized for the usual one-element array
      }
      this.#items[key] = child;
      return;
    }
    const named = this.#named;
    if (named === undefined) this.#named = [key, child];
    else if (named instanceof Map) named.set(key, child);
    else {
      for (let i = 0; i < named.length; i += 2) {
        if (named[i] !== key) continue;
        named[i + 1] = child;
        return;
      }
      if (named.length < 2 * MAX_PAIRS) {
        this.#named = [...named, key, child]; // exactly sized: these arrays live as long as the map
        return;
      }
      const map = new Map<string, Child>();
      for (let i = 0; i < named.length; i += 2) map.set(named[i] as string, named[i + 1] as Child);
      map.set(key, child);
      this.#named = map;
    }
  }

  /** The child node at `key`, created (keeping the offset already recorded for it) as needed. */
  childOrNew(key: string | number): PathNode {
    const found = this.child(key);
    if (found instanceof PathNode) return found;
    const node = new PathNode();
    if (found !== undefined) node.offset = found;
    this.#set(key, node);
    return node;
  }

  /** Records `offset` for the child at `key`, unless it has one (the first mention wins). */
  recordChild(key: string | number, offset: number): void {
    const found = this.child(key);
    if (found === undefined) this.#set(key, offset);
    else if (found instanceof PathNode) found.offset ??= offset;
  }

  /** The offset recorded for `path` below this node, if any. */
  offsetOf(path: KeyPath): number | undefined {
    let node: PathNode = this;
    for (let i = 0; i < path.length; i++) {
      const found = node.child(path[i] as string | number);
      if (found === undefined) return undefined;
      if (typeof found === 'number') return i === path.length - 1 ? found : undefined;
      node = found;
    }
    return node.offset;
  }
}
