#!/usr/bin/env node
// Bundles the CLI and the workspace packages it uses from tsc's dist/tsc/ into dist/chunks/ (dist/bin.js imports it): Node
// then loads a few files per command instead of ~200 modules. Each `import()` stays its own chunk, so a command
// loads only its code; libraries stay outside the bundle, imported from where pnpm installed them.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const chunks = path.join(dist, 'chunks');
/** A package name rather than a path, a builtin or a workspace package (`@skill/...` is bundled). */
const isLibrary = (id) => !/^(\.|\/|node:|@skill\/|file:|\0)/.test(id);
/**
 * Small libraries on the path of `skill workflow validate` (and of the terminal output): bundled into the
 * chunk that uses them, so that starting a command reads one file where it read one per library module.
 */
const BUNDLED_LIBRARIES = new Set(['smol-toml', 'picocolors']);

await rm(chunks, { recursive: true, force: true });
await build({
  input: path.join(dist, 'tsc/bin.js'),
  platform: 'node',
  logLevel: 'warn',
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
  },
});
await writeFile(
  path.join(dist, 'bin.js'),
  "#!/usr/bin/env node\n// The `skill` executable: the bundled CLI in chunks/ (built by scripts/bundle.mjs).\nimport './chunks/bin.js';\n",
);
