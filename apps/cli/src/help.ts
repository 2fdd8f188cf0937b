// Usage texts of `skill` and its commands, printed by --help and after a usage mistake.

/** Which usage text to show. */
export type HelpTopic = 'main' | 'workflow' | 'run' | 'validate' | 'list' | 'graph';

const MAIN = `Usage: skill <command> [options]

Run TOML-defined workflows: DAGs of commands, HTTP calls, containers and inline code.

Commands:
  workflow run <file|name>        Run a workflow and show its steps live
  workflow validate <files...>    Check workflow files without running them
  workflow list                   List the workflows in .workflows/
  workflow graph <file|name>      Print the step graph (text, mermaid or dot)

Options:
  -h, --help       Show help (also: skill <command> --help)
  -v, --version    Print the version

A bare name (no "/", no ".toml") means .workflows/<name>.toml in the current folder.
Set NO_COLOR to disable colours. Exit codes: 0 completed, 1 failed, 2 invalid, 130 cancelled.
`;

const WORKFLOW = `Usage: skill workflow <run|validate|list|graph> [options]

Commands:
  run <file|name>        Run a workflow
  validate <files...>    Check workflow files without running them
  list                   List the workflows in .workflows/
  graph <file|name>      Print the step graph

Run "skill workflow <command> --help" for the options of a command.
`;

const RUN = `Usage: skill workflow run <file|name> [options]

Runs a workflow: a file path, or a bare name meaning .workflows/<name>.toml.
On a terminal the steps are shown in a live table; otherwise one line per event.

Options:
  -i, --input key=value    Set an input (repeatable); converted to the declared type
                           (number, integer, boolean; arrays and objects as JSON)
      --inputs-file path   Read inputs from a JSON object file (--input values win)
      --json               Print each event as one JSON object per line, nothing else
  -q, --quiet              Print nothing but errors
  -h, --help               Show this help

Ctrl-C cancels the run (steps are stopped); a second Ctrl-C exits at once.
Exit codes: 0 completed, 1 failed, 2 invalid workflow or inputs, 130 cancelled.
`;

const VALIDATE = `Usage: skill workflow validate <files...> [options]

Checks each workflow (syntax, schema, ids, dependencies, cycles, references, policy)
without running anything. Exits 2 if any workflow is invalid, else 0.

Options:
      --json       Print an array of reports as JSON
  -h, --help       Show this help
`;

const LIST = `Usage: skill workflow list [options]

Lists the workflows in .workflows/ with their step count and description;
broken ones are shown as invalid with their number of errors.

Options:
      --json       Print the list as JSON
  -h, --help       Show this help
`;

const GRAPH = `Usage: skill workflow graph <file|name> [options]

Prints the steps of a workflow as a graph, level by level.

Options:
  -f, --format <text|mermaid|dot|json>   Output format (default text)
  -h, --help                              Show this help
`;

const TEXTS: Record<HelpTopic, string> = {
  main: MAIN,
  workflow: WORKFLOW,
  run: RUN,
  validate: VALIDATE,
  list: LIST,
  graph: GRAPH,
};

/** The usage text of a topic, ending with a newline. */
export function helpText(topic: HelpTopic): string {
  return TEXTS[topic];
}
