#!/bin/bash
# Runs the project's tests and prints one line per test ("PASS: ...",
# "FAIL: ...", "SKIP: ..."), the time of each stage, and last the line
# "N passed, N failed, N skipped".  Each suite's full output is kept in
# build/test-logs/SUITE.log, and the timings in build/test-logs/timings.txt.
#   tests/run-all.sh               everything (make test)
#   tests/run-all.sh --unit-only   host-only tests (make test-unit)
# Environment: VENDORS="svm vmx svm-debug svm-nonp" (the virtual hosts to run;
# svm-debug: the SVM host on the debug kernel, kernel/config/debug.config;
# svm-nonp: the SVM host without nested paging, kvm_amd.npt=0, whose guest
# recording is compared with the svm host's),
# FUZZ_SECONDS=60, E2E_FRESH=1 (boot a virtual host even when its inputs have
# not changed since it last passed), E2E_LIMIT (wall seconds per virtual
# host; by default svm 900, vmx 1500, svm-debug 2400: about three times their
# longest passing runs, so that a hung host costs minutes, not the CI budget),
# E2E_STRESS_SECONDS="svm:20 vmx:4 svm-debug:10" (the stress stage's
# seconds of exit mixes per host, emulated: under Bochs one takes about half a
# minute).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
logs=$build/test-logs
vendors=${VENDORS:-svm vmx svm-debug svm-nonp}
fuzz_seconds=${FUZZ_SECONDS:-60}
stress_seconds=${E2E_STRESS_SECONDS:-svm:20 vmx:4 svm-debug:10}
unit_only=0
[ "${1:-}" = --unit-only ] && unit_only=1
# key_of, key_matches
# shellcheck source=scripts/lib.sh
. "$top/scripts/lib.sh"
mkdir -p "$logs"
npass=0 nfail=0 nskip=0
timings=()
t_start=$(date +%s)

# run_suite NAME COMMAND...: runs COMMAND with its output in NAME.log and
# passes on its result lines.  A suite that fails without saying which test
# failed counts as one failed test.
run_suite() {
	local name=$1 t0 rc
	shift
	t0=$(date +%s)
	printf '[%s] %s\n' "$(date +%H:%M:%S)" "$name" >&2
	"$@" > "$logs/$name.log" 2>&1
	rc=$?
	collect_suite "$name" "$rc" "$t0"
}

# collect_suite NAME RC T0: passes on the result lines of NAME.log, counts
# them, and keeps the suite's time.
collect_suite() {
	local name=$1 rc=$2 t0=$3 line
	while IFS= read -r line; do
		case "$line" in
		PASS:*) npass=$((npass + 1)); echo "$line" ;;
		FAIL:*) nfail=$((nfail + 1)); echo "$line" ;;
		SKIP:*) nskip=$((nskip + 1)); echo "$line" ;;
		"    | "* | INFO:*) echo "$line" ;;
		esac
	done < "$logs/$name.log"
	if [ "$rc" -ne 0 ] && ! grep -q '^FAIL:' "$logs/$name.log"; then
		nfail=$((nfail + 1))
		echo "FAIL: $name: exited with status $rc"
		tail -n 15 "$logs/$name.log" | sed 's/^/    | /'
	fi
	timings+=("$(printf '%-16s %5d s' "$name" $(($(date +%s) - t0)))")
}

# run_suite_bg NAME COMMAND...: run_suite in the background (its lines come
# when run_suite_wait NAME collects them).  Bochs emulates on one core: the
# debug kernel's QEMU host runs beside it.
declare -A bg_pid bg_t0
run_suite_bg() {
	local name=$1
	shift
	bg_t0[$name]=$(date +%s)
	printf '[%s] %s (in the background)\n' "$(date +%H:%M:%S)" "$name" >&2
	"$@" > "$logs/$name.log" 2>&1 &
	bg_pid[$name]=$!
}

run_suite_wait() {
	local name=$1 rc
	wait "${bg_pid[$name]}"
	rc=$?
	collect_suite "$name" "$rc" "${bg_t0[$name]}"
}

suite_fuzz() {
	local out=$logs/fuzz-run.log
	if bash "$top/tests/fuzz/run-fuzz.sh" "$fuzz_seconds" > "$out" 2>&1; then
		echo "PASS: fuzz: exitreport reader, $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out" | grep -o '[0-9]*$') executions in ${fuzz_seconds} s, no crash"
	else
		echo "FAIL: fuzz: libFuzzer found a problem (inputs in build/exitreport/crash-*)"
		grep -m 5 -e 'ERROR' -e 'SUMMARY' "$out" | sed 's/^/    | /'
	fi
}

suite_kernel() {
	local tree patch out
	tree=$(bash "$top/kernel/build.sh" "$build") ||
		{ echo "FAIL: kernel: the series does not apply or build (see above)"; return; }
	echo "PASS: kernel: the series applies to linux-source-6.12 and builds with KVM_INTEL and KVM_AMD"
	while read -r patch; do
		# Run inside the tree, with Debian's python3 first in PATH: the SPDX
		# check needs python3-ply and python3-git.
		out=$(cd "$tree" && PATH=/usr/bin:/bin:$PATH scripts/checkpatch.pl --strict -q \
			"$top/kernel/patches/$patch" 2>&1)
		if [ -z "$out" ]; then
			echo "PASS: checkpatch --strict: $patch"
		else
			echo "FAIL: checkpatch --strict: $patch"
			echo "$out" | head -n 8 | sed 's/^/    | /'
		fi
	done < "$top/kernel/patches/series"
	echo "$tree" > "$build/kernel-tree"
}

# The key of a virtual host's run: everything that decides what happens
# inside it.  The host-side checks are not part of it: they judge the
# results again on every run.
e2e_key() {
	local host=$1 plan=$2 extra=$3 bzimage=$4 initrd=$5
	{
		echo "$host $plan $extra"
		qemu-system-x86_64 --version | head -n 1
		dpkg-query -W -f '${Version}\n' bochs 2> /dev/null || true
		cat "$bzimage" "$initrd" "$top/tests/e2e/run-l1.sh" "$top/tests/e2e/lib.sh" \
			"$top/scripts/lib.sh"
	} | key_of
}

# The stages of each virtual host.  On the test kernel's hosts exitreport
# live watches the guest stage (e2e.live=1, set in suite_e2e); the svm host
# runs the guest stage's workload four times more without live (repeat:
# exitreport diff of runs 1 and 3 vs 2 and 4 must not tell them apart),
# svm-nonp once more without nested paging; under
# Bochs the stress stage runs vmchurn's small VMs without QEMU guests (with
# two QEMU guests its first phase had not ended after 14 minutes); the debug
# kernel's host runs the project's selftest, the guest scenario and the
# stress stage.
# e2e_limit_of HOST: its default wall limit (see E2E_LIMIT above).
e2e_limit_of() {
	case $1 in
	svm | svm-nonp) echo 900 ;;
	vmx) echo 1500 ;;
	*) echo 2400 ;;
	esac
}

e2e_plan_of() {
	case $1 in
	svm) echo selftest,regress,guest,repeat,qmp,stress ;;
	vmx) echo selftest,regress,guest,qmp,stress ;;
	svm-debug) echo selftest,guest,stress ;;
	svm-nonp) echo guest ;;
	esac
}

# The debug kernel (kernel/config/debug.config), for the svm-debug host.
suite_kernel_debug() {
	local tree
	if tree=$(DEBUG=1 bash "$top/kernel/build.sh" "$build"); then
		echo "PASS: kernel-debug: the series builds with KASAN, UBSAN, lockdep and the other checkers of kernel/config/debug.config"
		echo "$tree" > "$build/kernel-debug-tree"
	else
		echo "FAIL: kernel-debug: the debug kernel does not configure or build (see above)"
	fi
}

# suite_e2e HOST: a virtual host's run and its judgement.  HOST is svm or vmx
# (the test kernel), svm-nonp (the test kernel without nested paging, judged
# against the svm host's guest recording too), or svm-debug: the SVM host on
# the debug kernel, with the test kernel's initramfs (selftests, and the test
# kernel as the guests' kernel: the debug kernel's checkers watch the host's KVM).
suite_e2e() {
	local host=$1 vendor=${1%%-*} tree out initrd key bzimage plan extra='' secs paging_on=
	out=$build/e2e/$host
	tree=$(cat "$build/kernel-tree" 2>/dev/null) ||
		{ echo "FAIL: $host: no kernel was built"; return; }
	bzimage=$tree/arch/x86/boot/bzImage plan=$(e2e_plan_of "$host")
	if [ "$host" = svm-nonp ]; then
		extra="kvm_amd.npt=0" paging_on=$build/e2e/svm
	elif [ "$host" != "$vendor" ]; then
		bzimage=$(cat "$build/kernel-debug-tree" 2>/dev/null)/arch/x86/boot/bzImage
		# On a loaded machine its guest scenario was cut at the default 240 s
		# bound, and two stress VMs of two vCPUs each did not boot in 245 s:
		# longer bounds, one QEMU VM per stress phase (beside the small ones).
		extra="e2e.guest_limit=900 e2e.stress_vms=1 e2e.stress_vm_limit=900"
		[ -f "$bzimage" ] || { echo "FAIL: $host: no debug kernel was built"; return; }
	elif [ "$host" = vmx ]; then
		# Bochs: a Linux guest's boot takes emulated minutes, so the stress
		# stage's load there is vmchurn's small VMs alone
		extra="e2e.live=1 e2e.stress_vms=0"
	else
		extra="e2e.live=1"
	fi
	secs=$(tr ' ' '\n' <<< "$stress_seconds" | sed -n "s/^$host://p")
	extra="${extra:+$extra }e2e.stress_seconds=${secs:-20}"
	if ! bash "$top/tests/e2e/build-initramfs.sh" "$tree" "$build/guest" "$build/e2e/initramfs-$vendor" \
		"$vendor" > "$logs/initramfs-$host.log" 2>&1; then
		echo "FAIL: $host: the initramfs could not be built"
		tail -n 8 "$logs/initramfs-$host.log" | sed 's/^/    | /'
		return
	fi
	initrd=$build/e2e/initramfs-$vendor/l1.cpio.gz
	key=$(e2e_key "$host" "$plan" "$extra" "$bzimage" "$initrd")
	# A run whose inputs are all unchanged since it last passed is not
	# repeated (only host-side code changed): its results are judged again.
	if [ -z "${E2E_FRESH:-}" ] && key_matches "$out/passed-key" "$key"; then
		echo "INFO: $host host: kernel, initramfs and emulator unchanged since its last passing run (key $key): its results are judged again without booting it (E2E_FRESH=1 boots it)"
	elif ! bash "$top/tests/e2e/run-l1.sh" "$vendor" "$plan" \
		"$bzimage" "$initrd" "$out" "${E2E_LIMIT:-$(e2e_limit_of "$host")}" "$extra"; then
		echo "FAIL: $host: the virtual host did not complete its run"
		return
	fi
	rm -f "$out/passed-key"
	E2E_LABEL=$host E2E_PAGING_ON=$paging_on bash "$top/tests/e2e/check-results.sh" "$vendor" "$out" |
		tee "$logs/check-$host.log"
	echo "INFO: $host host: $(cat "$out/wall-seconds") s wall; stage, rc, emulated s: $(tr '\n' ';' < "$out/stages")"
	grep -q '^FAIL:' "$logs/check-$host.log" || echo "$key" > "$out/passed-key"
}

# The kernel first in a full run: the guest programs' tests compare their
# reason names with its headers (skipped when no kernel tree is there).
[ "$unit_only" -eq 0 ] && run_suite kernel suite_kernel
# The debug kernel, when its host is to run.
[ "$unit_only" -eq 0 ] && [[ " $vendors " == *" svm-debug "* ]] &&
	run_suite kernel-debug suite_kernel_debug
# Every prefix of the series builds (a fresh tree, patch by patch).
[ "$unit_only" -eq 0 ] && run_suite series bash "$top/kernel/check-series.sh" "$build"
ksrc=$(cat "$build/kernel-tree" 2>/dev/null || echo "$build/no-kernel-tree")
run_suite unit-guest make -s -C "$top/guest" BUILD="$build/guest" KSRC="$ksrc" check
run_suite unit-exitreport make -s -C "$top/tools/exitreport" BUILD="$build/exitreport" check
run_suite unit-live bash "$top/tests/unit/run-live.sh" "$build/exitreport"
run_suite unit-live-ui bash "$top/tests/unit/run-live-ui.sh" "$build/exitreport"
run_suite unit-bench bash "$top/tests/unit/bench-report.sh" "$build/exitreport"
run_suite unit-e2e bash "$top/tests/unit/run-e2e-checks.sh"
run_suite readme env BUILD="$build" bash "$top/scripts/readme-samples.sh" --check
if [ "$unit_only" -eq 0 ]; then
	run_suite fuzz suite_fuzz
	run_suite guest-build make -s -C "$top/guest" BUILD="$build/guest"
	# svm-debug beside vmx when both run: QEMU and Bochs together fill the
	# two cores that Bochs alone leaves half idle
	parallel=0
	[[ " $vendors " == *" vmx "* && " $vendors " == *" svm-debug "* ]] && parallel=1
	for vendor in $vendors; do
		if [ "$parallel" = 1 ] && [ "$vendor" = vmx ]; then
			run_suite_bg e2e-svm-debug suite_e2e svm-debug
			run_suite e2e-vmx suite_e2e vmx
			# after svm (it compares with its recording), beside svm-debug
			[[ " $vendors " == *" svm-nonp "* ]] && run_suite e2e-svm-nonp suite_e2e svm-nonp
			run_suite_wait e2e-svm-debug
		elif [ "$parallel" = 0 ] || { [ "$vendor" != svm-debug ] && [ "$vendor" != svm-nonp ]; }; then
			run_suite "e2e-$vendor" suite_e2e "$vendor"
		fi
	done
fi

# write_timings: what the run took, for build/test-logs/timings.txt (a
# cold run's copy is tests/TIMINGS.txt, which README.md includes).
write_timings() {
	local kernel=built t
	grep -q 'cached:' "$logs/kernel.log" 2>/dev/null && kernel=cached
	[ "$unit_only" -eq 1 ] && kernel='not needed (--unit-only)'
	echo "tests/run-all.sh$([ "$unit_only" -eq 1 ] && echo ' --unit-only') on $(date -u +%Y-%m-%d)," \
		"commit $(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)," \
		"$(nproc) cores, kernel $kernel, linux-source-6.12 $(dpkg-query -W -f '${Version}' linux-source-6.12 2>/dev/null || echo none)," \
		"VENDORS=\"$vendors\""
	echo "stage timings:"
	for t in "${timings[@]}"; do
		echo "  $t"
	done
	echo "  total            $(printf '%5d' $(($(date +%s) - t_start))) s"
	grep -h '^INFO: [a-z-]* host: .* s wall' "$logs"/e2e-*.log 2>/dev/null | sed 's/; stage, rc,.*//'
	echo "$npass passed, $nfail failed, $nskip skipped"
}

write_timings > "$logs/timings.txt"
sed -n '/^stage timings:/,$p' "$logs/timings.txt" | grep -v '^INFO: '
[ "$nfail" -eq 0 ]
