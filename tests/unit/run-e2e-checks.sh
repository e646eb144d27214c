#!/bin/bash
# Host unit tests of the e2e harness' own checks, on fixtures: the kernel log
# detector (tests/e2e/check-dmesg.sh) finds real-looking reports and passes
# a real clean log, and the stress stage's lifetime check (check-stress.sh
# --notes) tells the VMs that lived with accounting on from the others.
# Prints PASS/FAIL lines; exits 1 if any failed.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
fix=$top/tests/fixtures
# pass, fail
# shellcheck source=scripts/lib.sh
. "$top/scripts/lib.sh"

# dmesg_case NAME LOG EXPECT [TEXT...]: check-dmesg.sh on LOG says EXPECT
# (PASS or FAIL) on its first line, and every TEXT appears in its output.
dmesg_case() {
	local name=$1 log=$2 expect=$3 out t
	shift 3
	out=$(bash "$top/tests/e2e/check-dmesg.sh" "$log" t 2>&1)
	if [ "$(head -n 1 <<< "$out" | cut -d: -f1)" != "$expect" ]; then
		fail "check-dmesg: $name" "expected $expect, got: $(head -n 1 <<< "$out")"
		return
	fi
	for t in "$@"; do
		grep -qF -- "$t" <<< "$out" || { fail "check-dmesg: $name" "no '$t' in: $(head -n 3 <<< "$out" | tr '\n' ' ')"; return; }
	done
	pass "check-dmesg: $name"
}

dmesg_case "a clean log (the SVM host after a stress run) passes" "$fix/dmesg/clean-svm.log" PASS \
	"no KASAN, UBSAN, lockdep"
dmesg_case "a clean log of the debug kernel (the SVM host after selftest, guest, stress) passes" \
	"$fix/dmesg/clean-svm-debug.log" PASS "no KASAN, UBSAN, lockdep"
dmesg_case "a KASAN use-after-free fails, with its first lines" "$fix/dmesg/kasan.log" FAIL \
	"1 report(s)" "BUG: KASAN: slab-use-after-free in __kvm_exit_stats_end" \
	"Write of size 8 at addr"
dmesg_case "a lockdep circular dependency fails" "$fix/dmesg/lockdep.log" FAIL \
	"1 report(s)" "WARNING: possible circular locking dependency detected"
dmesg_case "list corruption and a sleep in atomic context are two reports" \
	"$fix/dmesg/list-corruption.log" FAIL "2 report(s)" "list_add corruption" \
	"BUG: sleeping function called from invalid context"
dmesg_case "a log that lost its beginning fails" "$fix/dmesg/truncated.log" FAIL \
	"lost its beginning"
dmesg_case "a missing log fails" "$fix/dmesg/no-such.log" FAIL "no kernel log"

# The lifetime check: a VM whose life overlapped a switch-off, one that
# lived between two, one after the last, and the phases.
notes=$(mktemp)
trap 'rm -f "$notes"' EXIT
cat > "$notes" <<'NOTES'
10.00 stage-start 5.5
10.10 phase-start switch
10.20 vm-start switch switch-1
11.00 off
11.20 on
11.30 vm-start switch between
11.60 vm-end switch between 0
12.00 off
12.50 vm-end switch switch-1 0
12.60 on
12.70 phase-end switch
13.00 phase-start steady
13.10 vm-start steady steady-1
19.00 vm-end steady steady-1 0
19.10 phase-end steady
19.20 stage-end
NOTES
want='switches 2
switch-1 switch 10.20 12.50 0 overlaps-off
between switch 11.30 11.60 0 on-all-life
steady-1 steady 13.10 19.00 timeout on-all-life
phase switch 10.10 12.70 2
phase steady 13.00 19.10 0'
got=$(bash "$top/tests/e2e/check-stress.sh" --notes "$notes")
if [ "$got" = "$want" ]; then
	pass "check-stress: VM lifetimes against switch-offs"
else
	fail "check-stress: VM lifetimes against switch-offs" "got: $(tr '\n' ';' <<< "$got")"
fi
# The SVM host's stall watchdog (run-l1.sh), on a stand-in for QEMU: one
# that sleeps is ended within seconds as stalled; one that computes and
# then exits is let be, and found not to have written its results.
stall_case() {
	local name=$1 mode=$2 expect=$3 dir out rc
	dir=$(mktemp -d)
	mkdir -p "$dir/bin"
	cat > "$dir/bin/qemu-system-x86_64" <<-'QEMU'
	#!/bin/sh
	case $FAKE_QEMU in
	idle) exec sleep 60 ;;
	busy) exec bash -c 'while [ "$SECONDS" -lt 6 ]; do :; done' ;;
	esac
	QEMU
	chmod +x "$dir/bin/qemu-system-x86_64"
	touch "$dir/bzImage" "$dir/initrd"
	out=$(PATH=$dir/bin:$PATH FAKE_QEMU=$mode E2E_STALL_SECONDS=3 E2E_STALL_POLL=1 \
		bash "$top/tests/e2e/run-l1.sh" svm none "$dir/bzImage" "$dir/initrd" "$dir/out" 30 2>&1)
	rc=$?
	if [ "$rc" -eq 2 ] && grep -q -- "$expect" <<< "$out"; then
		pass "run-l1 watchdog: $name"
	else
		fail "run-l1 watchdog: $name" "rc $rc, expected '$expect' in: $(head -n 2 <<< "$out" | tr '\n' ' ')"
	fi
	rm -rf "$dir"
}
stall_case "an emulator that uses no CPU is ended as stalled" idle "svm host stalled after"
stall_case "a busy emulator is not taken for stalled" busy "did not write its results"

[ "$nfail" -eq 0 ]
