// Step cgroups for skill-spawner (see step-cgroup.h). Where a cgroup can be created under ours (root, or a delegated
// cgroup2 subtree) every job runs in `<our cgroup>/skill-spawner-<pid>/job-<id>`: the spawner joins that cgroup for
// the length of one posix_spawn (the child inherits it) and leaves; when the job ends every member is SIGKILLed,
// also processes that left the process group (setsid) and cleared their environment (env -i). Elsewhere the
// SKILL_STEP marker (packages/sandbox/src/step-reaper.ts) is the only net.
#define _GNU_SOURCE
#include "step-cgroup.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char base[768];   /* our job cgroups' parent, "" when cgroups are not used */
static char home[800];   /* cgroup.procs of the cgroup the spawner lives in */
static const char *kind; /* which hierarchy */

static int write_text(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = write(fd, text, strlen(text));
  close(fd);
  return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Our path in a hierarchy from /proc/self/cgroup: `0::<path>` for cgroup2, `N:<controller>:<path>` for v1. */
static int own_path(const char *controller, char *out, size_t size) {
  FILE *f = fopen("/proc/self/cgroup", "re");
  if (!f) return -1;
  char line[1024];
  int found = -1;
  while (found < 0 && fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = 0;
    char *first = strchr(line, ':');
    char *second = first ? strchr(first + 1, ':') : NULL;
    if (!second) continue;
    *second = 0;
    const char *controllers = first + 1, *path = second + 1;
    int match = controller[0] ? strcmp(controllers, controller) == 0 : (strncmp(line, "0", 1) == 0 && !*controllers);
    if (match && strlen(path) < size) {
      snprintf(out, size, "%s", strcmp(path, "/") == 0 ? "" : path);
      found = 0;
    }
  }
  fclose(f);
  return found;
}

static int kill_dir(const char *dir);

/* Removes the cgroups of spawners that died (SIGKILL) before tearing theirs down, killing what still runs there. */
static void sweep_dead_spawners(const char *parent) {
  DIR *d = opendir(parent);
  if (!d) return;
  struct dirent *entry;
  while ((entry = readdir(d)) != NULL) {
    int pid = 0;
    if (sscanf(entry->d_name, "skill-spawner-%d", &pid) != 1 || pid <= 0 || pid == getpid()) continue;
    if (kill(pid, 0) == 0 || errno == EPERM) continue; /* its spawner lives */
    char dead[1100], job[1400];
    snprintf(dead, sizeof dead, "%s/%s", parent, entry->d_name);
    DIR *jobs = opendir(dead);
    if (jobs) {
      struct dirent *j;
      while ((j = readdir(jobs)) != NULL) {
        if (strncmp(j->d_name, "job-", 4) != 0) continue;
        snprintf(job, sizeof job, "%s/%s", dead, j->d_name);
        kill_dir(job);
      }
      closedir(jobs);
    }
    rmdir(dead);
  }
  closedir(d);
}

static int try_hierarchy(const char *mount, const char *controller, const char *name) {
  char path[512], probe[600];
  snprintf(probe, sizeof probe, "%s/cgroup.procs", mount);
  if (access(probe, F_OK) != 0 || own_path(controller, path, sizeof path) != 0) return 0;
  snprintf(home, sizeof home, "%s%s/cgroup.procs", mount, path);
  if (write_text(home, "0") != 0) return 0; /* we could not move back here after a spawn */
  char parent[600];
  snprintf(parent, sizeof parent, "%s%s", mount, path);
  sweep_dead_spawners(parent);
  snprintf(base, sizeof base, "%s%s/skill-spawner-%d", mount, path, (int)getpid());
  if (mkdir(base, 0755) != 0 && errno != EEXIST) {
    base[0] = 0;
    return 0;
  }
  kind = name;
  return 1;
}

int step_cgroup_setup(void) {
  const char *off = getenv("SKILL_STEP_CGROUP");
  if (off && strcmp(off, "0") == 0) return 0;
  if (access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0 && try_hierarchy("/sys/fs/cgroup", "", "cgroup2"))
    return 1;
  return try_hierarchy("/sys/fs/cgroup/unified", "", "cgroup2") || try_hierarchy("/sys/fs/cgroup/pids", "pids", "pids") ||
         try_hierarchy("/sys/fs/cgroup/freezer", "freezer", "freezer");
}

const char *step_cgroup_kind(void) { return base[0] ? kind : NULL; }

static void job_dir(uint32_t id, char *out, size_t size) { snprintf(out, size, "%s/job-%u", base, id); }

int step_cgroup_enter(uint32_t id) {
  if (!base[0]) return 0;
  char dir[800], procs[820];
  job_dir(id, dir, sizeof dir);
  if (mkdir(dir, 0755) != 0 && errno != EEXIST) return 0;
  snprintf(procs, sizeof procs, "%s/cgroup.procs", dir);
  if (write_text(procs, "0") != 0) {
    rmdir(dir);
    return 0;
  }
  return 1;
}

void step_cgroup_leave(void) {
  if (base[0] && write_text(home, "0") != 0) base[0] = 0; /* stuck in a job's cgroup: use none from now on */
}

/* SIGKILLs the members of `dir` (never us); returns how many were signalled. */
static int kill_members(const char *dir) {
  char procs[820];
  snprintf(procs, sizeof procs, "%s/cgroup.procs", dir);
  FILE *f = fopen(procs, "re");
  if (!f) return 0;
  int pid, count = 0;
  while (fscanf(f, "%d", &pid) == 1)
    if (pid != getpid() && kill(pid, SIGKILL) == 0) count++;
  fclose(f);
  return count;
}

/* Kills the members of `dir` until it is empty and removes it (bounded, ~200 ms); 1 when it is gone. */
static int kill_dir(const char *dir) {
  const struct timespec pause = {0, 1000000};
  for (int round = 0; round < 200; round++) { /* a killed process leaves the cgroup once it is torn down */
    if (kill_members(dir) == 0 && (rmdir(dir) == 0 || errno == ENOENT)) return 1;
    nanosleep(&pause, NULL);
  }
  return 0;
}

int step_cgroup_kill(uint32_t id) {
  if (!base[0]) return 0;
  char dir[800];
  job_dir(id, dir, sizeof dir);
  if (rmdir(dir) == 0) return 1; /* empty: the usual case, one syscall */
  if (errno == ENOENT) return 0; /* the job never had a cgroup */
  return kill_dir(dir);
}

void step_cgroup_teardown(void) {
  if (!base[0]) return;
  DIR *d = opendir(base);
  if (d) {
    struct dirent *entry;
    char dir[1100];
    while ((entry = readdir(d)) != NULL) {
      if (strncmp(entry->d_name, "job-", 4) != 0) continue;
      snprintf(dir, sizeof dir, "%s/%s", base, entry->d_name);
      kill_dir(dir);
    }
    closedir(d);
  }
  rmdir(base);
}
