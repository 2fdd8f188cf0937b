// The spawner and runProcess suites against the Node spawner (the fallback where the C one is not built).
import { describeRunProcess } from './run-process.suite.js';
import { describeSpawner } from './spawner-client.suite.js';

process.env.SKILL_SPAWNER = 'node';
describeSpawner('node');
describeRunProcess('node');
