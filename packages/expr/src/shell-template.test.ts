// Tests for shell templates: how each quoting context is rendered, and every place that is refused.
import { workflowErrorThrownBy } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import type { TemplateScope } from './path-lookup.js';
import { renderShellTemplate, shellTemplateProblems } from './shell-template.js';

const scope: TemplateScope = new Map<string, unknown>([
  ['inputs', { a: 'A', b: 'B', n: 42, obj: { k: [1, 'x'] }, nul: 'a\0b', cmd: 'echo hi' }],
  ['secrets', { TOKEN: 's3cret' }],
  ['fetch', { status: 'completed', output: { id: 7 } }],
]);
const isReference = (ref: { root: string }) => scope.has(ref.root);
const V1 = `\${SKILL_TPL_1}`;
const V2 = `\${SKILL_TPL_2}`;

const text = (source: string) => renderShellTemplate(source, scope).text;

/** The place described by the one problem `source` has. */
function refusal(source: string): string {
  const problems = shellTemplateProblems(source, isReference);
  expect(problems).toHaveLength(1);
  return problems[0]?.message ?? '';
}

describe('renderShellTemplate: quoting contexts', () => {
  it('quotes a bare word, also next to other characters', () => {
    expect(renderShellTemplate('echo {inputs.a}', scope)).toEqual({ text: `echo "${V1}"`, env: { SKILL_TPL_1: 'A' } });
    expect(text('echo pre{inputs.a}post x={inputs.a}')).toBe(`echo pre"${V1}"post x="${V1}"`);
    expect(text('echo {inputs.a}{inputs.b}')).toBe(`echo "${V1}""${V2}"`);
    expect(text('echo a#{inputs.a} ~{inputs.a}')).toBe(`echo a#"${V1}" ~"${V1}"`);
  });

  it(`uses \${V} inside double quotes and an unquoted heredoc body`, () => {
    expect(text('echo "hi {inputs.a}!"')).toBe(`echo "hi ${V1}!"`);
    expect(text('cat <<EOF\nhi {inputs.a} "{inputs.b}"\nEOF\necho {inputs.a}')).toBe(
      `cat <<EOF\nhi ${V1} "${V2}"\nEOF\necho "${V1}"`,
    );
    expect(text('cat <<-EOF\n\t{inputs.a}\n\tEOF\n')).toBe(`cat <<-EOF\n\t${V1}\n\tEOF\n`);
  });

  it('closes and reopens single quotes', () => {
    expect(text("echo 'hi {inputs.a}!'")).toBe(`echo 'hi '"${V1}"'!'`);
    expect(text("echo '{inputs.a}'")).toBe(`echo ''"${V1}"''`);
  });

  it('follows the context of nested $(...) and backquotes', () => {
    expect(text('echo "x $(printf %s {inputs.a}) y"')).toBe(`echo "x $(printf %s "${V1}") y"`);
    expect(text('echo "$(echo \'{inputs.a}\' "{inputs.b}")"')).toBe(`echo "$(echo ''"${V1}"'' "${V2}")"`);
    expect(text('x=`echo {inputs.a}`')).toBe(`x=\`echo "${V1}"\``);
    expect(text('x="`echo {inputs.a}`"')).toBe(`x="\`echo "${V1}"\`"`);
    expect(text('x=$(case a in a) echo {inputs.a};; esac)')).toBe(`x=$(case a in a) echo "${V1}";; esac)`);
    expect(text('x=$(cat <<EOF\n{inputs.a}\nEOF\n)')).toBe(`x=$(cat <<EOF\n${V1}\nEOF\n)`);
  });

  it('handles escapes next to templates', () => {
    expect(text('echo \\"{inputs.a}\\" \\\\{inputs.a}')).toBe(`echo \\""${V1}"\\" \\\\"${V1}"`);
    expect(text('echo "\\"{inputs.a}\\$"')).toBe(`echo "\\"${V1}\\$"`);
    expect(text("echo it\\'s {inputs.a}")).toBe(`echo it\\'s "${V1}"`);
  });

  it('reads bash here-strings, process substitution and nested backquotes', () => {
    expect(text('cat <<< {inputs.a}')).toBe(`cat <<< "${V1}"`);
    expect(text('diff <(echo {inputs.a}) >(cat "{inputs.b}")')).toBe(`diff <(echo "${V1}") >(cat "${V2}")`);
    expect(text('echo `echo \\`echo {inputs.a}\\``')).toBe(`echo \`echo \\\`echo "${V1}"\\\`\``);
    expect(text('x=`cat <<EOF\n{inputs.a}\nEOF\n`')).toBe(`x=\`cat <<EOF\n${V1}\nEOF\n\``);
  });

  it('reads several heredocs on one line', () => {
    expect(text("cat <<A; cat <<'B'; cat <<C\n{inputs.a}\nA\nb\nB\n{inputs.b}\nC\necho {inputs.a}")).toBe(
      `cat <<A; cat <<'B'; cat <<C\n${V1}\nA\nb\nB\n${V2}\nC\necho "${V1}"`,
    );
  });

  it('ends a heredoc only at its own delimiter line', () => {
    expect(text('cat <<EOF\n{inputs.a}\nEOFX\n"{inputs.b}"\nEOF\n')).toBe(`cat <<EOF\n${V1}\nEOFX\n"${V2}"\nEOF\n`);
  });

  it('leaves templates in comments as written, without looking them up', () => {
    expect(renderShellTemplate('# {inputs.a} {inputs.missing}\necho {inputs.b} # {inputs.a}', scope)).toEqual({
      text: `# {inputs.a} {inputs.missing}\necho "${V1}" # {inputs.a}`,
      env: { SKILL_TPL_1: 'B' },
    });
  });

  it('passes values as text: strings as they are, others as compact JSON; one variable per template', () => {
    const { text: out, env } = renderShellTemplate('echo {inputs.n} {inputs.obj} {fetch.output.id} {inputs.n}', scope);
    expect(out).toBe(`echo "${V1}" "${V2}" "\${SKILL_TPL_3}" "${V1}"`);
    expect(env).toEqual({ SKILL_TPL_1: '42', SKILL_TPL_2: '{"k":[1,"x"]}', SKILL_TPL_3: '7' });
  });

  it('keeps unknown roots, shell braces and escapes as written', () => {
    expect(renderShellTemplate(`echo \${HOME} {row.x} {{inputs.a}} \${X:-{y}}`, scope)).toEqual({
      text: `echo \${HOME} {row.x} {inputs.a} \${X:-{y}}`,
      env: {},
    });
  });

  it('splices {raw ...} opt-outs as their text', () => {
    expect(renderShellTemplate('{raw inputs.cmd} {inputs.a}', scope)).toEqual({
      text: `echo hi "${V1}"`,
      env: { SKILL_TPL_1: 'A' },
    });
  });

  it('passes secrets through the environment only', () => {
    expect(renderShellTemplate('curl -H "Authorization: {secrets.TOKEN}"', scope)).toEqual({
      text: `curl -H "Authorization: ${V1}"`,
      env: { SKILL_TPL_1: 's3cret' },
    });
    expect(workflowErrorThrownBy(() => renderShellTemplate('echo {raw secrets.TOKEN}', scope)).code).toBe(
      'INVALID_TEMPLATE',
    );
    expect(shellTemplateProblems('echo {raw secrets.TOKEN}', isReference)[0]?.hint).toContain('{secrets.TOKEN}');
  });
});

describe('renderShellTemplate: errors', () => {
  it('fails on a missing field', () => {
    const error = workflowErrorThrownBy(() => renderShellTemplate('echo {inputs.nope}', scope));
    expect(error.code).toBe('TEMPLATE_REF_MISSING');
    expect(error.details).toMatchObject({ reference: '{inputs.nope}', retryable: false });
  });

  it('fails on a place it cannot quote, naming the reference, the place and the way out', () => {
    const error = workflowErrorThrownBy(() => renderShellTemplate('echo $(( {inputs.n} + 1 ))', scope));
    expect(error.code).toBe('TEMPLATE_PLACE');
    expect(error.details).toEqual({ reference: '{inputs.n}', retryable: false });
    expect(error.message).toContain('{inputs.n}');
    expect(error.message).toContain('arithmetic');
    expect(error.message).toContain('env = { NAME = "{inputs.n}" }');
    expect(error.message).toContain('stdin');
  });

  it('fails clearly on a value too large for one environment variable', () => {
    const big = new Map([['inputs', { fits: 'é'.repeat(65_000), huge: 'x'.repeat(131_060) }]]);
    expect(renderShellTemplate('echo {inputs.fits}', big).env.SKILL_TPL_1).toHaveLength(65_000);
    const error = workflowErrorThrownBy(() => renderShellTemplate('echo {inputs.huge}', big));
    expect(error.code).toBe('INVALID_TEMPLATE');
    expect(error.message).toMatch(/131060 bytes.*stdin/);
  });

  it('fails clearly on a NUL byte', () => {
    const error = workflowErrorThrownBy(() => renderShellTemplate('printf %s {inputs.nul}', scope));
    expect(error.code).toBe('INVALID_TEMPLATE');
    expect(error.message).toMatch(/NUL byte.*stdin/);
  });
});

describe('shellTemplateProblems', () => {
  it('accepts every quotable place', () => {
    const ok = [
      'echo {inputs.a} "{inputs.a}" \'{inputs.a}\' pre{inputs.a}post',
      'cat <<EOF\n{inputs.a}\nEOF',
      'echo "$(echo {inputs.a})" `echo {inputs.a}` # {inputs.a}',
      'case {inputs.a} in {inputs.b}) echo {inputs.a};; esac',
      'for x in {inputs.a}; do echo "$x"; done',
      'export X={inputs.a}; sh -c \'echo "$1"\' _ {inputs.a}',
      `echo $$ $1{inputs.a} \${HOME}{inputs.a} $x{inputs.a}`,
      '[[ {inputs.a} == "{inputs.b}" ]]',
      'python3 script.py <<EOF\n{inputs.a}\nEOF',
      'x=$(echo {inputs.a}); [[ $x == a ]]',
      'case x in (a) echo {inputs.a};; (*) echo "$(case y in y) echo {inputs.a};; esac)";; esac',
      'f() { echo {inputs.a}; }; (echo {inputs.a}) && { echo {inputs.a}; }',
      `echo $'a' {inputs.a} \${#x} "$(( 1 + 2 ))" {inputs.a}`,
      'echo 2>&1 {inputs.a} >>out {inputs.a}',
    ];
    for (const source of ok) expect(shellTemplateProblems(source, isReference), source).toEqual([]);
  });

  it.each([
    [`echo \${inputs.a}`, 'right after `$`'],
    [`echo "\${inputs.a}"`, 'right after `$`'],
    [`echo \${X:-{inputs.a}}`, `in a parameter expansion \${...}`],
    [`echo "\${X:-{inputs.a}}"`, `in a parameter expansion \${...}`],
    ['echo $(( {inputs.a} + 1 ))', 'in an arithmetic expansion $((...))'],
    ['echo $[ {inputs.a} ]', 'in an arithmetic expansion $[...]'],
    ['(( x = {inputs.a} ))', 'in an arithmetic command ((...))'],
    ["cat <<'EOF'\n{inputs.a}\nEOF", 'in a quoted heredoc body'],
    ['cat <<"EOF"\n{inputs.a}\nEOF', 'in a quoted heredoc body'],
    ['cat <<\\EOF\n{inputs.a}\nEOF', 'in a quoted heredoc body'],
    ['cat <<{inputs.a}\nx\n', 'in a heredoc delimiter'],
    ['cat <<EOF\n{inputs.a}\n', 'in a heredoc without its closing delimiter'],
    ["echo $'a {inputs.a}'", "in an ANSI-C string $'...'"],
    ['echo $"a {inputs.a}"', 'in a $"..." locale string'],
    ['echo \\{inputs.a}', 'right after a backslash'],
    ['echo "\\{inputs.a}"', 'right after a backslash'],
    ["echo 'unterminated {inputs.a}", 'in an unterminated quoted string'],
    ['echo "unterminated {inputs.a}', 'in an unterminated double-quoted string'],
    ['echo $(echo {inputs.a}', 'in an unterminated $(...)'],
    ['echo `echo {inputs.a}', 'in an unterminated `...`'],
    ['eval "echo {inputs.a}"', 'as an argument of `eval`'],
    ["trap 'echo {inputs.a}' EXIT", 'as an argument of `trap`'],
    ['let x={inputs.a}', 'as an argument of `let`'],
    ['declare -i n={inputs.a}', 'in an integer (`declare -i`) assignment'],
    ['[[ {inputs.a} -eq 1 ]]', 'in a `[[ ]]` test'],
    ['arr[{inputs.a}]=1', 'in an array subscript'],
    ['bash -c "echo {inputs.a}"', 'as the code argument of `bash -c`'],
    ["sudo sh -ec 'echo {inputs.a}'", 'as the code argument of `sh -ec`'],
    ['python3 -c "print(\'{inputs.a}\')"', 'as the code argument of `python3 -c`'],
    ['ssh host ls {inputs.a}', 'in the remote command of `ssh`'],
    ['bash <<EOF\necho {inputs.a}\nEOF', 'in a heredoc that `bash` reads as code'],
    ['python3 - <<EOF\nprint("{inputs.a}")\nEOF', 'in a heredoc that `python3` reads as code'],
    ['source /dev/stdin <<EOF\necho {inputs.a}\nEOF', 'in a heredoc that `source` reads as code'],
    ['eval "$(echo {inputs.a})"', 'as an argument of `eval`'],
    ['eval `echo {inputs.a}`', 'as an argument of `eval`'],
    ['x=$(eval "$(cat <<EOF\n{inputs.a}\nEOF\n)")', 'as an argument of `eval`'],
    ['arr[$(echo {inputs.a})]=1', 'in an array subscript'],
    ['[[ $(echo {inputs.a}) -eq 1 ]]', 'in a `[[ ]]` test'],
    ['echo "$(( {inputs.a} ))"', 'in an arithmetic expansion $((...))'],
    ['for ((i = 0; i < {inputs.a}; i++)); do :; done', 'in an arithmetic command ((...))'],
    ["echo $'\\'' {inputs.a}", "after a $'...' string holding \\'"],
    [`echo "\${X:-'}'}" {inputs.a}`, `after a quote inside \${...} within double quotes`],
  ])('refuses %j', (source, place) => {
    expect(refusal(source)).toContain(`template {inputs.a} stands ${place}`);
  });

  it('says how to pass the value instead', () => {
    const [problem] = shellTemplateProblems("cat <<'EOF'\n{inputs.a}\nEOF", isReference);
    expect(problem?.ref.raw).toBe('{inputs.a}');
    expect(problem?.hint).toContain('env = { NAME = "{inputs.a}" } and use "$NAME"');
    expect(problem?.hint).toContain('stdin');
    expect(shellTemplateProblems(`echo \${inputs.a}`, isReference)[0]?.hint).toContain('remove the `$`');
  });

  it('checks only real references, and not {raw ...} opt-outs', () => {
    expect(shellTemplateProblems(`echo \${row.x} $(( {raw inputs.a} ))`, isReference)).toEqual([]);
  });

  it('lists problems in source order and never throws', () => {
    const problems = shellTemplateProblems(`echo $(({inputs.b})) \${inputs.a}`, isReference);
    expect(problems.map((p) => p.ref.raw)).toEqual(['{inputs.b}', '{inputs.a}']);
    for (const source of ['$(', '`', '<<', '"$(\'', `\${`, "$'\\", 'case', '[[', '((', '<<-\n\t', '\\']) {
      expect(() => shellTemplateProblems(`${source}{inputs.a}${source}`, isReference)).not.toThrow();
    }
  });
});
