// skills.toml: stdio and Streamable HTTP servers read with their locations; every mistake located, never a throw.
import { describe, expect, it } from 'vitest';
import { parseSkillsConfig } from './read-skills-config.js';

describe('parseSkillsConfig', () => {
  it('reads stdio and HTTP servers, keeping {secrets.*} unresolved', () => {
    const text = `[mcp_servers.files]
command = "mcp-server-filesystem"
args = ["./data"]
env = { TOKEN = "{secrets.FS_TOKEN}" }
cwd = "tools"

[mcp_servers.remote]
url = "https://mcp.example.com/mcp"
headers = { Authorization = "Bearer {secrets.REMOTE}" }
`;
    const { mcpServers, diagnostics } = parseSkillsConfig(text, 'skills.toml');
    expect(diagnostics).toEqual([]);
    expect(mcpServers).toEqual([
      {
        name: 'files',
        transport: 'stdio',
        command: 'mcp-server-filesystem',
        args: ['./data'],
        env: { TOKEN: '{secrets.FS_TOKEN}' },
        cwd: 'tools',
        location: { file: 'skills.toml', line: 1, column: 1 },
      },
      {
        name: 'remote',
        transport: 'http',
        url: 'https://mcp.example.com/mcp',
        headers: { Authorization: 'Bearer {secrets.REMOTE}' },
        location: { file: 'skills.toml', line: 7, column: 1 },
      },
    ]);
  });

  it('locates each mistake and leaves the broken servers out', () => {
    const text = `[mcp_servers.both]
command = "x"
url = "http://127.0.0.1:1/mcp"

[mcp_servers.typo]
comand = "x"

[mcp_servers.ftp]
url = "ftp://example.com"

[mcp_servers.bad]
command = "x"
args = [1]
env = { A = 1 }

[mcp_server.x]
command = "y"
`;
    const { mcpServers, diagnostics } = parseSkillsConfig(text);
    expect(mcpServers).toEqual([]);
    expect(
      diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}${d.hint ? ` (${d.hint})` : ''}`),
    ).toEqual([
      '1:1 INVALID_VALUE [mcp_servers.both] has both command and url: a server is either a process (command) or a URL',
      '5:1 INVALID_VALUE [mcp_servers.typo] needs command (a process spoken to over stdio) or url (Streamable HTTP)',
      '6:1 UNKNOWN_KEY unknown key "comand" (did you mean "command"?)',
      '9:1 INVALID_VALUE url must start with http:// or https:// (got "ftp://example.com")',
      '13:1 INVALID_VALUE args must be an array of strings',
      '14:9 INVALID_VALUE env.A must be a string (got 1)',
      '16:1 UNKNOWN_KEY unknown key "mcp_server" (did you mean "mcp_servers"?)',
    ]);
  });

  it('reports TOML syntax errors and refuses hostile server names', () => {
    expect(parseSkillsConfig('[mcp_servers.x\n').diagnostics[0]).toMatchObject({ code: 'TOML_SYNTAX', line: 1 });
    const hostile = parseSkillsConfig('[mcp_servers."../../etc"]\ncommand = "x"\n');
    expect(hostile.mcpServers).toEqual([]);
    expect(hostile.diagnostics[0]?.message).toContain('server name "../../etc" must start with a letter');
  });
});
