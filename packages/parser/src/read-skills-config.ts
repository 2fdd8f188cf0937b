// Reads a project's `skills.toml`: the `[mcp_servers.<name>]` tables (stdio `command` or Streamable HTTP `url`),
// with located diagnostics for every mistake.
import {
  type Diagnostic,
  isJsonObject,
  type McpServerDeclaration,
  quoteText,
  type SourceLocation,
} from '@skill/workflow-model';
import { checkKeys, openConfigToml, readNamedTables, stringAt, stringListAt, stringMapAt } from './config-fields.js';
import type { DiagnosticSink } from './diagnostic-sink.js';
import type { RawTable } from './field-readers.js';
import type { KeyPath } from './source-map.js';

/** What {@link parseSkillsConfig} found: the servers it could read and every problem. */
export interface SkillsConfig {
  mcpServers: McpServerDeclaration[];
  diagnostics: Diagnostic[];
}

const TOP_KEYS = ['mcp_servers'];
const STDIO_KEYS = ['command', 'args', 'env', 'cwd'];
const HTTP_KEYS = ['url', 'headers'];
const SERVER_NAME = /^[A-Za-z][\w.-]*$/;

function readHttpServer(name: string, table: RawTable, path: KeyPath, sink: DiagnosticSink, location: SourceLocation) {
  checkKeys(table, HTTP_KEYS, path, sink);
  const url = stringAt(table, 'url', path, sink);
  const headers = stringMapAt(table, 'headers', path, sink);
  if (url === undefined) return undefined;
  if (!/^https?:\/\//i.test(url)) {
    sink.error('INVALID_VALUE', [...path, 'url'], `url must start with http:// or https:// (got ${quoteText(url)})`);
    return undefined;
  }
  return { name, transport: 'http' as const, url, headers, location };
}

function readStdioServer(name: string, table: RawTable, path: KeyPath, sink: DiagnosticSink, location: SourceLocation) {
  checkKeys(table, STDIO_KEYS, path, sink);
  const command = stringAt(table, 'command', path, sink);
  const args = stringListAt(table, 'args', path, sink);
  const env = stringMapAt(table, 'env', path, sink);
  const cwd = stringAt(table, 'cwd', path, sink);
  if (command === undefined) return undefined;
  return { name, transport: 'stdio' as const, command, args, env, ...(cwd === undefined ? {} : { cwd }), location };
}

function readServer(name: string, value: unknown, sink: DiagnosticSink): McpServerDeclaration | undefined {
  const path: KeyPath = ['mcp_servers', name];
  if (!SERVER_NAME.test(name)) {
    const message = `server name ${quoteText(name)} must start with a letter and hold only letters, digits, "_", "-" or "."`;
    sink.error('INVALID_VALUE', path, message);
    return undefined;
  }
  if (!isJsonObject(value)) {
    sink.error('INVALID_VALUE', path, `[mcp_servers.${name}] must be a table`);
    return undefined;
  }
  const location = sink.locate(path);
  const hasCommand = value.command !== undefined;
  const hasUrl = value.url !== undefined;
  if (hasCommand === hasUrl) {
    checkKeys(value, [...STDIO_KEYS, ...HTTP_KEYS], path, sink);
    const message = hasCommand
      ? `[mcp_servers.${name}] has both command and url: a server is either a process (command) or a URL`
      : `[mcp_servers.${name}] needs command (a process spoken to over stdio) or url (Streamable HTTP)`;
    sink.error('INVALID_VALUE', path, message);
    return undefined;
  }
  return hasUrl
    ? readHttpServer(name, value, path, sink, location)
    : readStdioServer(name, value, path, sink, location);
}

/**
 * Parses the text of a `skills.toml`. Never throws for bad input: every problem is a diagnostic with its
 * file, line and column; servers with problems are left out of `mcpServers`.
 *
 * @example
 * parseSkillsConfig('[mcp_servers.files]\ncommand = "mcp-server-filesystem"\nargs = ["."]\n').mcpServers[0]?.transport; // 'stdio'
 */
export function parseSkillsConfig(text: string, file?: string): SkillsConfig {
  const opened = openConfigToml(text, 'skills.toml', file);
  if ('diagnostics' in opened) return { mcpServers: [], diagnostics: opened.diagnostics };
  const { raw, sink } = opened;
  checkKeys(raw, TOP_KEYS, [], sink);
  const mcpServers = readNamedTables(raw, 'mcp_servers', sink, (name, value) => readServer(name, value, sink));
  return { mcpServers, diagnostics: sink.sorted() };
}
