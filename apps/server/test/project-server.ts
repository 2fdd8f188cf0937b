// Test support: the server started in this process (startServer on 127.0.0.1:0) over a fresh temp project, and the
// workflow files of this app's suites in `test/workflows/`.
import { readFileSync } from 'node:fs';
import { createTempProject } from '@skill/test-kit';
import { configFromEnv, type RunningServer, startServer } from '@skill/workflow-server';

/** Flags as the command line gives them to `configFromEnv`, without the project folder. */
type ServerFlags = Omit<NonNullable<Parameters<typeof configFromEnv>[1]>, 'cwd'>;

/** A running server, its project folder and base URL, and how to stop both. */
export interface ProjectServer {
  dir: string;
  url: string;
  server: RunningServer;
  /** Closes the server, then removes the project. */
  close(): Promise<void>;
}

/** How {@link startProjectServer} configures the server. */
export interface ProjectServerOptions {
  /** `SKILL_*` variables, as the environment would give them. */
  env?: Record<string, string>;
  /** Flags; a function receives the project folder (e.g. to place a data folder in it) and may prepare it. */
  flags?: ServerFlags | ((dir: string) => ServerFlags | Promise<ServerFlags>);
}

/**
 * Makes a temp project holding `workflows` (name -> TOML text) and starts the server over it on port 0 of
 * 127.0.0.1 (flags may override the host).
 */
export async function startProjectServer(
  workflows: Record<string, string> = {},
  options: ProjectServerOptions = {},
): Promise<ProjectServer> {
  const project = await createTempProject(workflows, 'skill-server-');
  try {
    const flags = typeof options.flags === 'function' ? await options.flags(project.dir) : options.flags;
    const server = await startServer(
      configFromEnv(options.env ?? {}, { host: '127.0.0.1', ...flags, cwd: project.dir, port: 0 }),
    );
    return {
      dir: project.dir,
      url: server.url,
      server,
      async close() {
        await server.close();
        await project.cleanup();
      },
    };
  } catch (error) {
    await project.cleanup();
    throw error;
  }
}

/** The TOML text of `test/workflows/<name>.toml`, a workflow only this app's suites use. */
export function serverWorkflow(name: string): string {
  return readFileSync(new URL(`./workflows/${name}.toml`, import.meta.url), 'utf8');
}
