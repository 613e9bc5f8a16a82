/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A task's identity from /proc, read only from files that never take a
 * reference on its memory. /proc/PID/status, stat, statm and maps do
 * (get_task_mm): when the task is an OOM victim that exits meanwhile, the
 * reader does the freeing, after the victim left the task list the OOM
 * killer looks at, and a second OOM in that window kills another task (or
 * panics with nothing else killable).
 */
#ifndef OOMTRACE_PROC_TASK_H
#define OOMTRACE_PROC_TASK_H

#include <stddef.h>
#include <stdint.h>

/* The process (thread group) of thread TID; 0 when the thread is gone. */
uint32_t proc_task__tgid(uint32_t tid);
/* Thread TID's name into comm (unchanged when the thread is gone). */
void proc_task__comm(uint32_t tid, char *comm, size_t size);

#endif
