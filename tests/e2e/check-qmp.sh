#!/bin/bash
# Checks the qmp stage (stage-qmp.sh): KVM's binary stats of one guest's QEMU,
# read by `exitreport stats --qmp` before the guest ran and after it powered
# off, against the kvm:exit_timed trace of that QEMU's whole life, and
# against what the guest itself read through CPUID.
#   - exit_stats_count/_cycles deltas == the trace's count and cycles per vCPU
#     and reason, exactly; exit_cycles_hist's delta == the trace's cycles put
#     into log2 buckets, exactly.  Absent while the series in kernel/patches
#     adds them: FAIL; absent and the series has no such patch: SKIP.
#   - KVM's stock `exits` delta compared with the trace's exit count per vCPU.
#   - the guest's CPUID readings: exitreport --check on the trace, and the
#     guest's last snapshot within the stats' deltas.
# Prints PASS/FAIL/SKIP lines like check-results.sh.
# Usage: check-qmp.sh svm|vmx OUT_DIR
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
vendor=$1 out=$2
exitreport=${EXITREPORT:-$top/build/exitreport/exitreport}
data=$out/qmp.data serial=$out/qmp-serial.log
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2034 # read by pass, fail, skip (scripts/lib.sh)
result_prefix="$vendor: qmp: "

rc=$(awk '$1 == "qmp" { print $2 }' "$out/stages" 2>/dev/null)
if [ "$rc" != 0 ] || ! grep -q 'E2E-GUEST done' "$serial" 2>/dev/null; then
	fail "the guest with a QMP socket did not run to its end" "stage rc ${rc:-none}"
	e2e_tail "$out/qmp.log" 15
	exit 0
fi
pass "guest ran paused (-S), continued over QMP and stopped at power-off (-no-shutdown)"

# the trace: per "vcpu reason count cycles", and per vCPU
if ! "$exitreport" --json "$data" > "$work/trace.json" 2> "$work/trace.err"; then
	fail "exitreport cannot read the trace" "$(head -n 1 "$work/trace.err")"
	exit 0
fi
if [ "$(jq -r '.lost.any' "$work/trace.json")" != false ] || [ "$(jq '.vms | length' "$work/trace.json")" != 1 ]; then
	fail "the trace is lossy or not of one VM" "$(jq -c '{lost, vms: (.vms | length)}' "$work/trace.json")"
	exit 0
fi
jq -r '.vms[0].vcpus[] | .vcpu as $v | .reasons[] | "\($v) \(.reason) \(.count) \(.total)"' "$work/trace.json" | sort > "$work/trace.rows"
jq -r '.vms[0].vcpus[] | "\(.vcpu) \(.exits)"' "$work/trace.json" | sort > "$work/trace.vcpus"
exits=$(jq -r '.exits' "$work/trace.json")
pid=$(jq -r '.vms[0].pid' "$work/trace.json")

# ROWS of exitreport stats --json: "vcpu reason count total" of AFTER - BEFORE
qmp_delta_rows() {
	jq -r -n --slurpfile a "$1" --slurpfile b "$2" '
	  def rows(d): [d.vms[]?.vcpus[] | .vcpu as $v | .reasons[] | {key: "\($v) \(.reason)", value: [.count, .total]}] | from_entries;
	  (rows($a[0])) as $x | rows($b[0]) | to_entries[] |
	  "\(.key) \(.value[0] - ($x[.key][0] // 0)) \(.value[1] - ($x[.key][1] // 0))"' | awk '$3 != 0 || $4 != 0' | sort
}

series_adds=$(grep -l 'exit_stats_count' "$top"/kernel/patches/*.patch 2>/dev/null | head -n 1)
before_rc=$(cat "$out/qmp-before.rc" 2>/dev/null) after_rc=$(cat "$out/qmp-after.rc" 2>/dev/null)
if [ "$before_rc" = 0 ] && [ "$after_rc" = 0 ]; then
	qmp_delta_rows "$out/qmp-before.json" "$out/qmp-after.json" > "$work/qmp.rows"
	if [ -s "$work/trace.rows" ] && cmp -s "$work/qmp.rows" "$work/trace.rows"; then
		pass "exit_stats_count/_cycles deltas == the trace per vCPU and reason, exactly ($exits exits, $(wc -l < "$work/trace.rows") reasons)"
	else
		fail "exit_stats deltas differ from the trace" "$(diff "$work/trace.rows" "$work/qmp.rows" | grep '^[<>]' | head -n 6 | tr '\n' '|')"
	fi
	# the trace's cycles in KVM's log2 buckets: 0 -> 0, else fls64 (bucket 31 from 2^30)
	perf script -i "$data" -F event,trace 2>/dev/null | awk '
		$1 == "kvm:exit_timed:" { for (i = 2; i < NF; i++) if ($i == "cycles") { c = $(i + 1) + 0; b = 0
			while (c >= 1 && b < 31) { c = int(c / 2); b++ } n[b]++ } }
		END { for (b = 0; b < 32; b++) printf "%s%d", b ? " " : "", n[b] + 0; print "" }' > "$work/trace.hist"
	jq -r -n --slurpfile a "$out/qmp-before.json" --slurpfile b "$out/qmp-after.json" '
	  [range(32) as $i | ($b[0].vms[0].log2_hist[$i] // 0) - ($a[0].vms[0].log2_hist[$i] // 0)] | join(" ")' > "$work/qmp.hist"
	if [ "$(tr ' ' '+' < "$work/trace.hist" | bc)" = "$exits" ] && cmp -s "$work/trace.hist" "$work/qmp.hist"; then
		pass "exit_cycles_hist delta == the trace's cycles in log2 buckets, exactly"
	else
		fail "exit_cycles_hist delta differs from the trace" "trace $(cat "$work/trace.hist") qmp $(cat "$work/qmp.hist")"
	fi
elif [ -n "$series_adds" ]; then
	fail "the series adds exit_stats_count ($(basename "$series_adds")) but exitreport stats could not read it" \
		"before rc ${before_rc:-none}: $(head -c 200 "$out/qmp-before.err" 2>/dev/null); after rc ${after_rc:-none}"
else
	skip "exit_stats_count/_cycles/hist vs the trace" "no patch in kernel/patches adds them yet ($(head -c 160 "$out/qmp-after.err" 2>/dev/null))"
fi

# KVM's stock exits counter against the trace, per vCPU
if [ "$(cat "$out/qmp-before-stock.rc" 2>/dev/null)" = 0 ] && [ "$(cat "$out/qmp-after-stock.rc" 2>/dev/null)" = 0 ]; then
	jq -r -n --slurpfile a "$out/qmp-before-stock.json" --slurpfile b "$out/qmp-after-stock.json" '
	  ([$a[0].vms[0].vcpus[] | {key: "\(.vcpu)", value: .exits}] | from_entries) as $x |
	  $b[0].vms[0].vcpus[] | "\(.vcpu) \(.exits - ($x["\(.vcpu)"] // 0))"' | awk '$2 != 0' | sort > "$work/stock.vcpus"
	before=$(jq -r '[.vms[0].vcpus[].exits] | add' "$out/qmp-before-stock.json")
	if cmp -s "$work/stock.vcpus" "$work/trace.vcpus"; then
		pass "KVM's stock 'exits' delta == the trace's exit_timed count per vCPU, exactly ($exits; $before before cont)"
	else
		fail "KVM's stock 'exits' delta differs from the trace" "stock $(tr '\n' ' ' < "$work/stock.vcpus")trace $(tr '\n' ' ' < "$work/trace.vcpus")($before before cont)"
	fi
	qpid=$(jq -r '.vms[0].pid' "$out/qmp-after-stock.json")
	[ "$qpid" = "$pid" ] && pass "the QMP peer (SO_PEERCRED) is the traced QEMU, pid $pid" ||
		fail "the QMP peer is pid $qpid, the trace's VM pid $pid"
else
	fail "exitreport stats --stock failed" "$(head -c 200 "$out/qmp-after-stock.err" 2>/dev/null)"
fi

# the guest's own readings: every kvm_cpuid reading of the leaves against the trace
if "$exitreport" --check "$data" > "$work/check.txt" 2>&1; then
	pass "the guest's CPUID readings equal the trace ($(grep -m1 '^check:' "$work/check.txt" | cut -c8-))"
else
	fail "the guest's CPUID readings vs the trace" "$(grep -m1 '^check:' "$work/check.txt" || tail -n 1 "$work/check.txt")"
fi
# and its last snapshot (exitstat --json --all) within what the VM did in all
block_out "$serial" snapshot-last | sed -n '/^{/,/^}/p' > "$work/guest.json"
if jq -e '.reasons | length > 0' "$work/guest.json" > /dev/null 2>&1; then
	rows=$work/trace.rows
	[ -s "$work/qmp.rows" ] 2>/dev/null && rows=$work/qmp.rows
	over=$(jq -r '.reasons[] | "\(.reason) \(.count)"' "$work/guest.json" |
		awk 'NR == FNR { n[$2] += $3; next } $2 > (n[$1] + 0) { print $1 ": guest " $2 " > " (n[$1] + 0) }' "$rows" - | head -n 3)
	[ -z "$over" ] && pass "the guest's last snapshot is within the VM's exits per reason ($(basename "$rows" .rows))" ||
		fail "the guest read more exits than the VM had" "$over"
else
	fail "no snapshot-last block of exitstat --json in the guest's serial log"
fi
