# smb3k: top-level build. `make` builds the module and the helper;
# `make check` runs every test; `make vm` brings up a server in QEMU.

SHELL := /bin/bash
TOP := $(CURDIR)

# Kernel headers: the running kernel's if present, else the newest Debian
# 6.1 amd64 headers installed.
KDIR ?= $(shell if [ -d /lib/modules/$$(uname -r)/build ]; then \
		echo /lib/modules/$$(uname -r)/build; \
	else \
		ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n1; \
	fi)
# The guest kernel release matching KDIR (modules are loaded into it).
KREL ?= $(patsubst linux-headers-%,%,$(notdir $(KDIR)))

FUZZ_SECONDS ?= 60

.PHONY: all kernel helper deps check unit checkpatch selftests vm fuzz clean help \
	debug-kernel selftests-debug fuzz-campaign soak

all: kernel helper

help:
	@echo "make            build kernel/smb3k.ko and userspace-helper/{smb3kd,smb3kctl}"
	@echo "make vm         build, boot a QEMU guest, serve ./share on 127.0.0.1:4450"
	@echo "make check      build and run every test (unit, checkpatch, fuzz, QEMU selftests)"
	@echo "make deps       install the Debian packages the project needs"
	@echo "make fuzz       run each libFuzzer target for FUZZ_SECONDS (default 60)"
	@echo "make fuzz-campaign  10^7 executions per fuzz target (long)"
	@echo "make soak       256 clients of mixed IO and metadata for 10 minutes"
	@echo "make debug-kernel  build the KASAN/UBSAN/lockdep/kmemleak/KUnit test kernel"
	@echo "                and smb3k.ko for it (cached in ~/.cache/smb3k)"
	@echo "make selftests-debug  the selftests and KUnit suites on the debug kernel"

kernel:
	@test -n "$(KDIR)" || { echo "no kernel headers: run 'make deps'"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(TOP)/kernel W=1 modules

helper:
	$(MAKE) -C userspace-helper

deps:
	scripts/deps install

check:
	scripts/check

unit:
	$(MAKE) -C userspace-helper test
	$(MAKE) -C tools/testing/codec test

checkpatch:
	scripts/checkpatch-kernel

selftests: all
	scripts/vm run --server none --timeout 900 -- tools/testing/selftests/smb3k/run.sh

debug-kernel:
	scripts/debug-kernel build

selftests-debug: helper debug-kernel
	scripts/vm run --kernel debug --server none --timeout 1800 -- \
		tools/testing/selftests/smb3k/run.sh

fuzz:
	$(MAKE) -C tools/testing/codec fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

# The load test for 10 minutes (make check runs it for one).
soak: all
	SMB3K_LOAD_SECONDS=600 scripts/vm run --server smb3k --disk ext4 --mem 4G \
		--timeout 2400 -- tools/testing/selftests/smb3k/test_load.sh

fuzz-campaign:
	$(MAKE) -C tools/testing/codec fuzz-campaign

vm:
	@scripts/deps check-or-install
	$(MAKE) all
	scripts/vm serve

clean:
	-$(MAKE) -C $(KDIR) M=$(TOP)/kernel clean
	-$(MAKE) -C userspace-helper clean
	-$(MAKE) -C tools/testing/codec clean
