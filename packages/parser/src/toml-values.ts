// TOML values the TOML library reads more leniently than the scanner must: basic-string escapes (for
// key names) and calendar dates (smol-toml rolls 1985-02-30 over to March 2nd).

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  e: '\u001b',
  '"': '"',
  '\\': '\\',
};
const HEX_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** The value of a basic (double-quoted, one-line) TOML string body: every TOML 1.0 and 1.1 escape. */
export function unescapeBasic(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(?:([btnfre"\\])|([xuU])([0-9A-Fa-f]*))/g, (whole, simple, kind, hex) => {
    if (simple !== undefined) return SIMPLE_ESCAPES[simple as string] ?? whole;
    const digits = HEX_DIGITS[kind as string] ?? 0;
    const code = Number.parseInt((hex as string).slice(0, digits), 16);
    if ((hex as string).length < digits || !Number.isFinite(code) || code > 0x10ffff) return whole;
    return String.fromCodePoint(code) + (hex as string).slice(digits);
  });
}

/** Why a value starting `YYYY-MM-DD` is not a calendar date, or undefined when it is one (or no date). */
export function impossibleDate(start: string): string | undefined {
  const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(start);
  if (!date) return undefined;
  const [, year, month, day] = date.map(Number) as [number, number, number, number];
  if (month < 1 || month > 12) return `invalid date ${date[0]}: no such month`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate(); // day 0 of the next month
  if (day >= 1 && day <= days) return undefined;
  const name = new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
  return `invalid date ${date[0]}: ${name} ${year} has ${days} days`;
}
