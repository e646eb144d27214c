# KVM exit statistics: the kernel series, exitreport, the guest programs,
# and the harness that runs them on virtual KVM hosts (QEMU for AMD SVM,
# Bochs for Intel VMX).  See README.md.

BUILD ?= $(CURDIR)/build
RESULTS ?= $(CURDIR)/results
VENDOR ?= svm
PREFIX ?= /usr/local

.PHONY: all deps kernel exitreport guest test test-unit demo bench install clean

all: exitreport guest

deps:
	@bash scripts/deps.sh

kernel: deps
	@bash kernel/build.sh $(BUILD) > /dev/null

exitreport:
	@$(MAKE) -s -C tools/exitreport BUILD=$(BUILD)/exitreport

guest:
	@$(MAKE) -s -C guest BUILD=$(BUILD)/guest

# Host-only tests: no kernel, no emulator; seconds.
test-unit: deps
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

clean:
	rm -rf $(BUILD) $(RESULTS)
