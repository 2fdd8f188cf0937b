// Where TOML strings end, for the source scanner: one-line basic strings (with escapes), literal strings and
// multi-line strings; each function takes the offset of the opening quote and gives the offset after the closing one.

/** The end of a one-line basic string (`"..."`; a backslash escapes the next character). */
export function basicStringEnd(text: string, open: number): number {
  let pos = open + 1;
  for (;;) {
    const code = text.charCodeAt(pos);
    if (code === 0x22 || code === 0x0a || Number.isNaN(code)) break; // `"`, newline, end of text
    pos += code === 0x5c ? 2 : 1;
  }
  return pos + 1;
}

/** The end of a literal string (`'...'`, no escapes). */
export function literalStringEnd(text: string, open: number): number {
  const close = text.indexOf("'", open + 1);
  return close < 0 ? text.length : close + 1;
}

/** The end of a multi-line string (`"""..."""` with escapes, or `'''...'''`). */
export function multilineStringEnd(text: string, open: number): number {
  const quote = text.slice(open, open + 3);
  const escapes = quote === '"""';
  let pos = open + 3;
  while (pos < text.length) {
    if (escapes && text.charCodeAt(pos) === 0x5c) pos += 2;
    else if (text.startsWith(quote, pos)) {
      pos += 3;
      // up to two more quote characters belong to the content (`""""` ends with one quote)
      for (let extra = 0; extra < 2 && text[pos] === quote[0]; extra++) pos++;
      return pos;
    } else pos++;
  }
  return pos;
}
