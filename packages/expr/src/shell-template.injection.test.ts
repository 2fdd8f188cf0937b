// Injection tests: rendered scripts run by the real /bin/sh and bash print hostile values byte for byte and run none.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { useTempDir } from '@skill/test-kit';
import { isWorkflowError } from '@skill/workflow-model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderShellTemplate } from './shell-template.js';

const SHELLS = ['/bin/sh', 'bash'];

/** A context: a script fragment around the reference `r` that prints a NUL-terminated result, and that result. */
interface Context {
  name: string;
  /** Bash syntax that /bin/sh (dash) does not have. */
  bash?: true;
  script: (r: string) => string;
  output: (v: string) => string;
}

/** `$(...)` strips trailing newlines: fragments print a `.` after the value and remove it again. */
const CONTEXTS: Context[] = [
  { name: 'bare word', script: (r) => `printf '%s\\0' ${r}`, output: (v) => v },
  { name: 'next to word characters', script: (r) => `printf '%s\\0' pre${r}post`, output: (v) => `pre${v}post` },
  { name: 'after a#', script: (r) => `printf '%s\\0' a#${r}`, output: (v) => `a#${v}` },
  { name: 'escaped quotes around', script: (r) => `printf '%s\\0' \\"${r}\\"`, output: (v) => `"${v}"` },
  { name: 'after an escaped backslash', script: (r) => `printf '%s\\0' \\\\${r}`, output: (v) => `\\${v}` },
  { name: 'double quotes', script: (r) => `printf '%s\\0' "<${r}> \\"x\\""`, output: (v) => `<${v}> "x"` },
  { name: 'single quotes', script: (r) => `printf '%s\\0' '<${r}> \\'`, output: (v) => `<${v}> \\` },
  { name: 'assignment', script: (r) => `x=${r}; printf '%s\\0' "$x"`, output: (v) => v },
  { name: 'one word in for', script: (r) => `for w in ${r}; do printf '%s\\0' "$w"; done`, output: (v) => v },
  {
    name: 'case subject and pattern',
    script: (r) => `case ${r} in ${r}) printf '%s\\0' ${r};; *) printf 'no\\0';; esac`,
    output: (v) => v,
  },
  {
    name: 'unquoted heredoc',
    script: (r) => `cat <<EOF\n<${r}> "q" '$'\nEOF\nprintf '\\0'`,
    output: (v) => `<${v}> "q" '$'\n`,
  },
  { name: 'heredoc <<-', script: (r) => `cat <<-EOF\n\t<${r}>\n\tEOF\nprintf '\\0'`, output: (v) => `<${v}>\n` },
  {
    name: 'two heredocs on one line',
    script: (r) => `cat <<A; cat <<'B'\n<${r}>\nA\n$x\nB\nprintf '\\0'`,
    output: (v) => `<${v}>\n$x\n`,
  },
  {
    name: '$(...) in double quotes',
    script: (r) => `x="$(printf '%s.' ${r})"; printf '%s\\0' "\${x%.}"`,
    output: (v) => v,
  },
  {
    name: 'quotes inside $(...) inside double quotes',
    script: (r) => `x="$(printf '%s.' '<${r}>' "[${r}]")"; printf '%s\\0' "\${x%.}"`,
    output: (v) => `<${v}>.[${v}]`,
  },
  {
    name: 'case and heredoc inside $(...)',
    script: (r) => `x=$(case a in a) cat <<EOF\n${r}.\nEOF\n;; esac); printf '%s\\0' "\${x%.}"`,
    output: (v) => v,
  },
  { name: 'backquotes', script: (r) => `x=\`printf '%s.' ${r}\`; printf '%s\\0' "\${x%.}"`, output: (v) => v },
  {
    name: 'backquotes in double quotes',
    script: (r) => `x="\`printf '%s.' '<${r}>' ${r}\`"; printf '%s\\0' "\${x%.}"`,
    output: (v) => `<${v}>.${v}`,
  },
  { name: 'here-string', bash: true, script: (r) => `cat <<< ${r}; printf '\\0'`, output: (v) => `${v}\n` },
  {
    name: 'process substitution and [[ ]]',
    bash: true,
    script: (r) => `[[ ${r} == "${r}" ]] && cat <(printf '%s' ${r}) && printf '\\0'`,
    output: (v) => v,
  },
  { name: 'comment (left as written)', script: (r) => `# ${r} $(touch MARKER)\nprintf 'c\\0'`, output: () => 'c' },
];

const HOSTILE = [
  "'",
  '"',
  '`',
  '\\',
  '\\\\"',
  '\n',
  '\r\n',
  'a\nEOF\nb',
  'EOF',
  '$(touch MARKER)',
  '`touch MARKER`',
  `\${HOME}`,
  '$HOME',
  '#{x}',
  '{{',
  '}}',
  '"""',
  "'''",
  '; touch MARKER',
  "'; touch MARKER; '",
  '"; touch MARKER; "',
  '*',
  '~',
  '~root',
  '-n',
  '-e \\n',
  '  leading and trailing  ',
  '\t',
  'a b  c',
  '$((1+1))',
  '!!',
  'héllo wörld ✓ 日本語 🎉',
  '',
  'x'.repeat(9_990).concat('\'"$`\\\n$(x)'),
  '{inputs.v0}',
  '$SKILL_TPL_1',
];

const workdir = useTempDir('shell-template-');

/** Renders every context for every value into one script, runs it in `shell`, returns outputs by context/value. */
function run(shell: string, values: readonly string[]): { actual: string[]; expected: string[] } {
  const contexts = CONTEXTS.filter((c) => shell === 'bash' || !c.bash);
  const scope = new Map<string, unknown>([['inputs', Object.fromEntries(values.map((v, i) => [`v${i}`, v]))]]);
  const source = contexts.flatMap((c) => values.map((_, i) => c.script(`{inputs.v${i}}`))).join('\n');
  const rendered = renderShellTemplate(source, scope);
  const result = spawnSync(shell, ['-c', rendered.text], {
    cwd: workdir(),
    env: { PATH: '/usr/bin:/bin', HOME: workdir(), LC_ALL: 'C', ...rendered.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(result.stderr.toString('utf8')).toBe('');
  expect(result.status).toBe(0);
  const label = (c: Context, i: number, text: string) => `${shell} | ${c.name} | #${i} | ${JSON.stringify(text)}`;
  const expected = contexts.flatMap((c) => values.map((v, i) => label(c, i, c.output(v))));
  const outputs = result.stdout.toString('utf8').split('\0');
  let k = 0;
  const actual = contexts.flatMap((c) => values.map((_, i) => label(c, i, outputs[k++] ?? '<missing>')));
  expect(outputs.at(-1)).toBe('');
  expect(readdirSync(workdir())).toEqual([]);
  return { actual, expected };
}

describe.each(SHELLS)('rendered scripts in %s', (shell) => {
  it('print every hostile value exactly, in every context, and run none of them', () => {
    const { actual, expected } = run(shell, HOSTILE);
    expect(actual).toEqual(expected);
  });

  it('print generated strings exactly (binary, unicode, shell metacharacters)', () => {
    const pieces = ['"', "'", '`', '\\', '$', '(', ')', '{', '}', '#', ';', '\n', '\r', 'EOF', ' ', '*', '~', 'a'];
    const value = fc
      .oneof(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary-ascii' }),
        fc.string({ unit: 'grapheme' }),
        fc.array(fc.constantFrom(...pieces)).map((parts) => parts.join('')),
      )
      .filter((s) => !s.includes('\0'));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 8 }), (values) => {
        const { actual, expected } = run(shell, values);
        expect(actual).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });
});

/** Fragments of shell text (quotes, substitutions, heredocs, case, comments) to build random scripts from. */
const SCRIPT_PIECES = [
  ...['echo ', 'printf %s ', 'cat ', 'x=', ' ', '\n', ';', '&&', '|', '#', '\\', '\\\n', '$', '"', "'", '`'],
  ...['$(', '(', ')', '${', '}', '{', '$((', '))', '<<EOF\n', '<<-EOF\n', "<<'EOF'\n", 'EOF\n', '\tEOF\n'],
  ...['case ', ' in ', ';;', ' esac', "$'", '$"', '[[ ', ' ]]', ' -eq ', 'a[', ']', '{{inputs.v}}', 'a#'],
  ...['{inputs.v}', '{inputs.v}', '{inputs.v}', ' {inputs.v} ', '"{inputs.v}"', "'{inputs.v}'"],
];
const MARKING_VALUE = `x'"\`touch M1\`"'$(touch M2)'"$(touch M3)";touch M4;'\n touch M5\nEOF\ntouch M6\n)\`touch M7\` #`;

describe.each(SHELLS)('random scripts in %s', (shell) => {
  it('never let a value change their structure', () => {
    const scope = new Map<string, unknown>([['inputs', { v: MARKING_VALUE }]]);
    const script = fc.array(fc.constantFrom(...SCRIPT_PIECES), { maxLength: 14 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(script, (source) => {
        let rendered: ReturnType<typeof renderShellTemplate>;
        try {
          rendered = renderShellTemplate(source, scope);
        } catch (error) {
          if (isWorkflowError(error) && error.code === 'TEMPLATE_PLACE') return;
          throw error;
        }
        const env = { PATH: '/usr/bin:/bin', LC_ALL: 'C', ...rendered.env };
        spawnSync(shell, ['-c', rendered.text], { cwd: workdir(), env, timeout: 2000, input: '' });
        expect(readdirSync(workdir()), `${JSON.stringify(source)} -> ${JSON.stringify(rendered.text)}`).toEqual([]);
      }),
      { numRuns: Number(process.env.SHELL_FUZZ_RUNS ?? 60) },
    );
  });
});

describe('values a shell cannot carry', () => {
  it('refuses a NUL byte with a clear error', () => {
    const scope = new Map<string, unknown>([['inputs', { v: 'a\0b' }]]);
    let error: unknown;
    try {
      renderShellTemplate('printf %s {inputs.v}', scope);
    } catch (caught) {
      error = caught;
    }
    expect(isWorkflowError(error) && error.code).toBe('INVALID_TEMPLATE');
    expect(String(error)).toMatch(/NUL byte.*stdin/);
  });
});
