// <JsonTree>: a collapsible, keyboard-usable view of a JSON value, with sizes and paged big containers.
import { useState } from 'react';
import { CHILDREN_PAGE, childPath, childrenOf, shapeOf, startsOpen } from './json-shape.js';

function Label({ label }: { label: string | undefined }) {
  if (label === undefined) return null;
  return (
    <>
      <span className="tok-key">{label}</span>
      <span className="json-colon">: </span>
    </>
  );
}

function JsonNode({ label, value, path, depth }: { label?: string; value: unknown; path: string; depth: number }) {
  const shape = shapeOf(value);
  const container = shape.kind === 'object' || shape.kind === 'array';
  const [open, setOpen] = useState(() => container && startsOpen(depth, shape.size));
  const [shown, setShown] = useState(CHILDREN_PAGE);
  if ('text' in shape) {
    return (
      <li className="json-leaf" data-path={path}>
        <Label label={label} />
        <span className={`json-${shape.kind} ${shape.kind === 'string' ? 'tok-string' : 'tok-literal'}`}>
          {shape.text}
        </span>
      </li>
    );
  }
  const empty = shape.size === 0;
  return (
    <li className="json-branch" data-path={path}>
      {empty ? (
        <span className="json-toggle json-toggle-empty">
          <Label label={label} />
          <span className="muted">{shape.kind === 'array' ? '[]' : '{}'}</span>
        </span>
      ) : (
        <button
          type="button"
          className="json-toggle"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          data-testid="json-toggle"
          data-path={path}
        >
          <span className="json-caret" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          <Label label={label} />
          <span className="muted json-summary">{shape.summary}</span>
        </button>
      )}
      {open && !empty && (
        <ul className="json-children">
          {childrenOf(value, shown).map(([childLabel, child]) => {
            const at = childPath(path, childLabel, shape.kind);
            return <JsonNode key={childLabel} label={childLabel} value={child} path={at} depth={depth + 1} />;
          })}
          {shown < shape.size && (
            <li>
              <button
                type="button"
                className="json-more"
                onClick={() => setShown(shown + CHILDREN_PAGE)}
                data-testid="json-show-more"
                data-path={path}
              >
                show {Math.min(CHILDREN_PAGE, shape.size - shown)} more ({shown} of {shape.size} shown)
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

/** `value` as a tree: objects and arrays fold and unfold (buttons), big ones show their children in pages. */
export function JsonTree({ value, testId }: { value: unknown; testId: string }) {
  const [raw, setRaw] = useState(false);
  return (
    <div className="json-view" data-testid={testId}>
      <button
        type="button"
        className="json-raw-toggle"
        aria-pressed={raw}
        onClick={() => setRaw(!raw)}
        data-testid={`${testId}-raw`}
      >
        {raw ? 'tree' : 'raw'}
      </button>
      {raw ? (
        <pre className="json">{JSON.stringify(value, null, 2)}</pre>
      ) : (
        <ul className="json json-tree">
          <JsonNode value={value} path="$" depth={0} />
        </ul>
      )}
    </div>
  );
}
