// `{secrets.NAME}` in an MCP server's declaration (command args, env, url, headers), resolved when it connects.
import { type McpServerDeclaration, WorkflowError } from '@skill/workflow-model';

const SECRET_REFERENCE = /\{secrets\.([A-Za-z_][A-Za-z0-9_]*)\}/g;

function resolveText(text: string, secrets: ReadonlyMap<string, string>, server: string): string {
  return text.replace(SECRET_REFERENCE, (_match, name: string) => {
    const value = secrets.get(name);
    if (value === undefined) {
      throw new WorkflowError(
        'SECRET_MISSING',
        `MCP server "${server}" uses {secrets.${name}}, which is not set (SKILL_SECRET_${name} or the secrets file)`,
        { retryable: false },
      );
    }
    return value;
  });
}

function resolveMap(map: Record<string, string>, secrets: ReadonlyMap<string, string>, server: string) {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, resolveText(value, secrets, server)]));
}

/** The declaration with every `{secrets.NAME}` replaced; throws SECRET_MISSING naming the secret (never a value). */
export function resolveServerSecrets(
  server: McpServerDeclaration,
  secrets: ReadonlyMap<string, string>,
): McpServerDeclaration {
  if (server.transport === 'http') {
    return {
      ...server,
      url: resolveText(server.url, secrets, server.name),
      headers: resolveMap(server.headers, secrets, server.name),
    };
  }
  return {
    ...server,
    args: server.args.map((arg) => resolveText(arg, secrets, server.name)),
    env: resolveMap(server.env, secrets, server.name),
  };
}
