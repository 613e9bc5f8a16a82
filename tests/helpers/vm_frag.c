// SPDX-License-Identifier: GPL-2.0
/*
 * vm_frag MB: fragment physical memory for the VM compaction test. Touches MB
 * of anonymous memory in small pages (THP off for the region), frees every
 * other page, mlocks each page it keeps, prints "vm_frag: ready" and holds
 * them until killed. What is left is one used page in every pair: no free
 * 2 MB block there, and with vm.compact_unevictable_allowed=0 compaction may
 * not move the locked pages, so the free memory stays fragmented.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long mb = argc > 1 ? strtoul(argv[1], NULL, 0) : 0;
	long page = sysconf(_SC_PAGESIZE);
	unsigned long len = mb << 20;
	char *p;

	if (!mb) {
		fprintf(stderr, "usage: vm_frag MB\n");
		return 2;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("vm_frag: mmap");
		return 1;
	}
	if (madvise(p, len, MADV_NOHUGEPAGE))
		perror("vm_frag: MADV_NOHUGEPAGE");
	for (unsigned long off = 0; off < len; off += page)
		p[off] = 1;
	for (unsigned long off = page; off < len; off += 2 * page)
		if (madvise(p + off, page, MADV_DONTNEED)) {
			perror("vm_frag: MADV_DONTNEED");
			return 1;
		}
	/* one mlock per kept page: locking the whole range would fault the freed
	 * pages back in, most likely into the very holes just made */
	for (unsigned long off = 0; off < len; off += 2 * page)
		if (mlock(p + off, page)) {
			perror("vm_frag: mlock");
			return 1;
		}
	printf("vm_frag: ready (%lu MB touched, half freed, the rest locked)\n", mb);
	fflush(stdout);
	for (;;)
		pause();
}
