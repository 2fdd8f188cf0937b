#!/usr/bin/env node
// The `skill` executable: runs main() on this process and leaves with its exit code.
import { processIo } from './cli-io.js';
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), processIo());
