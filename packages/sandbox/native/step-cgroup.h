// Step cgroups for skill-spawner: each job in a cgroup of its own, so everything it starts (setsid, env -i) dies with it.
#ifndef SKILL_STEP_CGROUP_H
#define SKILL_STEP_CGROUP_H
#include <stdint.h>
#include <stddef.h>

/* Finds a cgroup hierarchy where we may create children (cgroup2, else v1 pids, else v1 freezer); 0 when none. */
int step_cgroup_setup(void);
/* Which hierarchy is used ("cgroup2", "pids", "freezer"), or NULL. */
const char *step_cgroup_kind(void);
/* Creates job `id`'s cgroup and moves this process into it (the next spawn starts there); 0 when it cannot. */
int step_cgroup_enter(uint32_t id);
/* Moves this process back to its own cgroup after the spawn; on failure cgroups are turned off. */
void step_cgroup_leave(void);
/* SIGKILLs every process of job `id`'s cgroup, waits (bounded) for it to empty and removes it; 1 when the job had
   a cgroup and it is gone now (nothing the job started is left), else 0. */
int step_cgroup_kill(uint32_t id);
/* Kills every job cgroup still there and removes our parent cgroup (at exit). */
void step_cgroup_teardown(void);

#endif
