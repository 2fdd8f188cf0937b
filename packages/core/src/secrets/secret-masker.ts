// Masks secret values (as written, base64-encoded and URL-encoded) as `***` in text and in JSON-like values.

/** What a masked secret is replaced by. */
export const MASK = '***';

/** Secrets shorter than this are not masked in encoded forms (their encodings are too short to be telling). */
const MIN_ENCODED_LENGTH = 4;
/** Nesting deeper than this is not walked (event bodies are far shallower). */
const MAX_DEPTH = 64;

/** The base64 text that appears for `secret` at each of the three byte alignments it can have in a longer stream. */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    // Drop the characters that mix in the padding bytes before and the unknown bytes after.
    const head = Math.ceil((pad * 4) / 3);
    const tail = ((pad + bytes.length) * 4) / 3;
    const body = encoded.slice(head, Math.floor(tail));
    if (body.length >= MIN_ENCODED_LENGTH) forms.push(body, body.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/** The forms of one secret to look for, longest first. */
function formsOf(secret: string): string[] {
  const forms = new Set<string>([secret]);
  if (secret.length >= MIN_ENCODED_LENGTH) {
    for (const form of [encodeURIComponent(secret), encodeURI(secret), JSON.stringify(secret).slice(1, -1)]) {
      forms.add(form);
    }
    for (const form of base64Forms(secret)) forms.add(form);
  }
  return [...forms];
}

/** Replaces every secret value in text and values before they are written or served. */
export class SecretMasker {
  readonly #forms: string[];

  /** `secrets`: the values to hide; empty strings are ignored. */
  constructor(secrets: Iterable<string>) {
    const forms = new Set<string>();
    for (const secret of secrets) if (secret !== '') for (const form of formsOf(secret)) forms.add(form);
    this.#forms = [...forms].sort((a, b) => b.length - a.length);
  }

  /** True when there is nothing to mask. */
  get empty(): boolean {
    return this.#forms.length === 0;
  }

  /**
   * `text` with every secret form replaced by `***`. A text cut short with `…` (a live log line
   * over its length cap) also loses a trailing start of a secret.
   */
  maskText(text: string): string {
    if (this.#forms.length === 0) return text;
    let out = text;
    for (const form of this.#forms) if (out.includes(form)) out = out.split(form).join(MASK);
    if (out.endsWith('…')) out = this.#maskCutTail(out);
    return out;
  }

  #maskCutTail(text: string): string {
    const body = text.slice(0, -1);
    for (const form of this.#forms) {
      for (let n = Math.min(form.length - 1, body.length); n >= MIN_ENCODED_LENGTH - 1; n--) {
        if (body.endsWith(form.slice(0, n))) return `${body.slice(0, body.length - n)}${MASK}…`;
      }
    }
    return text;
  }

  /** `value` with secrets masked in every string, keys included; other values are returned as they are. */
  maskValue<T>(value: T): T {
    if (this.#forms.length === 0) return value;
    return this.#mask(value, 0) as T;
  }

  #mask(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.maskText(value);
    if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
    if (Array.isArray(value)) return value.map((item) => this.#mask(item, depth + 1));
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [this.maskText(key), this.#mask(item, depth + 1)]),
    );
  }
}
