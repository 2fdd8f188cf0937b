// The injection suite of "Data stays data": hostile values through every context where templates meet code, run for real.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createTempDir } from '@skill/test-kit';
import { expect } from 'vitest';
import { createEngine } from './engine.js';

/** Values that would change the structure of shell or code text if spliced; `{MARKER}` becomes a file path. */
export const HOSTILE_VALUES: readonly string[] = [
  "it's",
  'say "hi"',
  'back`tick`',
  'back\\slash',
  'trailing\\',
  '\\"',
  'two\nlines',
  'crlf\r\nline',
  '$(touch {MARKER}-dollar)',
  '`touch {MARKER}-backtick`',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a hostile value, not a template
  '${HOME}',
  '#{`touch {MARKER}-ruby`}',
  '{{',
  '}}',
  '"""',
  "'''",
  '; touch {MARKER}-semicolon',
  "'; touch {MARKER}-quote; '",
  '"); require("fs").writeFileSync("{MARKER}-js", ""); ("',
  '"""); open("{MARKER}-py", "w"); ("""',
  '{execution_id} {inputs.values}',
  '* ~ -n',
  '  spaced\t',
  'ünïcödé 🎉',
  '',
  'x'.repeat(10_000),
];

/** A value with a NUL byte: code literals carry it; shell variables cannot (a clear error instead). */
export const NUL_VALUE = 'nul\u0000byte';

/** One way a value reaches a program: a step whose only output is `<value>`. */
interface Context {
  name: string;
  /** TOML of one loop step with id `show`; `{loop.item}` is the value. */
  step: string;
  /** Code literals can carry NUL; shell variables and argv cannot. */
  nul: boolean;
  /** Needs an interpreter that may be missing on a host (ruby). */
  language?: string;
}

function inline(language: string, code: string, native: boolean): string {
  return `step_type = "inline_code"\n[steps.loop.inline_code]\nlanguage = "${language}"\nunsafe_native = ${native}\ncode = '''\n${code}'''`;
}

/** Every context, for code run natively (`unsafe_native`) or in containers. */
export function contexts(native: boolean): Context[] {
  const code = (language: string, text: string) => inline(language, text, native);
  const shell: Context[] = native
    ? [
        { name: 'sh bare word', step: `step_type = "command"\ncommand = "printf '<%s>' {loop.item}"`, nul: false },
        {
          name: 'sh double quotes',
          step: `step_type = "command"\ncommand = 'printf "<%s>" "{loop.item}"'`,
          nul: false,
        },
        {
          name: 'sh single quotes',
          step: `step_type = "command"\ncommand = "printf '<%s>' '{loop.item}'"`,
          nul: false,
        },
        {
          name: 'sh heredoc',
          step: `step_type = "command"\ncommand = """\ncat <<EOF\n<{loop.item}>\nEOF\n"""`,
          nul: false,
        },
        {
          name: 'argv element',
          step: `step_type = "command"\ncommand = ["printf", "<%s>", "{loop.item}"]`,
          nul: false,
        },
        {
          name: 'environment value',
          step: `step_type = "command"\nenv = { V = "{loop.item}" }\ncommand = "printf '<%s>' \\"$V\\""`,
          nul: false,
        },
      ]
    : [];
  return [
    ...shell,
    { name: 'bash bare word', step: code('bash', `printf '<%s>' {loop.item}\n`), nul: false },
    { name: 'bash double quotes', step: code('bash', `v="{loop.item}"\nprintf '<%s>' "$v"\n`), nul: false },
    {
      name: 'python double quotes',
      step: code('python', `import sys\nsys.stdout.write("<{loop.item}>")\n`),
      nul: true,
    },
    {
      name: 'python single quotes',
      step: code('python', `import sys\nsys.stdout.write('<' + '{loop.item}' + '>')\n`),
      nul: true,
    },
    {
      name: 'python triple quotes',
      step: code('python', `import sys\nsys.stdout.write("""<{loop.item}>""")\n`),
      nul: true,
    },
    {
      name: 'python f-string',
      step: code('python', `import sys\nn = "<"\nsys.stdout.write(f"{n}{loop.item}>")\n`),
      nul: true,
    },
    {
      name: 'python code',
      step: code('python', `import sys\nvalue = {loop.item}\nsys.stdout.write("<" + value + ">")\n`),
      nul: true,
    },
    { name: 'node double quotes', step: code('node', `process.stdout.write("<{loop.item}>");\n`), nul: true },
    {
      name: 'node template literal',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: JS code whose own ${n} must stay as written
      step: code('node', 'const n = "<";\nprocess.stdout.write(`${n}{loop.item}>`);\n'),
      nul: true,
    },
    {
      name: 'node code',
      step: code('node', `const value = {loop.item};\nprocess.stdout.write("<" + value + ">");\n`),
      nul: true,
    },
    { name: 'ruby double quotes', step: code('ruby', `print "<{loop.item}>"\n`), nul: true, language: 'ruby' },
    {
      name: 'ruby single quotes',
      step: code('ruby', `print '<' + '{loop.item}' + '>'\n`),
      nul: true,
      language: 'ruby',
    },
    {
      name: 'ruby code',
      step: code('ruby', `value = {loop.item}\nprint "<" + value + ">"\n`),
      nul: true,
      language: 'ruby',
    },
  ];
}

function workflow(list: readonly Context[]): string {
  const steps = list.map(
    (context, index) => `
[[steps]]
id = "c${index}"
step_type = "foreach"
items = "{inputs.values}"
parallel = true
[[steps.loop]]
id = "show${index}"
${context.step}
`,
  );
  return `version = "1"\nname = "injection"\n[config]\non_failure = "continue"\nmax_parallel = 6\n[inputs]\nvalues = { type = "array", required = true }\n${steps.join('')}`;
}

/**
 * Runs every context with every hostile value and checks that each program printed exactly
 * `<value>` and that no marker file appeared. `skip` names languages to leave out (missing here).
 */
export async function expectValuesStayData(options: {
  native: boolean;
  skip?: readonly string[];
  /** Only these contexts (by name); all by default. */
  only?: readonly string[];
}): Promise<void> {
  const { dir, cleanup } = await createTempDir('skill-injection-');
  const marker = path.join(dir, 'PWNED');
  const values = HOSTILE_VALUES.map((v) => v.replaceAll('{MARKER}', marker));
  const list = contexts(options.native).filter(
    (c) => (!c.language || !options.skip?.includes(c.language)) && (!options.only || options.only.includes(c.name)),
  );
  const engine = createEngine({ cwd: dir });
  const record = await engine.run(workflow(list), { values: [...values, NUL_VALUE] });
  list.forEach((context, index) => {
    const step = record.steps[`c${index}`];
    const results = (step?.metadata?.results ?? []) as Array<{ status: string; output?: unknown; error?: unknown }>;
    const seen = results.slice(0, values.length).map((r) => r.output);
    expect({ context: context.name, seen }).toEqual({ context: context.name, seen: values.map((v) => `<${v}>`) });
    const nul = results[values.length];
    if (context.nul)
      expect({ context: context.name, nul: nul?.output }).toEqual({ context: context.name, nul: `<${NUL_VALUE}>` });
    else expect({ context: context.name, status: nul?.status }).toEqual({ context: context.name, status: 'failed' });
  });
  expect(existsSync(marker) || (await readdir(dir)).filter((f) => f.startsWith('PWNED'))).toEqual([]);
  await cleanup();
}
