// Runnable example: embed the engine and register a custom step type through the library API.
// Run it after `bash scripts/bootstrap.sh`:  .tools/bin/node examples/library/custom-executor.mjs
import { createEngine, WorkflowError } from '@skill/workflow-core';

/** A `step_type = "word-count"` executor: counts the words of `args.text`. */
const wordCount = {
  type: 'word-count',
  validate(step) {
    return typeof step.args?.text === 'string' ? [] : ['word-count steps need args.text (a string)'];
  },
  async run(step, ctx) {
    if (ctx.signal.aborted) throw new WorkflowError('CANCELLED', 'cancelled before start');
    const words = step.args.text.split(/\s+/).filter(Boolean);
    ctx.log(`counted ${words.length} words`);
    return { output: { words: words.length }, metadata: { longest: Math.max(0, ...words.map((w) => w.length)) } };
  },
};

const engine = createEngine({ executors: [wordCount] });
const record = await engine.run(
  `
version = "1"
name = "custom-executor-demo"

[inputs]
text = { type = "string", default = "the quick brown fox jumps over the lazy dog" }

[[steps]]
id = "count"
step_type = "word-count"
args = { text = "{inputs.text}" }

[[steps]]
id = "report"
step_type = "command"
depends_on = ["count"]
command = "echo {count.output.words} words, longest {count.metadata.longest} letters"
`,
  process.argv[2] ? { text: process.argv.slice(2).join(' ') } : {},
);
console.log(record.status, '-', record.steps.report?.output);
process.exitCode = record.status === 'completed' ? 0 : 1;
