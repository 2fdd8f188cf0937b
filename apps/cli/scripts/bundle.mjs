#!/usr/bin/env node
// Bundles the CLI and the workspace packages it uses from tsc's dist/tsc/ into dist/chunks/ (dist/bin.js imports it): Node
// then loads a few files per command instead of ~200 modules. Each `import()` stays its own chunk, so a command
// loads only its code; libraries stay outside the bundle, imported from where pnpm installed them.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { parseAst } from 'rolldown/parseAst';
import { eagerFunctions } from '../../../scripts/eager-functions.mjs';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const chunks = path.join(dist, 'chunks');
/** A package name rather than a path, a builtin or a workspace package (`@skill/...` is bundled). */
const isLibrary = (id) => !/^(\.|\/|node:|@skill\/|file:|\0)/.test(id);
/**
 * Small libraries on the path of `skill workflow validate` (and of the terminal output): bundled into the
 * chunk that uses them, so that starting a command reads one file where it read one per library module.
 */
const BUNDLED_LIBRARIES = new Set(['smol-toml', 'picocolors']);

/** Names of the chunks that are part of a static import cycle (Tarjan's strongly connected components). */
function chunksInCycles(output) {
  const imports = new Map(output.filter((o) => o.type === 'chunk').map((c) => [c.fileName, c.imports]));
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cyclic = new Set();
  let next = 0;
  const visit = (name) => {
    index.set(name, next);
    low.set(name, next++);
    stack.push(name);
    onStack.add(name);
    for (const dep of imports.get(name) ?? []) {
      if (!imports.has(dep)) continue;
      if (!index.has(dep)) {
        visit(dep);
        low.set(name, Math.min(low.get(name), low.get(dep)));
      } else if (onStack.has(dep)) low.set(name, Math.min(low.get(name), index.get(dep)));
    }
    if (low.get(name) !== index.get(name)) return;
    const component = [];
    for (let member = stack.pop(); ; member = stack.pop()) {
      onStack.delete(member);
      component.push(member);
      if (member === name) break;
    }
    if (component.length > 1 || (imports.get(name) ?? []).includes(name)) for (const m of component) cyclic.add(m);
  };
  for (const name of imports.keys()) if (!index.has(name)) visit(name);
  return cyclic;
}

/** The chunks a chunk loads before it runs: itself and its static imports, transitively. */
function staticClosure(output, fileName) {
  const byName = new Map(output.filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name) || !byName.has(name)) return;
    seen.add(name);
    for (const dep of byName.get(name).imports) visit(dep);
  };
  visit(fileName);
  return [...seen].map((name) => byName.get(name));
}

/** Entry modules of what `--version` and `--help` load: their code stays out of the validate group. */
const LIGHT_ENTRIES = ['/apps/cli/dist/tsc/main.js', '/apps/cli/dist/tsc/help.js', '/packages/core/dist/version.js'];

/**
 * The modules `skill workflow validate` loads beyond what `--version` and `--help` load: one group, so that the
 * command reads one file where automatic splitting made ~30 small ones (each costs a resolve and a load).
 */
function validatePathModules(output) {
  const facade = (suffix) => {
    const chunk = output.find((o) => o.type === 'chunk' && o.facadeModuleId?.endsWith(suffix));
    if (!chunk) throw new Error(`bundle: no chunk for ${suffix}`);
    return chunk.fileName;
  };
  const shared = new Set(
    LIGHT_ENTRIES.flatMap((entry) => staticClosure(output, facade(entry))).flatMap((c) => c.moduleIds),
  );
  const validate = staticClosure(output, facade('/apps/cli/dist/tsc/commands/validate.js')).flatMap((c) => c.moduleIds);
  return new Set(validate.filter((id) => !shared.has(id)));
}

const buildOptions = (groups) => ({
  input: path.join(dist, 'tsc/bin.js'),
  platform: 'node',
  logLevel: 'warn',
  // The validate group leaves each module's dependencies where they are (includeDependenciesRecursively: false).
  preserveEntrySignatures: 'allow-extension',
  plugins: [
    {
      name: 'libraries-where-pnpm-put-them',
      // A library resolves from the package that imports it (the CLI does not depend on most of them).
      async resolveId(source, importer) {
        if (!isLibrary(source) || !importer || BUNDLED_LIBRARIES.has(source)) return null;
        const resolved = await this.resolve(source, importer, { skipSelf: true });
        return resolved ? { id: resolved.id, external: 'relative' } : null;
      },
    },
    {
      name: 'file-relative-urls',
      // Packages find their files (JSON schema, spawner, dashboard) beside their own modules: keep that URL.
      // The CLI's own modules keep the chunk's URL: dist/chunks/ is one level below dist/ like dist/tsc/commands/,
      // so `new URL('../bin.js', import.meta.url)` is dist/bin.js either way.
      transform(code, id) {
        if (!code.includes('import.meta.url') || id.startsWith(dist)) return null;
        const relative = path.relative(chunks, id);
        return code.replaceAll('import.meta.url', `new URL(${JSON.stringify(relative)}, import.meta.url).href`);
      },
    },
  ],
  // Every file in one folder: the relative paths to libraries are computed from it.
  output: {
    dir: chunks,
    format: 'esm',
    sourcemap: false,
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    codeSplitting: { groups },
  },
});

await rm(chunks, { recursive: true, force: true });
const planned = await build({ ...buildOptions([]), write: false });
const validatePath = validatePathModules(planned.output);
const { output } = await build(
  buildOptions([{ name: 'validate-path', test: (id) => validatePath.has(id), includeDependenciesRecursively: false }]),
);
// Eager compilation: each chunk's functions land in the compile cache (scripts/eager-functions.mjs).
const cyclic = chunksInCycles(output);
for (const chunk of output) {
  if (chunk.type !== 'chunk' || cyclic.has(chunk.fileName)) continue;
  const file = path.join(chunks, chunk.fileName);
  const code = await readFile(file, 'utf8');
  await writeFile(file, eagerFunctions(code, parseAst(code)).code);
}
if (cyclic.size)
  console.warn(`bundle: ${cyclic.size} chunks in import cycles keep lazy functions: ${[...cyclic].join(', ')}`);
await writeFile(
  path.join(dist, 'bin.js'),
  "#!/usr/bin/env node\n// The `skill` executable: the bundled CLI in chunks/ (built by scripts/bundle.mjs).\nimport './chunks/bin.js';\n",
);
