# KVM exit statistics: the kernel series, exitreport, the guest programs,
# and the harness that runs them on virtual KVM hosts (QEMU for AMD SVM,
# Bochs for Intel VMX).  See README.md.

BUILD ?= $(CURDIR)/build
RESULTS ?= $(CURDIR)/results
VENDOR ?= svm
PREFIX ?= /usr/local

.PHONY: all deps deps-tools kernel exitreport guest test test-unit demo bench install clean distclean

all: exitreport guest

deps:
	@bash scripts/deps.sh

# Only what the tools and their host-only tests need (no kernel, no emulator).
deps-tools:
	@bash scripts/deps.sh tools

kernel: deps
	@bash kernel/build.sh $(BUILD) > /dev/null

exitreport:
	@$(MAKE) -s -C tools/exitreport BUILD=$(BUILD)/exitreport

guest:
	@$(MAKE) -s -C guest BUILD=$(BUILD)/guest

# Host-only tests: no kernel, no emulator, no root once deps-tools is met; seconds.
test-unit: deps-tools
	@bash tests/run-all.sh --unit-only

# Everything: unit tests, fuzzing, the kernel series, and both virtual hosts.
test: deps
	@bash tests/run-all.sh

# The main job: a virtual host (VENDOR=svm: QEMU, VENDOR=vmx: Bochs) runs
# guests under perf; reports, plots and the cross-check land in RESULTS.
demo: deps
	@bash scripts/demo.sh $(VENDOR) $(RESULTS)

# Exit-path cost, exitreport against perf, and trace agreement (bench/README.md);
# prints the tables and writes bench/RESULTS.md.
bench: deps
	@bash bench/run.sh

install: exitreport
	@$(MAKE) -s -C tools/exitreport BUILD=$(BUILD)/exitreport PREFIX=$(PREFIX) install

# clean keeps the kernel build cache (build/kernel*: a 5-6 minute rebuild);
# distclean removes it too.
clean:
	@if [ -d $(BUILD) ]; then find $(BUILD) -mindepth 1 -maxdepth 1 ! -name 'kernel*' -exec rm -rf {} +; fi
	rm -rf $(RESULTS)

distclean:
	rm -rf $(BUILD) $(RESULTS)
