// SPDX-License-Identifier: GPL-2.0
/* proc_task: a thread's process and name from /proc, for a leader, for a
 * second thread (its tid is not its process id), and for a thread that is gone. */
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "proc_task.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pid_t worker_tid;
static int done;

static void *worker(void *arg)
{
	(void)arg;
	prctl(PR_SET_NAME, "pt_worker", 0, 0, 0);
	pthread_mutex_lock(&lock);
	worker_tid = gettid();
	pthread_cond_broadcast(&cond);
	while (!done)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	char comm[16] = "";
	pthread_t t;
	pid_t child;

	CHECK_INT(proc_task__tgid(getpid()), getpid(), "a leader is its own process");

	if (pthread_create(&t, NULL, worker, NULL) != 0) {
		printf("FAIL - proc_task: cannot start a thread\n");
		return 1;
	}
	pthread_mutex_lock(&lock);
	while (!worker_tid)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	CHECK(worker_tid != getpid(), "the second thread has a tid of its own", "tid %d", worker_tid);
	CHECK_INT(proc_task__tgid(worker_tid), getpid(), "a second thread's process is the leader's");
	proc_task__comm(worker_tid, comm, sizeof(comm));
	CHECK_STR(comm, "pt_worker", "a thread's own name");
	pthread_mutex_lock(&lock);
	done = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	pthread_join(t, NULL);

	child = fork();
	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	snprintf(comm, sizeof(comm), "kept");
	CHECK_INT(proc_task__tgid(child), 0, "a thread that is gone: 0");
	proc_task__comm(child, comm, sizeof(comm));
	CHECK_STR(comm, "kept", "a thread that is gone: the name is left as it was");
	CHECK_DONE();
}
