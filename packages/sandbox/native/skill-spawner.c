// skill-spawner: starts commands for the engine with posix_spawn (no copy of a big parent) and reports output and exit.
//
// The engine talks to it over stdin/stdout with length-prefixed frames (see native-protocol.ts for the layout);
// stderr is shared with the engine for diagnostics. It mirrors spawner-process.ts (the Node fallback) job for
// job: every command runs in its own process group (its own session, or with lowered jobs a group inside the
// spawner's session, see share_lowered_session), output is forwarded up to a byte cap (past it only line heads,
// for live logging), an abort sends SIGTERM to the group and SIGKILL after the grace period, and when the engine
// goes away (stdin closes) every group still running is killed, and so is every process still marked as one of
// its engine's steps (SKILL_STEP, see packages/sandbox/src/step-reaper.ts): setsid children left their groups.
// Where it may create cgroups, each job also runs in one of its own, killed whole when the job ends (step-cgroup.c).
#define _GNU_SOURCE
#include "step-cgroup.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  int fd;
  uint64_t kept;
  int truncated;
  int64_t log_lines_left;
  uint64_t line_bytes;
} Stream;

typedef struct {
  uint32_t id;
  pid_t pid;
  int exited, code, sig, cancelled;
  Stream streams[2];
  int stdin_fd;
  char *stdin_data;
  size_t stdin_len, stdin_off;
  uint64_t limit, log_line_bytes;
  uint32_t kill_grace_ms, drain_ms;
  int64_t kill_at, force_at; /* monotonic ms, 0 = not armed */
} Job;

typedef struct {
  pid_t pid;
  uint32_t id;
  int64_t kill_at;
} Doomed;

static Job **jobs;
static size_t job_count, job_cap;
static Doomed *doomed;
static size_t doomed_count, doomed_cap;
static char **base_env;
static size_t base_env_count;
static int sigchld_pipe[2];

/* Replies are buffered for one loop turn and written together. */
static unsigned char *outbuf;
static size_t out_len, out_cap;

static void *grow(void *ptr, size_t *cap, size_t need, size_t item) {
  if (need <= *cap) return ptr;
  size_t next = *cap ? *cap * 2 : 16;
  while (next < need) next *= 2;
  void *grown = realloc(ptr, next * item);
  if (!grown) {
    fprintf(stderr, "skill-spawner: out of memory\n");
    exit(70);
  }
  *cap = next;
  return grown;
}

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void put_bytes(const void *data, size_t len) {
  outbuf = grow(outbuf, &out_cap, out_len + len, 1);
  memcpy(outbuf + out_len, data, len);
  out_len += len;
}

static void put_u32(uint32_t v) {
  unsigned char b[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff};
  put_bytes(b, 4);
}

static void put_u8(uint8_t v) { put_bytes(&v, 1); }

/* A frame: u32 length of what follows, then the type byte and the body. */
static void begin_frame(char type, size_t body_len) {
  put_u32((uint32_t)(body_len + 1));
  put_u8((uint8_t)type);
}

static void flush_out(void) {
  size_t done = 0;
  while (done < out_len) {
    ssize_t n = write(STDOUT_FILENO, outbuf + done, out_len - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        struct pollfd p = {STDOUT_FILENO, POLLOUT, 0};
        poll(&p, 1, 1000);
        continue;
      }
      out_len = 0; /* the engine is gone; stdin's EOF ends us */
      return;
    }
    done += (size_t)n;
  }
  out_len = 0;
}

static void send_out(Job *job, int s, const unsigned char *data, size_t len, int log) {
  begin_frame('O', 6 + len);
  put_u32(job->id);
  put_u8((uint8_t)s);
  put_u8((uint8_t)log);
  put_bytes(data, len);
}

static int signal_group(pid_t pid, int sig) { return kill(-pid, sig) == 0; }

static void remove_job(Job *job) {
  for (size_t i = 0; i < job_count; i++) {
    if (jobs[i] == job) {
      jobs[i] = jobs[--job_count];
      break;
    }
  }
  free(job->stdin_data);
  free(job);
}

static void close_stream(Stream *s) {
  if (s->fd >= 0) close(s->fd);
  s->fd = -1;
}

static void finish(Job *job) {
  close_stream(&job->streams[0]);
  close_stream(&job->streams[1]);
  if (job->stdin_fd >= 0) close(job->stdin_fd);
  /* A group member may outlive the leader (it ignored SIGTERM): its SIGKILL stays due. */
  int contained = 0;
  if (job->kill_at && signal_group(job->pid, 0)) {
    doomed = grow(doomed, &doomed_cap, doomed_count + 1, sizeof *doomed);
    doomed[doomed_count++] = (Doomed){job->pid, job->id, job->kill_at};
  } else {
    /* whatever it left running ends with it: its group, and (in its cgroup) what left the group */
    signal_group(job->pid, SIGKILL);
    contained = step_cgroup_kill(job->id);
  }
  begin_frame('X', 16);
  put_u32(job->id);
  put_u32((uint32_t)(job->exited && !job->sig ? job->code : -1));
  put_u32((uint32_t)(job->exited ? job->sig : 0));
  put_u8((uint8_t)job->cancelled);
  put_u8((uint8_t)job->streams[0].truncated);
  put_u8((uint8_t)job->streams[1].truncated);
  put_u8((uint8_t)contained);
  remove_job(job);
}

static void maybe_finish(Job *job) {
  if (job->exited && job->streams[0].fd < 0 && job->streams[1].fd < 0) finish(job);
}

/* Past the cap: the first log_line_bytes + 1 bytes of each line and its newline, enough for the live logger. */
static void forward_line_heads(Job *job, int s, const unsigned char *rest, size_t len) {
  Stream *st = &job->streams[s];
  unsigned char *heads = malloc(len + 1);
  size_t used = 0, start = 0;
  if (!heads) return;
  while (start < len && st->log_lines_left > 0) {
    const unsigned char *nl = memchr(rest + start, '\n', len - start);
    size_t end = nl ? (size_t)(nl - rest) : len;
    uint64_t room = job->log_line_bytes + 1 > st->line_bytes ? job->log_line_bytes + 1 - st->line_bytes : 0;
    size_t take = end - start < room ? end - start : (size_t)room;
    if (take > 0) {
      memcpy(heads + used, rest + start, take);
      used += take;
      st->line_bytes += take;
    }
    if (!nl) break;
    heads[used++] = '\n';
    st->line_bytes = 0;
    st->log_lines_left -= 1;
    start = end + 1;
  }
  if (used > 0) send_out(job, s, heads, used, 1);
  free(heads);
}

static void on_data(Job *job, int s, const unsigned char *data, size_t len) {
  Stream *st = &job->streams[s];
  uint64_t room = job->limit - st->kept;
  if (len <= room) {
    st->kept += len;
    send_out(job, s, data, len, 0);
    return;
  }
  if (room > 0) send_out(job, s, data, (size_t)room, 0);
  st->kept = job->limit;
  st->truncated = 1;
  if (st->log_lines_left > 0) forward_line_heads(job, s, data + room, len - (size_t)room);
}

static void send_failure(uint32_t id, int err, const char *syscall_name) {
  size_t len = strlen(syscall_name);
  begin_frame('F', 8 + len);
  put_u32(id);
  put_u32((uint32_t)err);
  put_bytes(syscall_name, len);
}

/* ---- requests ---- */

typedef struct {
  const unsigned char *p, *end;
  int bad;
} Reader;

static uint32_t get_u32(Reader *r) {
  if (r->end - r->p < 4) {
    r->bad = 1;
    return 0;
  }
  uint32_t v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
  r->p += 4;
  return v;
}

/* A length-prefixed string, copied and NUL-terminated; *has_nul is set when it holds a NUL byte. */
static char *get_string(Reader *r, int *has_nul) {
  uint32_t len = get_u32(r);
  if (r->bad || (size_t)(r->end - r->p) < len) {
    r->bad = 1;
    return NULL;
  }
  char *s = malloc((size_t)len + 1);
  if (!s) exit(70);
  memcpy(s, r->p, len);
  s[len] = 0;
  if (memchr(r->p, 0, len)) *has_nul = 1;
  r->p += len;
  return s;
}

static void free_strings(char **list, size_t count) {
  if (!list) return;
  for (size_t i = 0; i < count; i++) free(list[i]);
  free(list);
}

static char **get_strings(Reader *r, size_t count, int *has_nul) {
  char **list = calloc(count + 1, sizeof *list);
  if (!list) exit(70);
  for (size_t i = 0; i < count && !r->bad; i++) list[i] = get_string(r, has_nul);
  return list;
}

static int key_matches(const char *entry, const char *key, size_t key_len) {
  return strncmp(entry, key, key_len) == 0 && entry[key_len] == '=';
}

/* The base environment without the keys a job sets or unsets, then the job's own. */
static char **job_env(char **set, size_t setc, char **unset, size_t unsetc) {
  char **env = calloc(base_env_count + setc + 1, sizeof *env);
  size_t n = 0;
  if (!env) exit(70);
  for (size_t i = 0; i < base_env_count; i++) {
    const char *entry = base_env[i];
    int drop = 0;
    for (size_t j = 0; j < setc && !drop; j++) {
      const char *eq = strchr(set[j], '=');
      drop = key_matches(entry, set[j], eq ? (size_t)(eq - set[j]) : strlen(set[j]));
    }
    for (size_t j = 0; j < unsetc && !drop; j++) drop = key_matches(entry, unset[j], strlen(unset[j]));
    if (!drop) env[n++] = (char *)entry;
  }
  for (size_t j = 0; j < setc; j++) env[n++] = set[j];
  env[n] = NULL;
  return env;
}

static const char *env_value(char **env, const char *key) {
  size_t key_len = strlen(key);
  for (; *env; env++)
    if (key_matches(*env, key, key_len)) return *env + key_len + 1;
  return NULL;
}

/* "<pid>-<random>/" of the engine's step tokens (the last one of a job's SKILL_STEP), learnt from its jobs. */
static char step_owner[96];

static void remember_step_owner(char **envp) {
  const char *marker = env_value(envp, "SKILL_STEP");
  if (!marker || step_owner[0]) return;
  const char *last = strrchr(marker, ' ');
  last = last ? last + 1 : marker;
  const char *slash = strchr(last, '/');
  if (!slash || (size_t)(slash - last) + 2 > sizeof step_owner) return;
  memcpy(step_owner, last, (size_t)(slash - last) + 1);
  step_owner[slash - last + 1] = 0;
}

/* True when an environment block (NUL-separated) has SKILL_STEP with a token starting with step_owner. */
static int marked_by_owner(const char *env, size_t len) {
  size_t owner_len = strlen(step_owner);
  for (size_t at = 0; at < len;) {
    const char *entry = env + at;
    size_t entry_len = strnlen(entry, len - at);
    if (entry_len > 11 && strncmp(entry, "SKILL_STEP=", 11) == 0) {
      for (size_t i = 11; i + owner_len <= entry_len; i++)
        if ((entry[i - 1] == '=' || entry[i - 1] == ' ') && strncmp(entry + i, step_owner, owner_len) == 0) return 1;
    }
    at += entry_len + 1;
  }
  return 0;
}

/* SIGKILLs every process (readable by us) marked as a step of our engine, rescanning while some are found. */
static void kill_marked_steps(void) {
  static char env[1 << 21]; /* an environment fits in ARG_MAX (2 MiB here); untouched pages cost nothing */
  if (!step_owner[0]) return;
  for (int round = 0; round < 8; round++) {
    DIR *proc = opendir("/proc");
    if (!proc) return;
    int found = 0;
    struct dirent *entry;
    while ((entry = readdir(proc)) != NULL) {
      if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
      pid_t pid = (pid_t)atoi(entry->d_name);
      if (pid == getpid()) continue;
      char path[64];
      snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
      int fd = open(path, O_RDONLY | O_CLOEXEC);
      if (fd < 0) continue;
      size_t len = 0;
      ssize_t got;
      while (len < sizeof env && (got = read(fd, env + len, sizeof env - len)) > 0) len += (size_t)got;
      close(fd);
      if (len > 0 && marked_by_owner(env, len) && kill(pid, SIGKILL) == 0) found = 1;
    }
    closedir(proc);
    if (!found) return;
  }
}

/* Set when jobs start process groups inside this spawner's lowered session (share_lowered_session), not sessions. */
static int steps_share_session = 0;

static int spawn_one(pid_t *pid, const char *path, const char *cwd, int stdin_child, int out_child, int err_child,
                     char **argv, char **envp) {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  sigset_t all, none;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addchdir_np(&actions, cwd);
  if (stdin_child >= 0) posix_spawn_file_actions_adddup2(&actions, stdin_child, 0);
  else posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_child, 1);
  posix_spawn_file_actions_adddup2(&actions, err_child, 2);
  sigfillset(&all);
  sigdelset(&all, SIGKILL);
  sigdelset(&all, SIGSTOP);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setsigmask(&attr, &none);
  short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
#ifdef POSIX_SPAWN_SETSID
  if (!steps_share_session) flags |= POSIX_SPAWN_SETSID;
  else
#endif
  {
    flags |= POSIX_SPAWN_SETPGROUP;
    posix_spawnattr_setpgroup(&attr, 0);
  }
  posix_spawnattr_setflags(&attr, flags);
  int err = posix_spawn(pid, path, &actions, &attr, argv, envp);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  return err;
}

/* Like execvp, but PATH comes from the job's environment (as Node's spawn does), not from ours. */
/* Jobs run this many nice levels below the spawner (SKILL_STEP_NICE, 0 to 19, read at start as step-niceness.ts
   does: anything else means 0), so under contention the CPU goes to the engine first. */
static int job_niceness = 0;

static void read_job_niceness(void) {
  const char *text = getenv("SKILL_STEP_NICE");
  if (!text) return;
  while (*text == ' ' || *text == '\t') text++;
  int value = 0, digits = 0;
  while (*text >= '0' && *text <= '9' && digits < 3) value = value * 10 + (*text++ - '0'), digits++;
  while (*text == ' ' || *text == '\t') text++;
  if (digits >= 1 && digits <= 2 && *text == '\0' && value <= 19) job_niceness = value;
}

/* The nice value jobs run at: job_niceness below ours, capped at 19. */
static int job_target_nice(void) {
  errno = 0;
  int own = getpriority(PRIO_PROCESS, 0);
  if (own == -1 && errno) own = 0;
  return own + job_niceness > 19 ? 19 : own + job_niceness;
}

/* Sets the nice value of the autogroup (the scheduling group of a session) that `path` names; 0 when the kernel
   has none or refuses (it takes at most one change per 0.1 s from a process without CAP_SYS_ADMIN). */
static int set_autogroup_nice(const char *path, int nice) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char text[8];
  int length = snprintf(text, sizeof text, "%d", nice);
  int done = write(fd, text, (size_t)length) == length;
  close(fd);
  return done;
}

/* Where the kernel schedules sessions as groups (autogroup), a nice value only counts inside its group, so every
   job in a session of its own would weigh as much as the engine's whole session. When jobs are lowered, the spawner
   leads a session of its own (it is started as one), lowers that session's group once, and starts each job as a
   process group inside it: all jobs together then weigh as one lowered group. Where that group cannot be lowered,
   each job keeps a session of its own, lowered one by one (lower_priority). */
static void share_lowered_session(void) {
  if (job_niceness <= 0 || (getsid(0) != getpid() && setsid() < 0)) return;
  steps_share_session = set_autogroup_nice("/proc/self/autogroup", job_target_nice());
}

/* Lowers a just-started job's priority by job_niceness below ours (capped at 19): its nice value, and, when it is a
   session of its own, that of its autogroup (see share_lowered_session). A job already gone, a kernel without
   autogroups, or a refused autogroup change is fine. */
static void lower_priority(pid_t pid) {
  if (job_niceness <= 0) return;
  int target = job_target_nice();
  setpriority(PRIO_PROCESS, (id_t)pid, target);
  if (steps_share_session) return;
  char path[48];
  snprintf(path, sizeof path, "/proc/%d/autogroup", (int)pid);
  set_autogroup_nice(path, target);
}

static int spawn_searching(pid_t *pid, const char *file, const char *cwd, int in, int out, int err, char **argv,
                           char **envp) {
  if (strchr(file, '/')) return spawn_one(pid, file, cwd, in, out, err, argv, envp);
  const char *path = env_value(envp, "PATH");
  if (!path) path = "/usr/local/bin:/usr/bin:/bin";
  int result = ENOENT, denied = 0;
  size_t file_len = strlen(file);
  while (1) {
    const char *colon = strchr(path, ':');
    size_t dir_len = colon ? (size_t)(colon - path) : strlen(path);
    char *candidate = malloc(dir_len + file_len + 3);
    if (!candidate) exit(70);
    if (dir_len == 0) strcpy(candidate, ".");
    else {
      memcpy(candidate, path, dir_len);
      candidate[dir_len] = 0;
    }
    strcat(candidate, "/");
    strcat(candidate, file);
    result = spawn_one(pid, candidate, cwd, in, out, err, argv, envp);
    free(candidate);
    if (result == EACCES) denied = 1;
    if (result != ENOENT && result != ENOTDIR && result != EACCES) return result;
    if (!colon) break;
    path = colon + 1;
  }
  return denied ? EACCES : result;
}

static void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

static void run_job(Reader *r) {
  uint32_t id = get_u32(r), limit = get_u32(r), log_lines = get_u32(r), log_line_bytes = get_u32(r);
  uint32_t grace = get_u32(r), drain = get_u32(r), argc = get_u32(r), setc = get_u32(r), unsetc = get_u32(r);
  uint32_t stdin_len = get_u32(r), has_stdin = get_u32(r);
  int has_nul = 0;
  if (r->bad || argc > 1u << 20 || setc > 1u << 20 || unsetc > 1u << 20) {
    fprintf(stderr, "skill-spawner: malformed run request\n");
    exit(65);
  }
  char *file = get_string(r, &has_nul);
  char *cwd = get_string(r, &has_nul);
  char **args = get_strings(r, argc, &has_nul);
  char **set = get_strings(r, setc, &has_nul);
  char **unset = get_strings(r, unsetc, &has_nul);
  if (r->bad || (size_t)(r->end - r->p) < stdin_len) {
    fprintf(stderr, "skill-spawner: malformed run request\n");
    exit(65);
  }
  char **argv = calloc((size_t)argc + 2, sizeof *argv);
  if (!argv) exit(70);
  argv[0] = file;
  for (uint32_t i = 0; i < argc; i++) argv[i + 1] = args[i];

  int in_pipe[2] = {-1, -1}, out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  int err = 0;
  pid_t pid = 0;
  if (has_nul) err = EINVAL;
  else if ((has_stdin && pipe2(in_pipe, O_CLOEXEC)) || pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC))
    err = errno;
  else {
    char **envp = job_env(set, setc, unset, unsetc);
    remember_step_owner(envp);
    int contained = step_cgroup_enter(id);
    err = spawn_searching(&pid, file, cwd, in_pipe[0], out_pipe[1], err_pipe[1], argv, envp);
    if (!err) lower_priority(pid); /* before leaving the cgroup, which can take a while */
    if (contained) step_cgroup_leave();
    if (contained && err) step_cgroup_kill(id);
    free(envp);
  }
  int pipes[] = {in_pipe[0], out_pipe[1], err_pipe[1]};
  for (int i = 0; i < 3; i++)
    if (pipes[i] >= 0) close(pipes[i]);
  if (err) {
    int ends[] = {in_pipe[1], out_pipe[0], err_pipe[0]};
    for (int i = 0; i < 3; i++)
      if (ends[i] >= 0) close(ends[i]);
    send_failure(id, err, "spawn");
  } else {
    Job *job = calloc(1, sizeof *job);
    if (!job) exit(70);
    job->id = id;
    job->pid = pid;
    job->limit = limit;
    job->log_line_bytes = log_line_bytes;
    job->kill_grace_ms = grace;
    job->drain_ms = drain;
    job->stdin_fd = in_pipe[1];
    for (int s = 0; s < 2; s++) {
      job->streams[s].fd = s == 0 ? out_pipe[0] : err_pipe[0];
      job->streams[s].log_lines_left = log_lines > 0 ? (int64_t)log_lines + 1 : 0;
      set_nonblocking(job->streams[s].fd);
    }
    if (job->stdin_fd >= 0) {
      set_nonblocking(job->stdin_fd);
      job->stdin_data = malloc(stdin_len ? stdin_len : 1);
      if (!job->stdin_data) exit(70);
      memcpy(job->stdin_data, r->p, stdin_len);
      job->stdin_len = stdin_len;
    }
    jobs = grow(jobs, &job_cap, job_count + 1, sizeof *jobs);
    jobs[job_count++] = job;
    begin_frame('P', 8);
    put_u32(id);
    put_u32((uint32_t)pid);
  }
  r->p += stdin_len;
  free(argv);
  free(file);
  free(cwd);
  free_strings(args, argc);
  free_strings(set, setc);
  free_strings(unset, unsetc);
}

static Job *find_job(uint32_t id) {
  for (size_t i = 0; i < job_count; i++)
    if (jobs[i]->id == id) return jobs[i];
  return NULL;
}

static void kill_job(uint32_t id) {
  Job *job = find_job(id);
  if (!job || job->cancelled) return;
  job->cancelled = 1;
  signal_group(job->pid, SIGTERM);
  job->kill_at = now_ms() + job->kill_grace_ms;
  if (job->kill_at == 0) job->kill_at = 1;
}

static void set_base_env(Reader *r) {
  uint32_t count = get_u32(r);
  int has_nul = 0;
  if (r->bad || count > 1u << 20) exit(65);
  char **list = get_strings(r, count, &has_nul);
  if (r->bad) exit(65);
  free_strings(base_env, base_env_count);
  base_env = list;
  base_env_count = count;
}

static void handle_frame(const unsigned char *frame, size_t len) {
  Reader r = {frame + 1, frame + len, 0};
  switch (frame[0]) {
  case 'R': run_job(&r); break;
  case 'K': kill_job(get_u32(&r)); break;
  case 'E': set_base_env(&r); break;
  default: fprintf(stderr, "skill-spawner: unknown request type %d\n", frame[0]); exit(65);
  }
}

/* ---- the loop ---- */

static void on_sigchld(int sig) {
  (void)sig;
  int saved = errno;
  char b = 0;
  if (write(sigchld_pipe[1], &b, 1) < 0) { /* full: a wake-up is pending anyway */
  }
  errno = saved;
}

static void reap(void) {
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    for (size_t i = 0; i < job_count; i++) {
      Job *job = jobs[i];
      if (job->pid != pid || job->exited) continue;
      job->exited = 1;
      if (WIFSIGNALED(status)) job->sig = WTERMSIG(status);
      else job->code = WEXITSTATUS(status);
      if (job->streams[0].fd >= 0 || job->streams[1].fd >= 0) {
        int64_t wait = job->cancelled ? (int64_t)job->kill_grace_ms + 1000 : job->drain_ms;
        if (!job->force_at) job->force_at = now_ms() + wait;
      }
      maybe_finish(job);
      break;
    }
  }
}

static void kill_everything(void) {
  for (size_t i = 0; i < job_count; i++) signal_group(jobs[i]->pid, SIGKILL);
  for (size_t i = 0; i < doomed_count; i++) signal_group(doomed[i].pid, SIGKILL);
  kill_marked_steps();
  step_cgroup_teardown();
}

/* Frees what the process still holds at exit (so leak checkers stay quiet). */
static void release_everything(void) {
  while (job_count > 0) remove_job(jobs[job_count - 1]);
  free(jobs);
  free(doomed);
  free(outbuf);
  free_strings(base_env, base_env_count);
}

static void run_timers(int64_t now) {
  for (size_t i = 0; i < doomed_count;) {
    if (doomed[i].kill_at <= now) {
      signal_group(doomed[i].pid, SIGKILL);
      step_cgroup_kill(doomed[i].id);
      doomed[i] = doomed[--doomed_count];
    } else i++;
  }
  for (size_t i = 0; i < job_count;) {
    Job *job = jobs[i];
    if (job->kill_at && job->kill_at <= now) {
      job->kill_at = 0;
      signal_group(job->pid, SIGKILL);
      int64_t wait = (job->kill_grace_ms < 1000 ? job->kill_grace_ms : 1000) + 100;
      if (!job->force_at) job->force_at = now + wait;
    }
    if (job->force_at && job->force_at <= now) {
      finish(job); /* stop waiting for pipes held open by a process we do not wait for */
      continue;
    }
    i++;
  }
}

static int next_timeout(int64_t now) {
  int64_t soonest = -1;
  for (size_t i = 0; i < doomed_count; i++)
    if (soonest < 0 || doomed[i].kill_at < soonest) soonest = doomed[i].kill_at;
  for (size_t i = 0; i < job_count; i++) {
    int64_t t[] = {jobs[i]->kill_at, jobs[i]->force_at};
    for (int k = 0; k < 2; k++)
      if (t[k] && (soonest < 0 || t[k] < soonest)) soonest = t[k];
  }
  if (soonest < 0) return -1;
  return soonest <= now ? 0 : (int)(soonest - now);
}

static void pump_stdin(Job *job) {
  while (job->stdin_off < job->stdin_len) {
    ssize_t n = write(job->stdin_fd, job->stdin_data + job->stdin_off, job->stdin_len - job->stdin_off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    if (n < 0) break; /* EPIPE: the process does not read its stdin */
    job->stdin_off += (size_t)n;
  }
  close(job->stdin_fd);
  job->stdin_fd = -1;
}

int main(void) {
  static unsigned char chunk[65536];
  unsigned char *inbuf = NULL;
  size_t in_len = 0, in_cap = 0;
  struct pollfd *fds = NULL;
  uint32_t *owners = NULL; /* per poll entry: the job's id and which pipe (0 stdout, 1 stderr, 2 stdin) */
  int *tags = NULL;
  size_t fds_cap = 0, owners_cap = 0, tags_cap = 0;
  int stdin_open = 1;

  signal(SIGPIPE, SIG_IGN);
  if (pipe2(sigchld_pipe, O_CLOEXEC | O_NONBLOCK)) return 71;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigchld;
  sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
  sigaction(SIGCHLD, &sa, NULL);
  fcntl(STDIN_FILENO, F_SETFD, FD_CLOEXEC);
  fcntl(STDOUT_FILENO, F_SETFD, FD_CLOEXEC);

  step_cgroup_setup();
  read_job_niceness();
  share_lowered_session();
  begin_frame('Y', 0);
  while (1) {
    flush_out();
    if (!stdin_open) {
      kill_everything();
      release_everything();
      free(inbuf);
      free(fds);
      free(owners);
      free(tags);
      return 0;
    }
    size_t nfds = 2 + job_count * 3;
    fds = grow(fds, &fds_cap, nfds, sizeof *fds);
    owners = grow(owners, &owners_cap, nfds, sizeof *owners);
    tags = grow(tags, &tags_cap, nfds, sizeof *tags);
    size_t n = 0;
    fds[n++] = (struct pollfd){STDIN_FILENO, POLLIN, 0};
    fds[n++] = (struct pollfd){sigchld_pipe[0], POLLIN, 0};
    for (size_t i = 0; i < job_count; i++) {
      Job *job = jobs[i];
      for (int s = 0; s < 2; s++) {
        if (job->streams[s].fd < 0) continue;
        owners[n] = job->id;
        tags[n] = s;
        fds[n++] = (struct pollfd){job->streams[s].fd, POLLIN, 0};
      }
      if (job->stdin_fd >= 0) {
        owners[n] = job->id;
        tags[n] = 2;
        fds[n++] = (struct pollfd){job->stdin_fd, POLLOUT, 0};
      }
    }
    int ready = poll(fds, n, next_timeout(now_ms()));
    if (ready < 0 && errno != EINTR) {
      perror("skill-spawner: poll");
      return 71;
    }
    if (ready > 0 && fds[1].revents) {
      char drain[256];
      while (read(sigchld_pipe[0], drain, sizeof drain) > 0) {
      }
    }
    reap();
    for (size_t i = 2; ready > 0 && i < n; i++) {
      if (!fds[i].revents) continue;
      Job *job = find_job(owners[i]);
      if (!job) continue; /* finished earlier in this turn */
      int tag = tags[i];
      if (tag == 2) {
        if (job->stdin_fd >= 0) pump_stdin(job);
        continue;
      }
      Stream *st = &job->streams[tag];
      if (st->fd < 0) continue;
      ssize_t got = read(st->fd, chunk, sizeof chunk);
      if (got > 0) on_data(job, tag, chunk, (size_t)got);
      else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
        close_stream(st);
        maybe_finish(job);
      }
    }
    if (ready > 0 && fds[0].revents) {
      inbuf = grow(inbuf, &in_cap, in_len + sizeof chunk, 1);
      ssize_t got = read(STDIN_FILENO, inbuf + in_len, sizeof chunk);
      if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) stdin_open = 0;
      else if (got > 0) in_len += (size_t)got;
      size_t at = 0;
      while (in_len - at >= 4) {
        uint32_t len = (uint32_t)inbuf[at] | (uint32_t)inbuf[at + 1] << 8 | (uint32_t)inbuf[at + 2] << 16 |
                       (uint32_t)inbuf[at + 3] << 24;
        if (len == 0) exit(65);
        if (in_len - at - 4 < len) break;
        handle_frame(inbuf + at + 4, len);
        at += 4 + (size_t)len;
      }
      memmove(inbuf, inbuf + at, in_len - at);
      in_len -= at;
    }
    run_timers(now_ms());
  }
}
