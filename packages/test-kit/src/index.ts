// Public API of @skill/test-kit (private, test files only): temp folders and projects, HTTP servers on port 0,
// executor contexts, WorkflowError assertions, the gate for suites that need a service, polling and deferred
// promises, raw HTTP, and the shared workflow fixtures.

/** A step executor's context with test defaults; records what the executor logs. */
export { executorContext, type RecordingContext } from './executor-context.js';
/** Command, http, inline_code and docker_container steps with test defaults, for executor tests. */
export { commandStep, dockerStep, httpStep, inlineCodeStep } from './executor-steps.js';
/** One JSON request to an API: status, headers and parsed body. */
export { fetchJson, type JsonReply, type JsonRequestInit } from './fetch-json.js';
/** A real HTTP server on port 0 of a loopback address, on demand or per suite. */
export { listenOnFreePort, type TestServer, useHttpServer } from './http-server.js';
/** True while a process exists and is not a zombie. */
export { isProcessAlive } from './process-alive.js';
/** Raw bytes to an HTTP server over TCP, and what it answered. */
export { rawHttpExchange } from './raw-http.js';
/** True when a service answers; skips with a notice, or throws under SKILL_REQUIRE_INTEGRATION=1. */
export { serviceReady } from './service-ready.js';
/** The fields every step carries (no dependencies, no retry), for building steps in tests. */
export { defaultStepFields } from './step-fields.js';
/** One resource per suite (opened in beforeAll, closed in afterAll), read through a getter. */
export { useSuiteResource } from './suite-resource.js';
/** Temp folders (on demand or per suite), files written from a map, temp projects with `.workflows/`. */
export { createTempDir, createTempProject, type TempDir, useTempDir, writeFiles } from './temp-dir.js';
/** Polling a condition with a deadline, and promises resolved from outside (ordering without sleeps). */
export { type Deferred, deferred, waitFor } from './wait-for.js';
/** The WorkflowError a promise rejects with, or a function throws. */
export { workflowErrorOf, workflowErrorThrownBy } from './workflow-error-of.js';
/** The names of the shared workflow files, to check each of them. */
export { workflowFixtureNames } from './workflow-fixture-names.js';
/** The shared workflow files in `packages/test-kit/workflows/`, by name. */
export { workflowFixture, workflowFixtures } from './workflow-fixtures.js';
