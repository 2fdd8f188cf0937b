// Which modules the built (bundled) CLI loads per command: `--version` and `--help` load no file of the workspace
// packages and none of the heavy libraries; validating a command-only workflow loads no Docker, HTTP client,
// database or server code.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useTempDir } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { builtCli } from '../test/built-cli.js';

/** Preloaded with --import: records the URL of every module loaded (import or require) into $MODULES_FILE. */
const RECORDER = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';
const urls = [];
registerHooks({ load(url, context, next) { urls.push(url); return next(url, context); } });
process.on('exit', () => writeFileSync(process.env.MODULES_FILE, urls.join('\\n')));
`)}`;

/** Libraries each command must leave alone unless it uses them (matched in the module's resolved path). */
const HEAVY = [
  '/node_modules/ajv/',
  '/node_modules/undici/',
  '/node_modules/dockerode/',
  '/node_modules/kysely/',
  '/packages/store/dist/kysely-runtime.js',
  '/node_modules/@modelcontextprotocol/sdk/',
  '/node_modules/hono/',
  '/node_modules/@hono/',
  '/node_modules/@opentelemetry/',
  '/node_modules/prom-client/',
];

/** Node modules only running steps needs: spawning processes, sockets and DNS (egress checks), HTTP. */
const RUNTIME_BUILTINS = ['node:child_process', 'node:net', 'node:dns/promises', 'node:http', 'node:https'];

/** Files of the workspace packages that the bundle loads from their package (e.g. the precompiled schema check). */
const PACKAGE_FILE = /\/packages\/[^/]+\//;

const QUICKSTART = path.resolve(import.meta.dirname, '../../../examples/.workflows/quickstart.toml');

const temp = useTempDir('cli-startup-modules-');

/** Runs the built `skill <args>` with the recorder; its exit code and the modules it loaded. */
function loadedModules(args: string[]): { code: number | null; modules: string[] } {
  const file = path.join(temp(), 'modules.txt');
  const r = spawnSync(process.execPath, ['--import', RECORDER, builtCli(), ...args], {
    cwd: temp(),
    env: { ...process.env, NO_COLOR: '1', MODULES_FILE: file },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, modules: readFileSync(file, 'utf8').split('\n').filter(Boolean) };
}

const heavyIn = (modules: string[]) => modules.filter((url) => HEAVY.some((part) => url.includes(part)));

describe('modules the built CLI loads', () => {
  it.each([['--version'], ['--help'], ['workflow', '--help'], ['help', 'serve']])(
    'skill %s loads no package file and no heavy library',
    (...args) => {
      const { code, modules } = loadedModules(args);
      expect(code).toBe(0);
      expect(modules.some((url) => url.endsWith('/apps/cli/dist/bin.js'))).toBe(true); // the recorder sees our modules
      expect(heavyIn(modules)).toEqual([]);
      expect(modules.filter((url) => PACKAGE_FILE.test(url))).toEqual([]);
    },
  );

  it('running a command-only workflow without an OTLP endpoint loads no tracing or metrics code', () => {
    const { code, modules } = loadedModules(['workflow', 'run', QUICKSTART, '--quiet']);
    expect(code).toBe(0);
    expect(modules.filter((url) => /\/node_modules\/(@opentelemetry|prom-client)\//.test(url))).toEqual([]);
  });

  it('validating a command-only workflow loads no Docker, HTTP client, database or server code', () => {
    const { code, modules } = loadedModules(['workflow', 'validate', QUICKSTART]);
    expect(code).toBe(0);
    expect(modules.some((url) => url.includes('/node_modules/ajv/'))).toBe(true); // the schema check did run
    expect(heavyIn(modules).filter((url) => !url.includes('/node_modules/ajv/'))).toEqual([]);
    // no code that runs steps: processes, sockets, HTTP (the executors' and the engine's runtime load at a run)
    expect(modules.filter((url) => RUNTIME_BUILTINS.includes(url))).toEqual([]);
    // nor the MCP servers' code, schedules or webhooks (node:crypto is what webhook signatures and tool caches use)
    expect(modules.filter((url) => /\/(mcp-skills|scheduler|webhook-receiver)[-.]/.test(url))).toEqual([]);
    expect(modules).not.toContain('node:crypto');
    // nor croner: the quickstart has no schedule trigger
    expect(modules.filter((url) => url.includes('/node_modules/croner/'))).toEqual([]);
    // its code comes in a few files (scripts/bundle.mjs groups it), not one per small shared chunk
    expect(modules.filter((url) => url.includes('/apps/cli/dist/chunks/')).length).toBeLessThanOrEqual(12);
  });

  it('running a workflow still loads the runtime that validating leaves out', () => {
    const { code, modules } = loadedModules(['workflow', 'run', QUICKSTART]);
    expect(code).toBe(0);
    expect(modules).toContain('node:child_process');
  });
});
