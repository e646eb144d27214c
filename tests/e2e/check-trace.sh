#!/bin/bash
# Checks a guest run recorded in the virtual host: the trace (perf.data of
# kvm:exit_timed + kvm:kvm_cpuid) against what the guest read through the
# CPUID leaves, and the guest workloads against their known exit counts.
# Prints PASS/FAIL/SKIP lines like check-results.sh.
# Usage: check-trace.sh svm|vmx PERF_DATA GUEST_SERIAL_LOG
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
vendor=$1 data=$2 serial=$3
exitreport=${EXITREPORT:-$top/build/exitreport/exitreport}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pass() { echo "PASS: $vendor: $*"; }
fail() { echo "FAIL: $vendor: $*"; }

# The output of one "@@BEGIN name" ... "@@END name" block of the scenario.
block() {
	tr -d '\r' < "$serial" | sed -n "/^@@BEGIN $1\$/,/^@@END $1 /p" | sed '1d;$d'
}

# Prints the JSON part of a block (exitstat's output follows the workload's).
block_json() {
	block "$1" | sed -n '/^{/,/^}/p'
}

# The count of REASON in exitstat's delta JSON of block NAME.
delta_count() {
	block_json "$1" | jq -r --arg r "$2" '[.reasons[] | select(.name == $r) | .count] | add // 0'
}

# 1. perf itself: every exit_timed event, with no gap in any vCPU's exit_seq.
perf script -i "$data" -F pid,event,trace > "$work/script.txt" 2> "$work/script.err" ||
	{ fail "perf script cannot read the recording: $(tail -n 1 "$work/script.err")"; exit 0; }
events=$(grep -c 'kvm:exit_timed:' "$work/script.txt")
gaps=$(awk '$2 == "kvm:exit_timed:" {
		key = $1 "/" $4; seq = $(NF) + 0
		if (key in last && seq != last[key] + 1) gaps++
		last[key] = seq
	} END { print gaps + 0 }' "$work/script.txt")
if [ "$events" -gt 0 ] && [ "$gaps" -eq 0 ]; then
	pass "trace: $events kvm:exit_timed events, exit_seq without gaps (perf script)"
else
	fail "trace: $events kvm:exit_timed events, $gaps gaps in exit_seq (perf script)"
fi

# 2. Independently of exitreport: at every read of leaf 0x4FFFFFFF the guest
# got the number of exits traced so far plus the CPUID exit being handled,
# and the sum of their cycles (EAX/EDX: exits, EBX/ECX: cycles).
awk '
	function hex(s,    i, v) {
		v = 0
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	$2 == "kvm:exit_timed:" { n[$1]++; cyc[$1] += $(NF - 2) }
	$2 == "kvm:kvm_cpuid:" && $4 == "4fffffff" {
		reads++
		sub(/,$/, "", $14)
		got_n = hex($14) * 4294967296 + hex($8)
		got_c = hex($10) * 4294967296 + hex($12)
		if (got_n != n[$1] + 1 || got_c != cyc[$1]) {
			bad++
			if (bad <= 3) printf "    | read %d: guest got %.0f exits/%.0f cycles, trace says %.0f/%.0f\n", reads, got_n, got_c, n[$1] + 1, cyc[$1]
		}
	}
	END { printf "%d %d\n", reads, bad + 0 > "/dev/stderr" }' "$work/script.txt" 2> "$work/totals" > "$work/totals.why"
read -r reads bad < "$work/totals"
if [ "$reads" -gt 0 ] && [ "$bad" -eq 0 ]; then
	pass "trace vs guest: all $reads reads of 0x4FFFFFFF equal the traced exits and cycles (awk over perf script)"
else
	fail "trace vs guest: $bad of $reads reads of 0x4FFFFFFF differ from the trace"
	cat "$work/totals.why"
fi

# 3. exitreport's exact check of every leaf read, and of the guest's
# exitstat snapshots, against the trace.
for snap in snapshot-first snapshot-last; do
	block_json "$snap" > "$work/$snap.json"
	if "$exitreport" --check="$work/$snap.json" "$data" > "$work/check.txt" 2>&1; then
		pass "exitreport --check ($snap): $(grep '^check:' "$work/check.txt" | cut -c8-)"
	else
		fail "exitreport --check ($snap) failed"
		e2e_tail "$work/check.txt" 12
	fi
done

# 4. The workloads: the difference between "exitload X N" and "exitload X 0"
# in exitstat's delta is exactly N exits of the workload's reason.  SVM has
# one reason for RDMSR and WRMSR, and the guest's timer writes an MSR now
# and then, so there the MSR difference is allowed a slack of 10.
case "$vendor" in
vmx) cpuid=CPUID io=IO_INSTRUCTION msr=MSR_READ slack=0 ;;
svm) cpuid=cpuid io=io msr=msr slack=10 ;;
esac
for spec in "cpuid 2000 $cpuid 0" "pio 500 $io 0" "msr 300 $msr $slack"; do
	set -- $spec
	zero=$(delta_count "delta-$1-0" "$3") n=$(delta_count "delta-$1-$2" "$3")
	diff=$((${n:-0} - ${zero:-0} - $2))
	if [ -n "$n" ] && [ -n "$zero" ] && [ "${diff#-}" -le "$4" ]; then
		pass "guest: exitload $1 $2 causes $2 $3 exits (exitstat delta $n - $zero; slack $4)"
	else
		fail "guest: exitload $1 $2: exitstat delta of $3 is '$n' - '$zero', expected a difference of $2 (slack $4)"
		block "delta-$1-$2" | grep -v '^ *[{}"]' | head -n 3 | sed 's/^/    | /'
	fi
done
exit 0
