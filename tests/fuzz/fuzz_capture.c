// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: any bytes as a capture file. The reader must never crash,
 * never read out of bounds, and every record it hands out must lie inside
 * the block it came from with a sane size. Build: make build/fuzz/fuzz_capture;
 * run: make fuzz-capture (FUZZ_SECONDS=N).
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "events.h"
#include "capture_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct event_header *h;
	struct capture_reader *r;
	char err[256];
	int fd;

	fd = memfd_create("capture", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	r = capture_reader__open_fd(fd, "fuzz", capture_warn_quiet, NULL, err, sizeof(err));
	if (r) {
		while (capture_reader__next(r, &h) == 1) {
			volatile uint8_t sink = 0;

			if (h->size < sizeof(*h) || h->size > CAPTURE_MAX_RECORD)
				abort();
			/* touch every byte: ASan catches a record reaching past its buffer */
			for (uint32_t i = 0; i < h->size; i++)
				sink ^= ((const uint8_t *)h)[i];
			(void)sink;
		}
		capture_reader__info(r);
		capture_reader__stats(r);
		capture_reader__free(r);
	}
	close(fd);
	return 0;
}
