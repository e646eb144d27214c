#!/bin/bash
# make demo: the main job end to end.  Builds the patched kernel, boots it as
# a virtual KVM host (VENDOR svm: QEMU; vmx: Bochs), runs Linux guests under
# QEMU/KVM inside it while perf records kvm:exit_timed and kvm:kvm_cpuid, and
# turns the recordings into reports, plots and the cross-check verdict:
#   1. a guest boot                      -> RESULTS/boot/ (by-msr.txt: its MSR exits)
#   2. the workloads, nested paging on   -> RESULTS/workloads/
#      and off (npt=0 / ept=0)           -> RESULTS/workloads-nonp/, RESULTS/nested-paging.txt
#   3. an idle guest over time           -> RESULTS/idle/
#   4. a guest boot under QEMU with a QMP socket: KVM's binary stats read by
#      exitreport stats --qmp after its power-off, checked against the
#      trace of that QEMU's life       -> RESULTS/qmp/
# Usage: scripts/demo.sh svm|vmx RESULTS_DIR
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
vendor=${1:-svm}
results=$(realpath -m "${2:-$top/results}")/$vendor
build=${BUILD:-$top/build}
exitreport=$build/exitreport/exitreport
t_start=$(date +%s)
# block_out
# shellcheck source=scripts/lib.sh
. "$top/scripts/lib.sh"

stage() { printf '\n[%s] demo: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

case "$vendor" in
svm) nonp_param=kvm_amd.npt=0 limit=900 ;;
vmx) nonp_param=kvm_intel.ept=0 limit=2400 ;;
*) echo "demo: VENDOR must be svm or vmx" >&2; exit 2 ;;
esac

# timing NAME: the seconds since the last call, as "NAME SECONDS" in the
# run's timings (RESULTS/timings.txt, written at the end)
timings=() t_last=$t_start
timing() {
	local now
	now=$(date +%s)
	timings+=("$1 $((now - t_last))")
	t_last=$now
}

stage "building the patched kernel (cached after the first time)"
tree=$(bash "$top/kernel/build.sh" "$build")
kernel_was=built
[ "$(stat -c %Y "$tree/../built")" -lt "$t_start" ] && kernel_was=cached
timing "kernel($kernel_was)"
stage "building exitreport and the guest programs"
make -s -C "$top/tools/exitreport" BUILD="$build/exitreport"
make -s -C "$top/guest" BUILD="$build/guest"
stage "building the virtual host's initramfs"
bash "$top/tests/e2e/build-initramfs.sh" "$tree" "$build/guest" "$build/demo-$vendor" "$vendor"
timing tools+initramfs

rm -rf "$results"
mkdir -p "$results"
boot_host() {
	local name=$1 plan=$2 extra=$3
	stage "booting the virtual $vendor host ($name): guests under QEMU/KVM, perf recording"
	bash "$top/tests/e2e/run-l1.sh" "$vendor" "$plan" "$tree/arch/x86/boot/bzImage" \
		"$build/demo-$vendor/l1.cpio.gz" "$build/demo-$vendor-$name" "$limit" "$extra"
	echo "    host run: $(cat "$build/demo-$vendor-$name/wall-seconds") s" >&2
	timing "host($name)"
}
boot_host paging-on guest,qmp "e2e.guests=boot:boot,e2e:workloads,idle:idle"
boot_host paging-off guest "e2e.guests=e2e:workloads $nonp_param"

# The JSON exitstat printed in block NAME of a guest's serial log.
guest_json() {
	block_out "$1" "$2" | sed -n '/^{/,/^}/p'
}

in_results() { (cd "$results" && "$@"); }

report() {
	local run=$1 name=$2 out=$results/$3
	mkdir -p "$out"
	cp "$build/demo-$vendor-$run/$name.data" "$out/perf.data"
	cp "$build/demo-$vendor-$run/$name-serial.log" "$out/guest-serial.log"
	# inside RESULTS, so that the outputs name the recording RUN/perf.data
	in_results "$exitreport" "$3/perf.data" > "$out/report.txt"
	in_results "$exitreport" --csv "$3/perf.data" > "$out/report.csv"
	in_results "$exitreport" --json "$3/perf.data" > "$out/report.json"
	in_results "$exitreport" --plot "$out/plots" "$3/perf.data" > /dev/null
	# which MSRs the exits were about (the guest stage records kvm:kvm_msr)
	in_results "$exitreport" --by msr "$3/perf.data" > "$out/by-msr.txt"
	guest_json "$out/guest-serial.log" snapshot-last > "$out/guest-last.json"
	# the guest's own table (exitstat, as a user runs it), where it printed one
	block_out "$out/guest-serial.log" table > "$out/exitstat.txt" || true
	[ -s "$out/exitstat.txt" ] || rm -f "$out/exitstat.txt"
	if [ -s "$out/guest-last.json" ]; then
		"$exitreport" --check="$out/guest-last.json" "$out/perf.data" > "$out/check.txt" 2>&1
	else
		"$exitreport" --check "$out/perf.data" > "$out/check.txt" 2>&1
	fi || { echo "demo: cross-check FAILED for $3:" >&2; tail -n 5 "$out/check.txt" >&2; return 1; }
	echo "  $3: $(grep '^check:' "$out/check.txt")"
}

# qmp: KVM's binary stats of a guest boot through QMP, the stage's table
# and JSON, and the host-side check of their deltas against the trace
qmp_stats() {
	local run=$build/demo-$vendor-paging-on out=$results/qmp
	mkdir -p "$out"
	cp "$run/qmp.data" "$out/perf.data"
	cp "$run/qmp-after.txt" "$out/stats.txt"
	cp "$run/qmp-after.json" "$out/stats.json"
	EXITREPORT=$exitreport bash "$top/tests/e2e/check-qmp.sh" "$vendor" "$run" > "$out/check.txt"
	if grep -q '^FAIL' "$out/check.txt" || ! grep -q '^PASS' "$out/check.txt"; then
		echo "demo: the QMP stats check FAILED:" >&2
		grep -v '^PASS' "$out/check.txt" | head -n 5 >&2
		return 1
	fi
	echo "  qmp: $(grep -c '^PASS' "$out/check.txt") checks of KVM's stats against the trace passed"
}

stage "reports, plots and cross-checks"
verdict=0
report paging-on boot boot || verdict=1
report paging-on workloads workloads || verdict=1
report paging-on idle idle || verdict=1
report paging-off workloads workloads-nonp || verdict=1
qmp_stats || verdict=1
# A = nested paging on, B = off: per reason, with 95% intervals of the change
# (paths relative to RESULTS: they name A and B in the outputs)
nested_paging() {
	local on=workloads/perf.data off=workloads-nonp/perf.data
	cd "$results" || return 1
	"$exitreport" diff --plot nested-paging "$on" "$off" > nested-paging.txt &&
		"$exitreport" diff --csv "$on" "$off" > nested-paging.csv &&
		"$exitreport" diff --json "$on" "$off" > nested-paging.json
}
(nested_paging)
timing reports

stage "the guest workloads, nested paging on ($vendor):"
sed -n '1,30p' "$results/workloads/report.txt"
stage "nested paging on vs off, same workloads:"
cat "$results/nested-paging.txt"
stage "done in $(($(date +%s) - t_start)) s; results in $results"
{
	echo "make demo VENDOR=$vendor, linux-source-6.12 $(dpkg-query -W -f '${Version}' linux-source-6.12 2> /dev/null || echo '?'), $(date -u +%Y-%m-%d), $(nproc) CPUs"
	printf '%s\n' "${timings[@]}"
	echo "total $(($(date +%s) - t_start))"
} > "$results/timings.txt"
find "$results" -maxdepth 2 -name '*.txt' -o -maxdepth 3 -name '*.png' | sort | sed 's/^/  /'
if [ "$verdict" -eq 0 ]; then
	echo "cross-check: OK (every CPUID reading of the guests matches the trace exactly, and so do KVM's binary stats read over QMP)"
else
	echo "cross-check: FAILED"
fi
exit "$verdict"
