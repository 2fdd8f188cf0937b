// Tests of rendering inline code templates and of their validation problems.
import { workflowErrorThrownBy } from '@skill/test-kit';
import { isWorkflowError } from '@skill/workflow-model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TemplateScope } from '../path-lookup.js';
import type { Reference } from '../reference.js';
import { codeTemplateProblems, renderCodeTemplate } from './code-template.js';

const scope: TemplateScope = new Map<string, unknown>([
  ['inputs', { name: 'Bob "the" Builder', n: 3, list: [1, 'a'], flags: '--fast -v', deep: { x: 1 } }],
  ['fetch', { output: { items: [1, 2] }, status: 'completed' }],
  ['secrets', { TOKEN: 's3cr3t' }],
]);
const real = (ref: Reference) => ['inputs', 'fetch', 'secrets'].includes(ref.root);

describe('renderCodeTemplate', () => {
  it('escapes text inside string literals and writes literals in code', () => {
    expect(renderCodeTemplate('python', 'print("hi {inputs.name}")\nn = {inputs.n}', scope)).toEqual({
      text: 'print("hi Bob \\"the\\" Builder")\nn = (3)',
      env: {},
    });
    expect(renderCodeTemplate('node', 'const items = {fetch.output};', scope).text).toBe(
      'const items = ({"items": [1, 2]});',
    );
    expect(renderCodeTemplate('ruby', 'items = {fetch.output.items}; s = "{inputs.list}"', scope).text).toBe(
      'items = ([1, 2]); s = "[1,\\"a\\"]"',
    );
  });

  it('leaves comments, non-references, language braces and escapes as written', () => {
    const code = '# {inputs.missing}\nprint(f"{n}", {"a": 1}, "{row.x}", "{{inputs.n}}")';
    expect(renderCodeTemplate('python', code, scope).text).toBe(
      '# {inputs.missing}\nprint(f"{n}", {"a": 1}, "{row.x}", "{inputs.n}")',
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source on purpose
    expect(renderCodeTemplate('node', 'x = `${x}`; // {inputs.nope}', scope).text).toBe('x = `${x}`; // {inputs.nope}');
    expect(renderCodeTemplate('ruby', 'puts "#{x}" # {inputs.nope}', scope).text).toBe('puts "#{x}" # {inputs.nope}');
  });

  it('splices {raw ...} as its text', () => {
    expect(renderCodeTemplate('python', 'args = "{raw inputs.flags}".split() + [{raw inputs.n}]', scope).text).toBe(
      'args = "--fast -v".split() + [3]',
    );
  });

  it('passes secrets through the environment only', () => {
    const py = renderCodeTemplate('python', 't = {secrets.TOKEN}\nh = f"Bearer {secrets.TOKEN}"', scope);
    expect(py.env).toEqual({ SKILL_SECRET_TOKEN: 's3cr3t' });
    expect(py.text).toBe(
      't = (__import__("os").environ["SKILL_SECRET_TOKEN"])\nh = f"Bearer {__import__(\'os\').environ[\'SKILL_SECRET_TOKEN\']}"',
    );
    const js = renderCodeTemplate('node', 'f({secrets.TOKEN}, `Bearer {secrets.TOKEN}`)', scope);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source on purpose
    expect(js.text).toBe('f((process.env["SKILL_SECRET_TOKEN"]), `Bearer ${process.env["SKILL_SECRET_TOKEN"]}`)');
    const rb = renderCodeTemplate('ruby', 'h = "Bearer {secrets.TOKEN}"', scope);
    expect(rb.text).toBe('h = "Bearer #{ENV["SKILL_SECRET_TOKEN"]}"');
    for (const rendered of [py, js, rb]) expect(rendered.text).not.toContain('s3cr3t');
  });

  it('throws TEMPLATE_PLACE for an unquotable place and TEMPLATE_REF_MISSING for a missing field', () => {
    const place = workflowErrorThrownBy(() => renderCodeTemplate('node', 'const re = /{inputs.name}/;', scope));
    expect(place.code).toBe('TEMPLATE_PLACE');
    expect(place.message).toContain('regular expression');
    expect(place.details).toMatchObject({ reference: '{inputs.name}', retryable: false });
    const missing = workflowErrorThrownBy(() => renderCodeTemplate('python', 'x = {inputs.nope}', scope));
    expect(missing.code).toBe('TEMPLATE_REF_MISSING');
    expect(workflowErrorThrownBy(() => renderCodeTemplate('ruby', "x = '{secrets.TOKEN}'", scope)).code).toBe(
      'TEMPLATE_PLACE',
    );
    expect(workflowErrorThrownBy(() => renderCodeTemplate('ruby', 'x = {raw secrets.TOKEN}', scope)).code).toBe(
      'INVALID_TEMPLATE',
    );
  });

  it('refuses values with no literal form', () => {
    let deep: unknown = 1;
    for (let k = 0; k < 150; k++) deep = [deep];
    const weird = new Map<string, unknown>([['inputs', { deep, big: 12345678901234567890n, when: new Date(0) }]]);
    expect(workflowErrorThrownBy(() => renderCodeTemplate('python', 'x = {inputs.deep}', weird)).code).toBe(
      'INVALID_TEMPLATE',
    );
    expect(renderCodeTemplate('python', 'x = {inputs.big}', weird).text).toBe('x = (12345678901234567890)');
    expect(renderCodeTemplate('node', 'x = {inputs.big}', weird).text).toBe('x = (12345678901234567890n)');
    expect(renderCodeTemplate('ruby', 'x = {inputs.when}', weird).text).toBe('x = ("1970-01-01T00:00:00.000Z")');
  });
});

describe('any code', () => {
  const PIECES = [
    ...`'"\`/\\#{}()[]$@%?:<~-=*\n\r x1`,
    '{inputs.name}',
    '{inputs.n}',
    '{secrets.TOKEN}',
    '{raw inputs.flags}',
    '{inputs.nope}',
    '{{inputs.n}}',
    '<<~EOS\n',
    '\nEOS\n',
    '"""',
    "f'",
    'rb"',
    '${',
    '#{',
    '/*',
    '*/',
    '//',
    '=begin\n',
    '\n=end',
  ];
  const code = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));

  it('never throws from validation, and rendering fails only with workflow errors', () => {
    fc.assert(
      fc.property(fc.constantFrom('python', 'node', 'ruby' as const), code, (language, source) => {
        const problems = codeTemplateProblems(language, source, real);
        try {
          renderCodeTemplate(language, source, scope);
        } catch (error) {
          expect(isWorkflowError(error)).toBe(true);
          return;
        }
        expect(problems).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('codeTemplateProblems', () => {
  it('locates templates that cannot be written as data', () => {
    const problems = codeTemplateProblems('ruby', "x = 1\ny = <<~'EOS'\n  {inputs.name}\nEOS", real);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.ref.raw).toBe('{inputs.name}');
    expect(problems[0]?.message).toContain('single-quoted heredoc');
    expect(problems[0]?.message).toContain('line 3');
    expect(problems[0]?.hint).toContain('environment = {');
  });

  it('names the secret and points to the environment', () => {
    const [problem] = codeTemplateProblems('python', 'h = "Bearer {secrets.TOKEN}"', real);
    expect(problem?.message).toContain('{secrets.TOKEN}');
    expect(problem?.hint).toContain('environment = { TOKEN = "{secrets.TOKEN}" }');
    expect(problem?.hint).toContain('os.environ["TOKEN"]');
    expect(codeTemplateProblems('node', 'x = {secrets.TOKEN.x}', real)[0]?.message).toContain('one secret');
    expect(codeTemplateProblems('node', 'x = "{raw secrets.TOKEN}"', real)[0]?.message).toContain('secret');
  });

  it('accepts comments, opt-outs and non-references wherever they stand', () => {
    expect(codeTemplateProblems('node', '/{raw inputs.re}/; // /{inputs.x}/\n/{row.x}/', real)).toEqual([]);
    expect(codeTemplateProblems('python', 'f"{x:{inputs.w}}" # {inputs.a}', () => false)).toEqual([]);
  });
});
