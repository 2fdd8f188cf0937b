// URL templates: components percent-encoded, a leading template as is, host values checked.
import { describe, expect, it } from 'vitest';
import { renderUrlTemplate } from './url-template.js';

const scope = (inputs: Record<string, unknown>) => new Map<string, unknown>([['inputs', inputs]]);

describe('renderUrlTemplate', () => {
  it('encodes a value in the path and in the query as one component', () => {
    const url = renderUrlTemplate(
      'https://api.test/users/{inputs.id}?q={inputs.q}#{inputs.id}',
      scope({ id: '../a?b#c', q: 'x&y=1 2' }),
    );
    expect(url).toBe('https://api.test/users/..%2Fa%3Fb%23c?q=x%26y%3D1%202#..%2Fa%3Fb%23c');
  });

  it('inserts a template that starts the URL as is', () => {
    expect(
      renderUrlTemplate('{inputs.base}/v1/{inputs.p}', scope({ base: 'http://127.0.0.1:8080/api', p: 'a b' })),
    ).toBe('http://127.0.0.1:8080/api/v1/a%20b');
  });

  it('accepts host names in the authority and refuses values that would change it', () => {
    expect(renderUrlTemplate('https://{inputs.h}.example.com/health', scope({ h: 'service-a' }))).toBe(
      'https://service-a.example.com/health',
    );
    expect(() => renderUrlTemplate('https://{inputs.h}.example.com/', scope({ h: 'evil.com/x?' }))).toThrow(
      /host or port/,
    );
    expect(() => renderUrlTemplate('https://{inputs.h}/', scope({ h: 'user@evil.com' }))).toThrow(/host or port/);
  });

  it('leaves unknown roots as written and fails a missing field', () => {
    expect(renderUrlTemplate('https://a/{row.x}', scope({}))).toBe('https://a/{row.x}');
    expect(() => renderUrlTemplate('https://a/{inputs.nope}', scope({}))).toThrow();
  });
});
