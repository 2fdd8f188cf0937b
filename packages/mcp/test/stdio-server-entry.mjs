// Test entry: serves MCP over this process's stdio from the BUILT package, over an engine rooted at argv[2].
import { createEngine } from '@skill/workflow-core';
import { serveMcpStdio } from '../dist/index.js';

const engine = createEngine({ cwd: process.argv[2] });
const session = await serveMcpStdio({ engine });
await session.closed;
process.exit(0);
