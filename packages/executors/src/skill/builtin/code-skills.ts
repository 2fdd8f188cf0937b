// The built-in code skills python, node, bash and ruby: tool `execute` runs code like an inline_code step, with the step's limits.
import type { ExecutorContext, InlineLanguage, Skill, StepResult } from '@skill/workflow-model';
import { ErrorCode, WorkflowError } from '@skill/workflow-model';
import type { InlineSandboxes, ResolvedSandboxes } from '../../inline/default-sandboxes.js';
import { type ProcessRunnerSource, processRunnerOf } from '../../lazy-executor.js';

const DESCRIPTIONS: Record<InlineLanguage, string> = {
  python: 'Python 3',
  node: 'Node.js',
  bash: 'Bash',
  ruby: 'Ruby',
};

/** The input schema of every `execute` tool. */
export const EXECUTE_INPUT_SCHEMA = {
  type: 'object',
  properties: {
    script: { type: 'string', description: 'The code to run (same as `code`; give one of them).' },
    code: { type: 'string', description: 'The code to run (same as `script`; give one of them).' },
    stdin: { description: 'Written to stdin: a string as is, anything else as JSON.' },
    env: {
      type: 'object',
      description: 'Environment variables for the code.',
      additionalProperties: { type: ['string', 'number', 'boolean'] },
    },
    image: { type: 'string', description: "Docker image to run in instead of the language's default." },
    unsafe_native: {
      type: 'boolean',
      description: 'Run on the host with the local interpreter (trusted workflows only).',
    },
  },
  additionalProperties: false,
} as const satisfies Record<string, unknown>;

function codeArg(language: InlineLanguage, args: Record<string, unknown>): string {
  const { script, code } = args;
  if (script !== undefined && code !== undefined) {
    throw new WorkflowError(ErrorCode.InvalidValue, `${language}.execute takes \`script\` or \`code\`, not both`, {
      retryable: false,
    });
  }
  const text = script ?? code;
  if (typeof text !== 'string') {
    throw new WorkflowError(
      ErrorCode.InvalidValue,
      `${language}.execute needs the code to run in \`script\` (or \`code\`) as a string`,
      { retryable: false },
    );
  }
  return text;
}

function envArg(env: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (typeof env !== 'object' || env === null) return result;
  for (const [key, value] of Object.entries(env)) result[key] = String(value);
  return result;
}

function codeSkill(language: InlineLanguage, sandboxes: () => Promise<ResolvedSandboxes>): Skill {
  const name = DESCRIPTIONS[language];
  return {
    name: language,
    description: `Runs ${name} code in a container (or on the host with unsafe_native, trusted workflows only).`,
    tools: {
      execute: {
        description: `Runs ${name} code (\`script\` or \`code\`) with optional \`stdin\` and \`env\`; stdout is the output.`,
        inputSchema: EXECUTE_INPUT_SCHEMA,
        async run(args: Record<string, unknown>, ctx: ExecutorContext): Promise<StepResult> {
          const code = codeArg(language, args);
          const [{ runInlineCode }, resolved] = await Promise.all([
            import('../../inline/inline-runner.js'),
            sandboxes(),
          ]);
          return runInlineCode(
            {
              language,
              code,
              stdin: args.stdin,
              environment: envArg(args.env),
              image: typeof args.image === 'string' ? args.image : undefined,
              unsafeNative: args.unsafe_native === true,
              memoryBytes: ctx.limits?.memory_limit_bytes,
              cpus: ctx.limits?.cpu_limit,
              what: `skill ${language}.execute`,
            },
            ctx,
            resolved,
          );
        },
      },
    },
  };
}

/** Sandboxes of the code skills; the process runner of the native one may be given as a function (made at first use). */
export type CodeSkillSandboxes = Omit<InlineSandboxes, 'processRunner'> & { processRunner?: ProcessRunnerSource };

/**
 * The skills `python`, `node`, `bash` and `ruby`, each with tool `execute`, sharing one native sandbox; the
 * sandboxes (and the code that runs them) are loaded when code first runs.
 */
export function codeSkills(options: CodeSkillSandboxes): Skill[] {
  const runner = options.processRunner === undefined ? undefined : processRunnerOf(options.processRunner);
  let resolved: Promise<ResolvedSandboxes> | undefined;
  const sandboxes = () => {
    resolved ??= import('../../inline/default-sandboxes.js').then(async ({ resolveSandboxes }) =>
      resolveSandboxes({ ...options, processRunner: runner === undefined ? undefined : await runner() }),
    );
    return resolved;
  };
  return (['python', 'node', 'bash', 'ruby'] as const).map((language) => codeSkill(language, sandboxes));
}
