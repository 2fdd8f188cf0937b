// Browser-test harness: a real engine + server over a temp project serving apps/web/dist, and headless Chromium.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempProject, serviceReady } from '@skill/test-kit';
import { createEngine, type Engine, type EngineOptions } from '@skill/workflow-core';
import { type HttpServerHandle, serveHttp } from '@skill/workflow-http';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** The Chromium binary (Debian's package), overridable with SKILL_CHROMIUM. */
export const CHROMIUM_PATH = process.env.SKILL_CHROMIUM ?? '/usr/bin/chromium';
/** The built dashboard. */
export const DIST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
/** The workflows the browser tests run, one `<name>.toml` each. */
export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
/** Where screenshots go. */
export const SCREENSHOT_DIR = path.resolve(DIST_DIR, '..', '..', '..', 'test-artifacts', 'screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A served project and a browser. */
export interface DashboardFixture {
  url: string;
  dir: string;
  engine: Engine;
  server: HttpServerHandle;
  browser: Browser;
  /** Stops the HTTP server only (to see the dashboard's "API down" state). */
  stopServer(): Promise<void>;
  /** Closes the server (its WebSockets get 1001) and serves the same engine again on the same port. */
  restartServer(): Promise<void>;
  /** A page of its own (fresh browser context, 1280x860), closed with the fixture. */
  newPage(): Promise<Page>;
  /** Lets the gated step of execution `executionId` go on (the fixtures wait for `gates/<execution id>`). */
  openGate(executionId: string): Promise<void>;
  close(): Promise<void>;
}

/** The fixture workflows `names` (files of {@link FIXTURES_DIR}), by name, for {@link startDashboard}. */
export async function readFixtures(...names: string[]): Promise<Record<string, string>> {
  const texts = await Promise.all(names.map((name) => readFile(path.join(FIXTURES_DIR, `${name}.toml`), 'utf8')));
  return Object.fromEntries(names.map((name, i) => [name, texts[i] as string]));
}

/**
 * Starts engine + server (staticDir = dist) over `.workflows/<name>.toml` files, and launches Chromium;
 * `engineOptions` adds to the engine's (e.g. a step dispatcher on a queue).
 */
export async function startDashboard(
  workflows: Record<string, string>,
  engineOptions: Omit<EngineOptions, 'cwd'> = {},
): Promise<DashboardFixture> {
  if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
    throw new Error(`apps/web/dist/index.html is missing: run pnpm build first (pnpm --filter @skill/web build)`);
  }
  const project = await createTempProject(workflows, 'skill-web-');
  const { dir } = project;
  const engine = createEngine({ ...engineOptions, cwd: dir });
  let server = await serveHttp({ engine, port: 0, host: '127.0.0.1', staticDir: DIST_DIR });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 60_000,
    });
  } catch (error) {
    await server.close({ graceMs: 0 });
    await engine.shutdown({ graceMs: 0 });
    throw error;
  }
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  let serverStopped: Promise<void> | undefined;
  await mkdir(path.join(dir, 'gates'));
  const stopServer = () => {
    serverStopped ??= server.close({ graceMs: 1_000 });
    return serverStopped;
  };
  return {
    url: server.url,
    dir,
    engine,
    get server() {
      return server;
    },
    browser,
    stopServer,
    async restartServer() {
      await stopServer();
      server = await serveHttp({ engine, port: server.port, host: '127.0.0.1', staticDir: DIST_DIR });
      serverStopped = undefined;
    },
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    async openGate(executionId) {
      await writeFile(path.join(dir, 'gates', executionId), '');
    },
    async close() {
      await browser.close();
      await engine.shutdown({ graceMs: 0 });
      await stopServer();
      await project.cleanup();
    },
  };
}

/** True when Chromium is installed; otherwise the suite is skipped with a notice, or fails under SKILL_REQUIRE_INTEGRATION=1. */
export function chromiumAvailable(): Promise<boolean> {
  return serviceReady('browser', async () => {
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} not found (apt-get install -y chromium)`);
  });
}

/** The dashboard of a test file and the page of the running test (see {@link useDashboard}). */
export interface DashboardSession {
  readonly fx: DashboardFixture;
  readonly page: Page;
}

/**
 * Registers the hooks of a test file: one dashboard over the fixture workflows `names` for the file, and a page of
 * its own (fresh browser context) for each test, so that no test depends on what another left open.
 */
export function useDashboard(...names: string[]): DashboardSession {
  let fx: DashboardFixture | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    fx = await startDashboard(await readFixtures(...names));
  });
  afterAll(async () => {
    await fx?.close();
  });
  beforeEach(async () => {
    page = await fx?.newPage();
  });
  afterEach(async () => {
    await page?.context().close();
  });
  return {
    get fx() {
      if (!fx) throw new Error('the dashboard is not started (beforeAll failed?)');
      return fx;
    },
    get page() {
      if (!page) throw new Error('no page (beforeEach failed?)');
      return page;
    },
  };
}
