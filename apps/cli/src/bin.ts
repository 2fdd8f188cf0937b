#!/usr/bin/env node
// The `skill` executable: runs main() on this process and leaves with its exit code.
import module from 'node:module';

// Cache compiled code between runs (Node >= 22.1): every start after the first skips most parsing.
module.enableCompileCache?.();
const { processIo } = await import('./cli-io.js');
const { main } = await import('./main.js');

process.exitCode = await main(process.argv.slice(2), processIo());
