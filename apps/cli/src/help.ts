// Usage texts of `skill` and its commands, printed by --help and after a usage mistake.

/** Which usage text to show. */
export type HelpTopic =
  | 'main'
  | 'workflow'
  | 'run'
  | 'retry'
  | 'validate'
  | 'list'
  | 'graph'
  | 'executions'
  | 'executions-list'
  | 'executions-show'
  | 'executions-logs'
  | 'executions-cancel'
  | 'executions-resume'
  | 'executions-approve'
  | 'executions-reject'
  | 'serve'
  | 'mcp'
  | 'skills'
  | 'skills-list'
  | 'skills-describe'
  | 'skills-refresh'
  | 'schedules'
  | 'schedules-list'
  | 'schedules-pause'
  | 'schedules-resume'
  | 'init'
  | 'worker'
  | 'workers'
  | 'workers-list';

const MAIN = `Usage: skill <command> [options]

Run TOML-defined workflows: DAGs of commands, HTTP calls, containers and inline code.

Commands:
  init [dir]                      Start a project: .workflows/ with a first workflow, editor settings
  workflow run <file|name>        Run a workflow and show its steps live
  workflow retry <execution-id>   Rerun an execution from a step, reusing the outputs upstream
  workflow validate <files...>    Check workflow files without running them
  workflow list                   List the workflows in .workflows/
  workflow graph <file|name>      Print the step graph (text, mermaid or dot)
  executions list                 List recorded executions, newest first
  executions show <id>            Show one execution and its steps
  executions logs <id>            Print the events of an execution (--follow to keep watching)
  executions cancel <id>          Cancel an execution, whichever process runs it
  executions resume <id>          Continue an interrupted execution from its completed steps
  executions approve <id> <step>  Approve a waiting approval step (reject: the same)
  skills list                     List the skills: built-in, skills/ modules, MCP servers
  skills describe <skill> [tool]  Show a skill's tools and their argument schemas
  skills refresh [servers...]     Fetch the MCP servers' tool lists again (skills.toml)
  schedules list                  List the schedules ([[triggers]]): next fire, latest ticks
  schedules pause <workflow> [i]  Pause a schedule for every server (resume: the same)
  serve                           Start the HTTP/WebSocket/MCP server
  worker --queue <url>            Run steps dispatched through a Redis or PostgreSQL queue
  workers list --queue <url>      List the live workers of a queue
  mcp                             Serve MCP over stdin/stdout (for AI agents)

Options:
  -h, --help       Show help (also: skill <command> --help)
  -v, --version    Print the version

A bare name (no "/", no ".toml") means .workflows/<name>.toml in the current folder.
Executions are recorded in .skill/executions.db (SQLite) unless --database-url or
SKILL_DATABASE_URL names another file or a postgres:// database.
Set NO_COLOR to disable colours. Exit codes: 0 completed, 1 failed, 2 invalid, 130 cancelled.
`;

const WORKFLOW = `Usage: skill workflow <run|retry|validate|list|graph> [options]

Commands:
  run <file|name>        Run a workflow
  retry <execution-id>   Rerun an execution from a step
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
      --database-url url   Record into this database (postgres://..., sqlite:path or a file)
                           instead of .skill/executions.db; env SKILL_DATABASE_URL
  -h, --help               Show this help

Ctrl-C cancels the run (steps are stopped); a second Ctrl-C exits at once.
Exit codes: 0 completed, 1 failed, 2 invalid workflow or inputs, 130 cancelled.
With OTEL_EXPORTER_OTLP_ENDPOINT set, the run's traces are exported over OTLP/HTTP.
`;

const VALIDATE = `Usage: skill workflow validate <files...> [options]

Checks each workflow (syntax, schema, ids, dependencies, cycles, references, policy)
without running anything. Exits 2 if any workflow is invalid, else 0.

Options:
      --json       Print an array of reports as JSON
      --explain    Also list {raw ...} templates (spliced into shell or code
                   unquoted), dependencies implied by references, and secrets used
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

const RETRY = `Usage: skill workflow retry <execution-id> [options]

Starts a new execution of the same workflow and inputs that reuses the outputs of
everything upstream of a step, reruns that step and (by default) its downstream,
and shows it like "skill workflow run".

Options:
      --from <step>        The step to rerun (default: the first step that failed)
      --no-downstream      Rerun only that step; reuse the outputs of the steps after it
      --json               Print each event as one JSON object per line, nothing else
  -q, --quiet              Print nothing but errors
      --database-url url   The database holding the execution (default .skill/executions.db)
  -h, --help               Show this help

Exit codes: 0 completed, 1 failed, 2 unknown execution or step, 130 cancelled.
`;

const EXECUTIONS = `Usage: skill executions <list|show|logs|cancel|resume|approve|reject> [options]

Commands:
  list           List recorded executions, newest first
  show <id>      Show one execution: status, inputs and every step
  logs <id>      Print the events of an execution (--follow to keep watching)
  cancel <id>    Cancel an execution, whichever process runs it
  resume <id>    Continue an interrupted execution from its completed steps
  approve <id> <step>   Approve a waiting approval step, with its form values
  reject <id> <step>    Reject it (the step fails; failure handlers run)

Run "skill executions <command> --help" for the options of a command.
`;

const EXECUTIONS_LIST = `Usage: skill executions list [options]

Lists recorded executions, newest first: id, workflow, status, start time, duration.

Options:
  -w, --workflow <name>    Only executions of this workflow
  -s, --status <status>    Only pending, queued, running, completed, failed, cancelled or skipped ones
  -n, --limit <n>          At most n executions (default 20)
      --json               Print the executions as JSON
      --database-url url   Read this database (default .skill/executions.db)
  -h, --help               Show this help
`;

const EXECUTIONS_SHOW = `Usage: skill executions show <id> [options]

Shows one execution: status, inputs, timings, and every step with its status,
attempts, duration and error or reason (outputs shortened).

Options:
      --json               Print the whole execution record as JSON
      --database-url url   Read this database (default .skill/executions.db)
  -h, --help               Show this help

Exit codes: 0 shown, 2 no such execution.
`;

const EXECUTIONS_CANCEL = `Usage: skill executions cancel <id> [options]

Cancels a pending or running execution, whichever process runs it (another
"skill workflow run", "skill serve"): the request goes through the database and
that process stops the execution within a second. An interrupted execution (its
process is gone, also while waiting) is marked cancelled at once. Waits up to 15 s
to see it stop.

Options:
      --json               Print {execution_id, outcome, status} as JSON
      --database-url url   The database holding the execution (default .skill/executions.db)
  -h, --help               Show this help

Exit codes: 0 cancel requested (or done), 1 not running, 2 no such execution.
`;

const EXECUTIONS_DECIDE = `Usage: skill executions <approve|reject> <id> <step> [options]

Decides a waiting approval step (step_type = "approval"), whichever process runs
its execution: the decision is recorded in the database and that process goes on
within a second (or the next "skill serve" does, when none runs it now). The first
decision recorded counts. Form values are converted to the types the step's
[steps.fields] declare; approving needs the required ones. The step's output
holds the decision, the values, the comment and who decided (cli:<login name>).

Options:
  -f, --field key=value    A form value (repeatable)
  -m, --comment <text>     A comment kept with the decision
      --json               Print the recorded decision as JSON
      --database-url url   The database holding the execution (default .skill/executions.db)
  -h, --help               Show this help

Exit codes: 0 recorded, 1 the step is not waiting (or was decided already),
2 no such execution or approval step, or form values that do not fit.
`;

const EXECUTIONS_RESUME = `Usage: skill executions resume <id> [options]

Continues an interrupted execution (status "interrupted": the process that ran it
was killed or crashed) under the same id: its completed steps are kept, the others
run again. Shown like "skill workflow run"; Ctrl-C cancels it.

Options:
      --json               Print events as JSON lines
  -q, --quiet              Print only the final status
      --database-url url   The database holding the execution (default .skill/executions.db)
  -h, --help               Show this help

Exit codes: 0 completed, 1 failed, 2 no such or not interrupted execution, 130 cancelled.
`;

const EXECUTIONS_LOGS = `Usage: skill executions logs <id> [options]

Prints the recorded events of an execution, one line each, as "skill workflow run" does.

Options:
  -f, --follow             Keep printing new events until the execution ends (or is
                           interrupted); the exit code is then that of a run (0, 1 or 130)
      --json               Print each event as one JSON object per line
      --database-url url   Read this database (default .skill/executions.db)
  -h, --help               Show this help
`;

const SERVE = `Usage: skill serve [options]

Starts the server: the HTTP API, the WebSocket event stream and MCP at /mcp, over the
workflows folder and the execution database. Executions left unfinished by a previous
run (or a crash) are resumed at start. Ctrl-C or SIGTERM stops it gracefully: running
steps get a grace period (SKILL_SHUTDOWN_GRACE_MS, default 10000), the rest resumes next start.

Options:
  -p, --port <port>        Port (default 3000; 0 picks a free one); env SKILL_PORT
      --host <host>        Address to listen on (default 127.0.0.1); env SKILL_HOST
      --workflows-dir <d>  Folder of workflows (default .workflows); env SKILL_WORKFLOWS_DIR
      --database-url url   Execution database (default .skill/executions.db); env SKILL_DATABASE_URL
      --token-file <file>  File holding the bearer token required on every request (at least
                           32 characters; refused if group or others may read the file);
                           env SKILL_TOKEN_FILE, or the token itself in SKILL_TOKEN
                           (a token is required when --host is not a loopback address)
      --token <token>      The token on the command line: works, but other users see it in ps
      --allow-untrusted    Let workflows created through the API or MCP run commands and
                           unsafe native code; env SKILL_ALLOW_UNTRUSTED=1
      --api-trust <level>  Trust level of API/MCP-created workflows: user-provided (default)
                           or community; env SKILL_API_TRUST
      --data-dir <dir>     The only host folder their containers may bind-mount from (none by
                           default); env SKILL_DATA_DIR
      --allow-network <n>  A Docker network user-provided workflows may join (repeatable);
                           env SKILL_ALLOWED_NETWORKS (comma-separated)
      --http-allow <t>     A private/loopback host, ip[:port] or CIDR their http steps may reach
                           (repeatable); env SKILL_HTTP_ALLOW (comma-separated)
      --allow-mcp-server <n>
                           An MCP server of skills.toml their skill steps may call
                           (repeatable); env SKILL_UNTRUSTED_MCP_SERVERS (comma-separated)
  -h, --help               Show this help

The first line on stdout is "skill server listening on <url>". docs/security.md describes
the trust levels and how to run the server safely. GET /metrics serves Prometheus metrics
(same token; SKILL_METRICS=off turns it off); OTEL_EXPORTER_OTLP_ENDPOINT exports traces.
SKILL_WARM_POOL sets the warm containers kept per image and settings (default 2, 0 = off;
docs/warm-sandboxes.md); SKILL_MAX_RUNNING_EXECUTIONS caps executions run at once (the
others wait as pending, in order; default no limit). The server fires the schedules of the
workflows' [[triggers]] (SKILL_SCHEDULES=0 turns them off) and answers their webhooks at
POST /api/hooks/<workflow> (docs/triggers.md). Servers on one PostgreSQL database lease their
executions and take over those of a server that died (SKILL_COORDINATION=on|off|auto,
SKILL_LEASE_MS default 4000, SKILL_HEARTBEAT_MS default 1000; docs/coordinators.md).
`;

const MCP = `Usage: skill mcp [options]

Serves the Model Context Protocol over stdin/stdout for AI agents (tools execute_workflow,
get_workflow_status, list_workflows, list_executions, cancel_execution, validate_workflow,
retry_execution, list_skills, list_schedules, list_workers). Nothing else is written to stdout; it stops when
stdin closes.

Options:
      --database-url url   Execution database (default .skill/executions.db); env SKILL_DATABASE_URL
      --allow-untrusted    Let workflows created through MCP run commands and unsafe native code
  -h, --help               Show this help
`;

const SKILLS = `Usage: skill skills <list|describe|refresh> [options]

Skills are what \`step_type = "skill"\` steps call: the built-in ones, JavaScript modules in
skills/, and the tools of the MCP servers declared in skills.toml (see docs/skills.md).

Commands:
  list                      List every skill and its tools
  describe <skill> [tool]   Show a skill's tools with their argument schemas
  refresh [servers...]      Fetch the tool lists of MCP servers again (all, or those named)
                            and rewrite their cache in .skill/mcp-tools/

Options:
      --json               Print JSON
  -h, --help               Show this help
`;

const SCHEDULES = `Usage: skill schedules <list|pause|resume> [options]

Schedules are the [[triggers]] entries of the workflows in .workflows/ (see docs/triggers.md);
\`skill serve\` fires them, \`skill workflow run\` never does. Pauses are kept in the store, so
every server sharing it sees them.

Commands:
  list                          Each schedule: cron, time zone, next fire time, latest ticks
  pause <workflow> [index]      Pause the workflow's trigger number index (default 0)
  resume <workflow> [index]     Resume it

Options:
      --database-url <url>   The store (default SKILL_DATABASE_URL, else .skill/executions.db)
      --json                 Print JSON
  -h, --help                 Show this help
`;

const INIT = `Usage: skill init [dir] [options]

Scaffolds a project in dir (default: the current folder), creating what is missing:
  .workflows/hello.toml   a first workflow (skill workflow run hello)
  .taplo.toml             makes Taplo / Even Better TOML check .workflows/*.toml against the schema
  .gitignore              ignores .skill/ (execution history, secrets)
A file that exists is never overwritten: it is listed as kept. The JSON Schema the editors use is
copied to .skill/schema/workflow.schema.json each time; run skill init again after an upgrade
(or after cloning a project, since .skill/ is not committed).

Options:
  -h, --help       Show this help
`;

const WORKER = `Usage: skill worker --queue <url> [options]

Takes step jobs from a Redis (redis://) or PostgreSQL (postgres://) queue that \`skill serve
--queue\` or \`skill workflow run --queue\` fill, runs them with the same executors and sandbox,
and streams their logs and results back (see docs/distributed.md). Secrets come from this
worker's own .skill/secrets.env and SKILL_SECRET_* variables, never from the queue. SIGTERM or
Ctrl-C stops taking jobs and lets running steps finish within --grace; the rest go back to the
queue and run on another worker.

Options:
      --queue <url>        The queue (required)
  -c, --concurrency <n>    Steps run at once (default 4)
      --labels <a,b>       Labels of this worker: steps with runs_on take only workers with all
                           of theirs (at most 5)
      --name <name>        Name shown in the worker list (default <host>-<pid>)
      --health-port <port> Serve GET /healthz and GET /metrics (Prometheus) on this port
      --health-host <host> Address of that endpoint (default 127.0.0.1)
      --grace <ms>         How long running steps may finish on SIGTERM (default 30000)
  -h, --help               Show this help

The first line on stdout is "skill worker <name> taking steps from <queue>".
`;

const WORKERS = `Usage: skill workers list --queue <url> [--json]

Lists the workers that sent a heartbeat in the last 5 seconds: name, labels, running steps,
concurrency and last heartbeat.
`;

const TEXTS: Record<HelpTopic, string> = {
  main: MAIN,
  workflow: WORKFLOW,
  run: RUN,
  retry: RETRY,
  validate: VALIDATE,
  list: LIST,
  graph: GRAPH,
  executions: EXECUTIONS,
  'executions-list': EXECUTIONS_LIST,
  'executions-show': EXECUTIONS_SHOW,
  'executions-logs': EXECUTIONS_LOGS,
  'executions-cancel': EXECUTIONS_CANCEL,
  'executions-resume': EXECUTIONS_RESUME,
  'executions-approve': EXECUTIONS_DECIDE,
  'executions-reject': EXECUTIONS_DECIDE,
  serve: SERVE,
  mcp: MCP,
  skills: SKILLS,
  'skills-list': SKILLS,
  'skills-describe': SKILLS,
  'skills-refresh': SKILLS,
  schedules: SCHEDULES,
  'schedules-list': SCHEDULES,
  'schedules-pause': SCHEDULES,
  'schedules-resume': SCHEDULES,
  init: INIT,
  worker: WORKER,
  workers: WORKERS,
  'workers-list': WORKERS,
};

/** The usage text of a topic, ending with a newline. */
export function helpText(topic: HelpTopic): string {
  return TEXTS[topic];
}
