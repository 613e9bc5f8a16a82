# oomtrace: CO-RE BPF programs + a static C collector.
#   make            build build/oomtrace
#   make run        set up and run it (root)
#   make test       set up and run every test (root)
#   make bench      benchmarks against the tools people use today (root)
OUTPUT  := build
ARCH    := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
VMLINUX := vmlinux/$(ARCH)/vmlinux.h
CLANG   ?= clang
BPFTOOL ?= bpftool
CC      ?= gcc
PREFIX  ?= /usr/local

CFLAGS     ?= -O2 -g
CFLAGS     += -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-missing-field-initializers -Wno-format-truncation \
              -I$(OUTPUT) -Ibpf -Iuser
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Wextra -Werror \
              -Wno-unused-parameter -Wno-missing-field-initializers -I$(dir $(VMLINUX)) -Ibpf
LDFLAGS    += -static
LDLIBS     := -lbpf -lelf -lz -lzstd -lm
# libbpf's own calls for the kernel's BTF go to user/vmlinux_btf.c: one parse, indexed
WRAP_LDFLAGS := -Wl,--wrap=btf__load_vmlinux_btf,--wrap=btf__free,--wrap=btf__find_by_name_kind

# maps.bpf.c (the shared map definitions) links first: bpftool 7.1's linker leaves an
# extern map's BTF offset at 0 when the extern comes before its definition.
BPF_SRCS   := bpf/maps.bpf.c $(filter-out bpf/maps.bpf.c,$(sort $(wildcard bpf/*.bpf.c)))
BPF_OBJS   := $(patsubst bpf/%.bpf.c,$(OUTPUT)/bpf/%.bpf.o,$(BPF_SRCS))
SKEL       := $(OUTPUT)/oomtrace.skel.h
USER_SRCS  := $(sort $(wildcard user/*.c user/*/*.c))
USER_OBJS  := $(patsubst %.c,$(OUTPUT)/%.o,$(USER_SRCS))
LIB_OBJS   := $(filter-out $(OUTPUT)/user/main.o,$(USER_OBJS))
UNIT_SRCS  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS  := $(patsubst tests/unit/%.c,$(OUTPUT)/tests/%,$(UNIT_SRCS))
HELPER_SRCS := $(sort $(wildcard tests/helpers/*.c))
HELPER_BINS := $(patsubst tests/helpers/%.c,$(OUTPUT)/tests/helpers/%,$(HELPER_SRCS))

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

AS_ROOT = @if [ "$$(id -u)" -ne 0 ]; then echo "oomtrace: '$@' needs root (BPF, tracefs, cgroups): run as root: sudo make $@" >&2; exit 1; fi

.DELETE_ON_ERROR:
.PHONY: all run test unit vmtest bench install clean deps deps-bench vmlinux fuzz

all: $(OUTPUT)/oomtrace

$(OUTPUT)/bpf/%.bpf.o: bpf/%.bpf.c bpf/*.h $(VMLINUX) | $(OUTPUT)/bpf
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# All BPF files link into one object: one skeleton, one load, one ring buffer.
$(OUTPUT)/oomtrace.bpf.o: $(BPF_OBJS)
	$(call msg,LINK-BPF,$@)
	$(Q)$(BPFTOOL) gen object $@ $^

$(SKEL): $(OUTPUT)/oomtrace.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name oomtrace_bpf > $@

$(OUTPUT)/user/%.o: user/%.c user/*.h bpf/events.h $(SKEL) | $(OUTPUT)/user
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(OUTPUT)/oomtrace: $(USER_OBJS)
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(LDFLAGS) $(WRAP_LDFLAGS) $^ $(LDLIBS) -o $@.$$$$.tmp && mv -f $@.$$$$.tmp $@	# a running copy stays intact

$(OUTPUT)/tests/%: tests/unit/%.c $(LIB_OBJS) | $(OUTPUT)/tests
	$(call msg,TEST-CC,$@)
	$(Q)$(CC) $(CFLAGS) -Itests/unit $< $(LIB_OBJS) $(LDFLAGS) $(WRAP_LDFLAGS) $(LDLIBS) -o $@

$(OUTPUT)/tests/helpers/%: tests/helpers/%.c | $(OUTPUT)/tests/helpers
	$(call msg,TEST-CC,$@)
	$(Q)$(CC) $(CFLAGS) $< -static -o $@

$(OUTPUT)/bpf $(OUTPUT)/user $(OUTPUT)/tests $(OUTPUT)/tests/helpers:
	$(Q)mkdir -p $@

deps:
	@scripts/deps.sh build

deps-bench:
	@scripts/deps.sh bench

run: deps
	$(AS_ROOT)
	@$(MAKE) --no-print-directory all
	$(OUTPUT)/oomtrace $(ARGS)

unit: all $(UNIT_BINS) $(HELPER_BINS)

test: deps
	$(AS_ROOT)
	@$(MAKE) --no-print-directory unit
	@tests/run.sh

vmtest: deps
	$(AS_ROOT)
	@$(MAKE) --no-print-directory unit
	@tests/run.sh tests/vm

bench: deps deps-bench
	$(AS_ROOT)
	@$(MAKE) --no-print-directory unit
	@tests/bench/run.sh

install: $(OUTPUT)/oomtrace
	install -D -m 0755 $(OUTPUT)/oomtrace $(DESTDIR)$(PREFIX)/sbin/oomtrace

# Regenerate the committed header from the running kernel's BTF.
vmlinux:
	$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > $(VMLINUX)

clean:
	rm -rf $(OUTPUT)

# Capture helpers link the capture writer/reader (tests/helpers/capture_*.c);
# the fuzz target runs libFuzzer on the capture reader (FUZZ_SECONDS, default 600).
CAPTURE_OBJS := $(addprefix $(OUTPUT)/user/,capture_writer.o capture_reader.o crc32c.o decode.o record_check.o)
$(OUTPUT)/tests/helpers/capture_%: tests/helpers/capture_%.c tests/helpers/capture_gen.h $(CAPTURE_OBJS) | $(OUTPUT)/tests/helpers
	$(call msg,TEST-CC,$@)
	$(Q)$(CC) $(CFLAGS) -Itests/helpers $< $(CAPTURE_OBJS) $(LDFLAGS) $(LDLIBS) -o $@

$(OUTPUT)/fuzz/fuzz_capture: tests/fuzz/fuzz_capture.c user/capture_reader.c user/crc32c.c user/record_check.c user/capture_*.h user/record_check.h bpf/events.h
	$(call msg,FUZZ-CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -D_GNU_SOURCE -Ibpf -Iuser \
		$(filter %.c,$^) -lzstd -o $@

.PHONY: fuzz-capture
fuzz-capture: $(OUTPUT)/fuzz/fuzz_capture
	@mkdir -p $(OUTPUT)/fuzz/corpus
	$(OUTPUT)/fuzz/fuzz_capture -max_total_time=$${FUZZ_SECONDS:-600} -max_len=262144 \
		$(OUTPUT)/fuzz/corpus tests/fuzz/seeds

# libFuzzer on the kernel-log parser of 'explain' (FUZZ_SECONDS, default 600).
LOGPARSE_FUZZ_SRCS := tests/fuzz/fuzz_logparse.c $(wildcard user/logparse*.c) user/incident.c user/decode.c
$(OUTPUT)/fuzz/fuzz_logparse: $(LOGPARSE_FUZZ_SRCS) user/logparse*.h user/incident.h user/decode.h
	$(call msg,FUZZ-CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Ibpf -Iuser \
		$(LOGPARSE_FUZZ_SRCS) -lbpf -lelf -lz -o $@

.PHONY: fuzz-explain
fuzz-explain: $(OUTPUT)/fuzz/fuzz_logparse
	@mkdir -p $(OUTPUT)/fuzz/corpus_logparse
	$(OUTPUT)/fuzz/fuzz_logparse -max_total_time=$${FUZZ_SECONDS:-600} -max_len=65536 -timeout=10 \
		-rss_limit_mb=1024 -dict=tests/fuzz/logparse.dict $(OUTPUT)/fuzz/corpus_logparse tests/fixtures

fuzz: fuzz-explain fuzz-capture
