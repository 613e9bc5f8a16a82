// SPDX-License-Identifier: GPL-2.0
/*
 * bare_loader: load bare.bpf.o, attach one of its programs (bare_btf or
 * bare_tp), say "ready" on stderr and hold the attachment until SIGINT/SIGTERM.
 *
 * Usage: bare_loader OBJ PROG
 */
#include <bpf/libbpf.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	struct bpf_program *prog, *want = NULL;
	struct bpf_object *obj;
	struct bpf_link *link;

	if (argc != 3) {
		fprintf(stderr, "usage: bare_loader OBJ bare_btf|bare_tp\n");
		return 2;
	}
	libbpf_set_strict_mode(LIBBPF_STRICT_ALL);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "bare_loader: cannot open %s\n", argv[1]);
		return 1;
	}
	bpf_object__for_each_program(prog, obj) {
		int mine = !strcmp(bpf_program__name(prog), argv[2]);

		bpf_program__set_autoload(prog, mine);
		if (mine)
			want = prog;
	}
	if (!want || bpf_object__load(obj)) {
		fprintf(stderr, "bare_loader: cannot load program %s from %s\n", argv[2], argv[1]);
		return 1;
	}
	link = bpf_program__attach(want);
	if (!link) {
		fprintf(stderr, "bare_loader: cannot attach %s\n", argv[2]);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	fprintf(stderr, "ready %s\n", argv[2]);
	while (!stop)
		pause();
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return 0;
}
