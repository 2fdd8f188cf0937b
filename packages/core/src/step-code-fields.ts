// Which fields of a step are shell or program text, in which language, and where their values' variables go.
import { type CodeLanguage, codeTemplateProblems, shellTemplateProblems } from '@skill/workflow-expr';
import { isStepOfType, type StepDefinition } from '@skill/workflow-model';

/** The language a code field is read in: `shell` for `/bin/sh -c` text and bash code. */
export type CodeFieldLanguage = 'shell' | CodeLanguage;

/** One field of a step holding shell or program text. */
export interface CodeField {
  /** Key path of the text inside the step, e.g. `['inline_code', 'code']`. */
  path: readonly string[];
  language: CodeFieldLanguage;
  text: string;
  /** Key path of the environment table that receives the variables carrying values. */
  envPath: readonly string[];
}

/** The built-in skills whose `execute` tool runs code in their language. */
const CODE_SKILLS: Readonly<Record<string, CodeFieldLanguage>> = {
  python: 'python',
  node: 'node',
  ruby: 'ruby',
  bash: 'shell',
};

function inlineLanguage(language: string): CodeFieldLanguage | undefined {
  if (language === 'bash') return 'shell';
  return language === 'python' || language === 'node' || language === 'ruby' ? language : undefined;
}

/**
 * The fields of `step` whose templates must be rendered for a shell or an interpreter rather than
 * spliced: `command` strings, inline code, a container's string `command`, and the code of the
 * built-in code skills' `execute` tool.
 */
export function codeFieldsOf(step: StepDefinition): CodeField[] {
  if (isStepOfType(step, 'command') && typeof step.command === 'string') {
    return [{ path: ['command'], language: 'shell', text: step.command, envPath: ['env'] }];
  }
  if (isStepOfType(step, 'inline_code')) {
    const spec = step.inline_code;
    const language = spec && inlineLanguage(spec.language);
    if (language && typeof spec.code === 'string') {
      return [{ path: ['inline_code', 'code'], language, text: spec.code, envPath: ['inline_code', 'environment'] }];
    }
  }
  if (isStepOfType(step, 'docker_container') && typeof step.docker?.command === 'string') {
    return [
      { path: ['docker', 'command'], language: 'shell', text: step.docker.command, envPath: ['docker', 'environment'] },
    ];
  }
  if (isStepOfType(step, 'skill') && step.tool === 'execute' && Object.hasOwn(CODE_SKILLS, step.skill)) {
    const language = CODE_SKILLS[step.skill] as CodeFieldLanguage;
    const fields: CodeField[] = [];
    for (const key of ['script', 'code']) {
      const text = step.args?.[key];
      if (typeof text === 'string') fields.push({ path: ['args', key], language, text, envPath: ['args', 'env'] });
    }
    return fields;
  }
  return [];
}

/** Where the templates of a code field stand that cannot be quoted safely (validation). */
export function codeFieldProblems(field: CodeField, isReference: Parameters<typeof shellTemplateProblems>[1]) {
  return field.language === 'shell'
    ? shellTemplateProblems(field.text, isReference)
    : codeTemplateProblems(field.language, field.text, isReference);
}
