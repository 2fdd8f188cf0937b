// Reads a Skill Engine native skill's SKILL.md: the tools its `## Tools` section documents (`### name` headings, or
// `#### name` under `### category` headings) and each tool's `**Parameters**:` list, with located diagnostics.
import type { Diagnostic, ManifestParameterType, ManifestTool, ManifestToolParameter } from '@skill/workflow-model';
import { quoteText } from '@skill/workflow-model';

/** What {@link parseSkillMd} found: the front matter's description, the tools, and every problem. */
export interface SkillMd {
  description?: string;
  tools: ManifestTool[];
  diagnostics: Diagnostic[];
}

const TYPES: readonly ManifestParameterType[] = ['string', 'integer', 'number', 'boolean', 'array', 'object'];
const TOOL_NAME = /^[A-Za-z][\w.-]*$/;
const PARAMETER_NAME = /^[A-Za-z_][\w-]*$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const PARAMETERS_LABEL = /^\*\*Parameters(?::\*\*|\*\*\s*:)\s*$/i;
const LIST_ITEM = /^\s*[-*]\s+/;
const PARAMETER_ITEM = /^\s*[-*]\s+`([^`]*)`\s*(?:\(([^)]*)\))?\s*(?::\s*(.*))?$/;
const FENCE = /^\s*(```|~~~)/;

interface OpenTool {
  tool: ManifestTool;
  line: number;
  level: number;
  inParameters: boolean;
  descriptionDone: boolean;
}

class Reader {
  readonly tools: ManifestTool[] = [];
  readonly diagnostics: Diagnostic[] = [];
  #inTools = false;
  #open: OpenTool | undefined;

  constructor(private readonly file: string | undefined) {}

  error(line: number, column: number, message: string): void {
    const at = this.file === undefined ? {} : { file: this.file };
    this.diagnostics.push({ code: 'INVALID_VALUE', severity: 'error', message, line, column, ...at });
  }

  #close(): void {
    const open = this.#open;
    this.#open = undefined;
    if (!open) return;
    if (!TOOL_NAME.test(open.tool.name)) {
      const message = `tool heading ${quoteText(open.tool.name)} is not a tool name (a letter, then letters, digits, "_", "-" or ".")`;
      this.error(open.line, open.level + 2, message);
    } else if (this.tools.some((tool) => tool.name === open.tool.name)) {
      this.error(open.line, open.level + 2, `tool ${quoteText(open.tool.name)} is documented twice`);
    } else {
      this.tools.push(open.tool);
    }
  }

  heading(level: number, text: string, line: number): void {
    if (level <= 2) {
      this.#close();
      this.#inTools = level === 2 && /tools/i.test(text);
      return;
    }
    if (!this.#inTools || level > 4) return;
    // A `###` followed by `####` headings is a category: its `####` headings are the tools.
    if (level === 4 && this.#open?.level === 3) this.#open = undefined;
    else this.#close();
    const tool = { name: text.replace(/^`(.*)`$/, '$1'), description: '', parameters: [] };
    this.#open = { tool, line, level, inParameters: false, descriptionDone: false };
  }

  text(raw: string, line: number): void {
    const open = this.#open;
    if (!open) return;
    const trimmed = raw.trim();
    if (PARAMETERS_LABEL.test(trimmed)) {
      open.inParameters = true;
      open.descriptionDone = true;
      return;
    }
    if (open.inParameters) {
      if (trimmed === '') return;
      if (LIST_ITEM.test(raw)) {
        this.#parameter(open, raw, line);
        return;
      }
      open.inParameters = false;
    }
    if (open.descriptionDone) return;
    if (trimmed === '') {
      if (open.tool.description !== '') open.descriptionDone = true;
    } else if (trimmed.startsWith('**') || LIST_ITEM.test(raw) || trimmed.startsWith('|')) {
      open.descriptionDone = open.tool.description !== '';
    } else {
      open.tool.description = open.tool.description === '' ? trimmed : `${open.tool.description} ${trimmed}`;
    }
  }

  fenceOpened(): void {
    if (this.#open) {
      this.#open.inParameters = false;
      this.#open.descriptionDone ||= this.#open.tool.description !== '';
    }
  }

  #parameter(open: OpenTool, raw: string, line: number): void {
    const column = raw.search(/\S/) + 1;
    const match = PARAMETER_ITEM.exec(raw);
    const name = match?.[1] ?? '';
    if (!match || !PARAMETER_NAME.test(name)) {
      const message = `tool ${quoteText(open.tool.name)}: a parameter line reads - \`name\` (required|optional, type): description (got ${quoteText(raw.trim())})`;
      this.error(line, column, message);
      return;
    }
    const parameter: ManifestToolParameter = { name, type: 'string', required: false, description: match[3] ?? '' };
    let said: string | undefined;
    for (const part of (match[2] ?? '').split(',')) {
      const word = part.trim().toLowerCase();
      if (word === '' || word.startsWith('default')) continue;
      if (word === 'required' || word === 'optional') {
        if (said !== undefined && said !== word) {
          this.error(line, column, `parameter ${quoteText(name)} is marked both required and optional`);
          return;
        }
        said = word;
        parameter.required = word === 'required';
      } else if ((TYPES as readonly string[]).includes(word)) {
        parameter.type = word as ManifestParameterType;
      } else {
        const message = `parameter ${quoteText(name)}: unknown attribute ${quoteText(part.trim())} (expected required, optional, default: ..., or a type: ${TYPES.join(', ')})`;
        this.error(line, column, message);
        return;
      }
    }
    if (open.tool.parameters.some((p) => p.name === name)) {
      this.error(line, column, `tool ${quoteText(open.tool.name)} documents parameter ${quoteText(name)} twice`);
      return;
    }
    open.tool.parameters.push(parameter);
  }

  finish(): void {
    this.#close();
  }
}

/** The front matter's `description` and the line the body starts on (0-based), or a diagnostic. */
function frontMatter(lines: string[], reader: Reader): { description?: string; bodyStart: number } {
  if (lines[0]?.trim() !== '---') return { bodyStart: 0 };
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end < 0) {
    reader.error(1, 1, 'SKILL.md opens its front matter with "---" but never closes it');
    return { bodyStart: lines.length };
  }
  const described = lines.slice(1, end).find((line) => /^description\s*:/.test(line));
  const description = described
    ?.replace(/^description\s*:\s*/, '')
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2');
  return { bodyStart: end + 1, ...(description ? { description } : {}) };
}

/**
 * Parses the text of a native skill's SKILL.md. Never throws for bad input: every problem is a diagnostic with the
 * file, line and column; a SKILL.md that documents no tool under a `## Tools` heading is a problem too.
 *
 * @example
 * parseSkillMd('## Tools\n\n### hello\nSays hello.\n\n**Parameters**:\n- `name` (required): Who\n').tools[0]?.name; // 'hello'
 */
export function parseSkillMd(text: string, file?: string): SkillMd {
  const reader = new Reader(file);
  const lines = text.split(/\r?\n/);
  const { description, bodyStart } = frontMatter(lines, reader);
  let fence: string | undefined;
  for (let index = bodyStart; index < lines.length; index++) {
    const raw = lines[index] ?? '';
    const fenceMark = FENCE.exec(raw)?.[1];
    if (fenceMark !== undefined && (fence === undefined || fence === fenceMark)) {
      fence = fence === undefined ? fenceMark : undefined;
      reader.fenceOpened();
      continue;
    }
    if (fence !== undefined) continue;
    const heading = HEADING.exec(raw);
    if (heading) reader.heading(heading[1]?.length ?? 1, heading[2] ?? '', index + 1);
    else reader.text(raw, index + 1);
  }
  reader.finish();
  if (reader.tools.length === 0 && reader.diagnostics.length === 0) {
    reader.error(1, 1, 'SKILL.md documents no tools (a "## Tools" section with a "### <tool>" heading per tool)');
  }
  return { tools: reader.tools, diagnostics: reader.diagnostics, ...(description ? { description } : {}) };
}
