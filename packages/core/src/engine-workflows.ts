// Workflows of an engine: load, validate, list, save untrusted ones (API/MCP) and register executors.
// The project's skills are loaded by the checks of the first workflow with skill steps (LoaderContext.loadSkills).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WorkflowError } from '@skill/workflow-model';
import type { EngineContext } from './engine-context.js';
import type { Engine } from './engine-types.js';
import { listWorkflowFiles, loadSource, validateSource } from './workflow-loader.js';

/** The workflow part of an engine. */
export type EngineWorkflows = Pick<Engine, 'load' | 'validate' | 'listWorkflows' | 'saveWorkflow' | 'registerExecutor'>;

/** The workflow part of the engine with context `ctx`. */
export function createWorkflows(ctx: EngineContext): EngineWorkflows {
  const { loader } = ctx;
  return {
    async load(source) {
      return loadSource(source, loader);
    },
    async validate(source, validateOptions) {
      return validateSource(source, loader, validateOptions);
    },
    async listWorkflows() {
      await ctx.ensureSkills(); // a listing reports a broken skills folder even when no workflow uses it
      return listWorkflowFiles(loader);
    },
    registerExecutor(executor) {
      ctx.executors.set(executor.type, executor);
    },
    async saveWorkflow(toml, saveOptions = {}) {
      // Judged at the level API-created workflows run at, with their size limits: what it refuses is not stored.
      const report = await validateSource(toml, loader, { untrusted: true });
      if (!report.ok || !report.definition) return { ...report, trusted: false };
      const name = report.definition.name;
      const trustedFile = path.join(loader.workflowsDir, `${name}.toml`);
      const existing = await validateSource(trustedFile, loader).catch(() => undefined);
      if (existing) {
        throw new WorkflowError(
          'WORKFLOW_EXISTS',
          `a workflow named "${name}" already exists in the workflows folder`,
          {
            name,
            trusted: true,
          },
        );
      }
      await mkdir(loader.untrustedDir, { recursive: true, mode: 0o700 }); // .skill/ is private to the owner
      const file = path.join(loader.untrustedDir, `${name}.toml`);
      // 'wx' fails when the file exists, so two concurrent creations cannot both win.
      await writeFile(file, toml, { flag: saveOptions.replace ? 'w' : 'wx' }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
        throw new WorkflowError(
          'WORKFLOW_EXISTS',
          `a workflow named "${name}" was already created; replace it explicitly`,
          {
            name,
            trusted: false,
          },
        );
      });
      return { ...report, trusted: false, file };
    },
  };
}
