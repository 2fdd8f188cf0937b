// A workflow's TOML source with light syntax highlighting (comments, tables, keys, strings, literals).
import type { ReactNode } from 'react';

const TOKEN =
  /(#.*$)|(^\s*\[\[?[^\]]*\]\]?)|("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\]|\\.)*"|'[^']*')|(^\s*[A-Za-z0-9_.-]+(?=\s*=))|(\b(?:true|false)\b|\b-?\d[\d_.eE+-]*\b)/gm;
const CLASSES = ['', 'tok-comment', 'tok-table', 'tok-string', 'tok-key', 'tok-literal'];

function highlight(source: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of source.matchAll(TOKEN)) {
    const index = match.index;
    if (index > last) parts.push(source.slice(last, index));
    const group = match.findIndex((g, i) => i > 0 && g !== undefined);
    parts.push(
      <span key={index} className={CLASSES[group] ?? ''}>
        {match[0]}
      </span>,
    );
    last = index + match[0].length;
  }
  if (last < source.length) parts.push(source.slice(last));
  return parts;
}

/** The highlighted source in a scrollable `<pre>`. */
export function TomlSource({ source }: { source: string }) {
  return (
    <pre className="source" data-testid="toml-source">
      <code>{highlight(source)}</code>
    </pre>
  );
}
