// The tool lists of MCP servers, cached in `.skill/mcp-tools/<server>.json` with a hash of the server's
// declaration, so validation checks tool names and args offline and a changed declaration refetches.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  isJsonObject,
  type McpServerDeclaration,
  type McpToolDescription,
  mcpDeclarationIdentity,
} from '@skill/workflow-model';

/** One cache file. */
interface ToolCacheFile {
  declaration_hash: string;
  fetched_at: string;
  tools: McpToolDescription[];
}

/** The folder of the cache files below a project's `.skill/` folder. */
export function toolCacheDir(projectDir: string): string {
  return path.join(projectDir, '.skill', 'mcp-tools');
}

/** A hash of what decides which server is reached and how (its location in the file left out; secrets unresolved). */
export function declarationHash(server: McpServerDeclaration): string {
  return createHash('sha256').update(mcpDeclarationIdentity(server)).digest('hex');
}

function isToolList(value: unknown): value is McpToolDescription[] {
  return (
    Array.isArray(value) &&
    value.every((tool) => isJsonObject(tool) && typeof tool.name === 'string' && isJsonObject(tool.inputSchema))
  );
}

/** The cached tools of `server`, or undefined when there is no cache or it was made for another declaration. */
export async function readToolCache(
  dir: string,
  server: McpServerDeclaration,
): Promise<McpToolDescription[] | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path.join(dir, `${server.name}.json`), 'utf8'));
  } catch {
    return undefined;
  }
  if (!isJsonObject(parsed) || parsed.declaration_hash !== declarationHash(server)) return undefined;
  return isToolList(parsed.tools) ? parsed.tools : undefined;
}

/** Writes the cache of `server` (a private folder; replaced atomically). */
export async function writeToolCache(
  dir: string,
  server: McpServerDeclaration,
  tools: McpToolDescription[],
): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const body: ToolCacheFile = {
    declaration_hash: declarationHash(server),
    fetched_at: new Date().toISOString(),
    tools,
  };
  const file = path.join(dir, `${server.name}.json`);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}
