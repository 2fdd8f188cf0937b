// The MCP servers of a project as skills: declarations from skills.toml, tool lists from the cache (fetched
// when missing or when the declaration changed), one client pool per engine.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { McpClientPool, mcpSkill } from '@skill/workflow-executors/builtins';
import type { McpServerDeclaration, McpToolDescription, Skill } from '@skill/workflow-model';
import type { SkillRefreshResult } from '../engine-types.js';
import { SecretMasker } from '../secrets/secret-masker.js';
import { VERSION } from '../version.js';
import { resolveServerSecrets } from './mcp-secrets.js';
import { readToolCache, toolCacheDir, writeToolCache } from './mcp-tool-cache.js';
import { readSkillsConfig, SKILLS_CONFIG_FILE } from './skills-config.js';

/** How often a long-lived engine looks again at skills.toml, the tool caches and servers that were unavailable. */
const RECHECK_MS = 10_000;

/** Where the MCP skills of a project come from. */
export interface McpSkillsOptions {
  projectDir: string;
  /** Every secret of the engine, read when a server connects. */
  secrets: () => ReadonlyMap<string, string>;
  /** How often {@link McpSkills.reloadIfStale} looks at the files again (default 10 s). */
  recheckMs?: number;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The MCP servers of one engine. */
export class McpSkills {
  readonly pool: McpClientPool;
  readonly #options: McpSkillsOptions;
  #servers: McpServerDeclaration[] = [];
  #checkedAt = 0;
  /** Modification times of skills.toml and the cache files when the skills were last built. */
  #stamp = '';
  #someUnavailable = false;
  /** The background reload under way, if any. */
  #reloading: Promise<void> | undefined;
  /** Aborted by {@link McpSkills.close}: a reload under way stops connecting. */
  #closing = new AbortController();

  constructor(options: McpSkillsOptions) {
    this.#options = options;
    this.pool = new McpClientPool({
      baseDir: options.projectDir,
      resolve: (server) => resolveServerSecrets(server, options.secrets()),
      clientVersion: VERSION,
    });
  }

  /** Names of the declared servers (known after {@link McpSkills.load}). */
  names(): string[] {
    return this.#servers.map((server) => server.name);
  }

  /** Reads skills.toml and returns one skill per server, fetching (and caching) only the tool lists not cached. */
  async load(): Promise<Skill[]> {
    this.#checkedAt = Date.now();
    this.#servers = await readSkillsConfig(this.#options.projectDir);
    return this.#remember(await Promise.all(this.#servers.map((server) => this.#skillOf(server, false))));
  }

  /**
   * The skills built again when, at most every `recheckMs`, skills.toml or a cache file changed (`skill skills
   * refresh` from another process) or a server was unavailable; undefined when nothing changed. A skills.toml
   * that became invalid keeps the current skills.
   */
  async reloadIfStale(): Promise<Skill[] | undefined> {
    if (Date.now() - this.#checkedAt < (this.#options.recheckMs ?? RECHECK_MS)) return undefined;
    this.#checkedAt = Date.now();
    if (!this.#someUnavailable && (await this.#fileStamp()) === this.#stamp) return undefined;
    return this.load().catch(() => undefined);
  }

  /**
   * Starts {@link McpSkills.reloadIfStale} unless one is under way, and hands `onReloaded` the new skills when
   * something changed; never waits for it (a slow or unreachable server must not hold up a run).
   */
  reloadInBackground(onReloaded: (skills: Skill[]) => void): void {
    const closing = this.#closing.signal;
    this.#reloading ??= this.reloadIfStale()
      .then((reloaded) => {
        if (reloaded && !closing.aborted) onReloaded(reloaded);
      })
      .catch(() => undefined)
      .finally(() => {
        this.#reloading = undefined;
      });
  }

  async #remember(skills: Skill[]): Promise<Skill[]> {
    this.#someUnavailable = skills.some((skill) => skill.unavailable !== undefined);
    this.#stamp = await this.#fileStamp();
    return skills;
  }

  async #fileStamp(): Promise<string> {
    const dir = toolCacheDir(this.#options.projectDir);
    const files = [
      path.join(this.#options.projectDir, SKILLS_CONFIG_FILE),
      ...this.#servers.map((server) => path.join(dir, `${server.name}.json`)),
    ];
    const stamps = await Promise.all(
      files.map((file) =>
        stat(file).then(
          (found) => `${found.mtimeMs}:${found.size}`,
          () => '-',
        ),
      ),
    );
    return stamps.join('|');
  }

  /** Fetches the tool lists again (all servers, or those named), rewrites the cache and returns the new skills. */
  async refresh(names?: readonly string[]): Promise<{ skills: Skill[]; results: SkillRefreshResult[] }> {
    this.#servers = await readSkillsConfig(this.#options.projectDir);
    const chosen = names?.length ? this.#servers.filter((server) => names.includes(server.name)) : this.#servers;
    const results: SkillRefreshResult[] = [];
    const skills = await Promise.all(
      chosen.map(async (server) => {
        const skill = await this.#skillOf(server, true);
        results.push(
          skill.unavailable === undefined
            ? { server: server.name, tools: Object.keys(skill.tools).length }
            : { server: server.name, error: skill.unavailable },
        );
        return skill;
      }),
    );
    if (!names?.length) await this.#remember(skills);
    for (const name of names ?? []) {
      if (!chosen.some((server) => server.name === name))
        results.push({ server: name, error: 'not declared in skills.toml' });
    }
    return { skills, results: results.sort((a, b) => a.server.localeCompare(b.server)) };
  }

  async #skillOf(server: McpServerDeclaration, refetch: boolean): Promise<Skill> {
    const dir = toolCacheDir(this.#options.projectDir);
    const cached = refetch ? undefined : await readToolCache(dir, server);
    if (cached) return mcpSkill(server, cached, this.pool);
    let tools: McpToolDescription[];
    try {
      tools = await this.pool.listTools(server, this.#closing.signal);
    } catch (error) {
      // A server's error may echo what it was sent (a secret in its url or headers): hidden like any output.
      const message = new SecretMasker(this.#options.secrets().values()).maskText(messageOf(error));
      const why = `cannot list the tools of MCP server "${server.name}": ${message} (fix [mcp_servers.${server.name}] in skills.toml, then run \`skill skills refresh\`)`;
      return mcpSkill(server, [], this.pool, why);
    }
    await writeToolCache(dir, server, tools);
    return mcpSkill(server, tools, this.pool);
  }

  /** Stops a background reload, then closes the connections to the servers (a later call reconnects). */
  async close(): Promise<void> {
    this.#closing.abort();
    await this.#reloading;
    this.#closing = new AbortController();
    await this.pool.close();
  }
}
