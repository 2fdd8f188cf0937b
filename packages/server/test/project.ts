// Test support: a temporary project with .workflows/*.toml, polling with a deadline, and small HTTP calls.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** `hello` greets `{inputs.name}` in two steps; `nap` sleeps `{inputs.seconds}` then echoes. */
export const WORKFLOWS: Record<string, string> = {
  hello: `version = "1"
name = "hello"

[inputs]
name = { type = "string", default = "World" }

[[steps]]
id = "greet"
step_type = "command"
command = "echo Hello, {inputs.name}!"

[[steps]]
id = "shout"
step_type = "command"
depends_on = ["greet"]
command = "echo done"
`,
  nap: `version = "1"
name = "nap"

[inputs]
seconds = { type = "number", default = 1 }

[[steps]]
id = "sleep"
step_type = "command"
command = "sleep {inputs.seconds}; echo rested"

[[steps]]
id = "after"
step_type = "command"
depends_on = ["sleep"]
command = "echo after"
`,
};

/** A temp project holding `workflows` (default {@link WORKFLOWS}) in `.workflows/`. */
export async function createProject(
  workflows: Record<string, string> = WORKFLOWS,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'skill-server-'));
  await mkdir(path.join(dir, '.workflows'));
  for (const [name, text] of Object.entries(workflows)) {
    await writeFile(path.join(dir, '.workflows', `${name}.toml`), text);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Polls `check` every `everyMs` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs}ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A JSON request: resolves with the status and the parsed body. */
export async function request<T = unknown>(
  url: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}
