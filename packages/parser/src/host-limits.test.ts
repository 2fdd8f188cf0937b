// Tests of the LIMIT_NOT_ENFORCED warning: limits on host-process steps are reported, located, and do not fail validation.
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from './parse-workflow.js';

const HEAD = 'version = "1"\nname = "t"\n';

describe('memory_limit / cpu_limit on host processes', () => {
  it('warns for a command step, located at the key and naming the step, and still gives the definition', () => {
    const { definition, diagnostics } = parseWorkflow(
      `${HEAD}[[steps]]\nid = "build"\ncommand = "make"\nmemory_limit = "512m"\ncpu_limit = 1\n`,
    );
    expect(definition?.steps[0]).toMatchObject({ memory_limit_bytes: 512 * 1024 * 1024, cpu_limit: 1 });
    expect(diagnostics).toEqual([
      {
        code: 'LIMIT_NOT_ENFORCED',
        severity: 'warning',
        message:
          'step "build": steps[0].memory_limit is not enforced: a command step runs as a host process, and limits apply to containers only',
        line: 6,
        column: 1,
        step_id: 'build',
        path: 'steps[0].memory_limit',
        hint: 'remove it, or run the work in a container (docker_container, or inline_code without unsafe_native)',
      },
      expect.objectContaining({ code: 'LIMIT_NOT_ENFORCED', severity: 'warning', line: 7, path: 'steps[0].cpu_limit' }),
    ]);
  });

  it('warns for unsafe_native inline code, on the step and in its table, also inside a loop', () => {
    const { definition, diagnostics } = parseWorkflow(
      `${HEAD}[[steps]]\nid = "each"\nitems = [1]\n[[steps.loop]]\nid = "py"\nmemory_limit = "64m"\n` +
        '[steps.loop.inline_code]\nlanguage = "python"\ncode = "print(1)"\nunsafe_native = true\ncpu_limit = 0.5\n',
    );
    expect(definition).toBeDefined();
    expect(diagnostics.map((d) => [d.severity, d.code, d.step_id, d.path])).toEqual([
      ['warning', 'LIMIT_NOT_ENFORCED', 'py', 'steps[0].loop[0].memory_limit'],
      ['warning', 'LIMIT_NOT_ENFORCED', 'py', 'steps[0].loop[0].inline_code.cpu_limit'],
    ]);
    expect(diagnostics[1]?.message).toContain('inline code with unsafe_native = true runs as a host process');
  });

  it('says nothing where a container enforces the limits', () => {
    const text =
      `${HEAD}[[steps]]\nid = "py"\nmemory_limit = "64m"\n[steps.inline_code]\nlanguage = "python"\ncode = "print(1)"\n` +
      '[[steps]]\nid = "box"\ncpu_limit = 1\n[steps.docker]\nimage = "alpine"\n' +
      '[[steps]]\nid = "sk"\nskill = "python"\ntool = "execute"\nmemory_limit = "64m"\nargs = { code = "print(1)" }\n';
    expect(parseWorkflow(text).diagnostics).toEqual([]);
  });
});
