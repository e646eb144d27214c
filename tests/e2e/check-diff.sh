#!/bin/bash
# Judges `exitreport diff` on two recordings of the virtual hosts' guests and
# prints PASS/FAIL lines like check-results.sh:
#   check-diff.sh same VENDOR A B     two runs of one workload on one host
#                                     (the guest and repeat stages): no row
#                                     significant in any scope among the
#                                     reasons the workload drives; the ones
#                                     whose handling is the host's own work
#                                     (external interrupts; MSR writes, which
#                                     program the host's timers; HLT, whose
#                                     cycles are the wait for the next
#                                     interrupt) are named in an INFO line:
#                                     their medians moved by 22% to 100%
#                                     between two runs in one boot, beyond
#                                     any band
#   check-diff.sh paging svm A B      the same workload with nested paging (A)
#                                     and without it (B, kvm_amd.npt=0): the
#                                     shadow-paging reasons appear and NPF
#                                     disappears, each significant; the rest
#                                     is left to the table
# The diff's JSON is kept beside B (B's name with .diff.json).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
what=$1 vendor=$2 a=$3 b=$4
exitreport=${EXITREPORT:-$top/build/exitreport/exitreport}
json=${b%.data}.diff.json

# shellcheck disable=SC2034 # read by pass, fail, skip (scripts/lib.sh)
result_prefix="${E2E_LABEL:-$vendor}: "

if ! "$exitreport" diff --json "$a" "$b" > "$json" 2> "$json.err"; then
	fail "exitreport diff $(basename "$a") $(basename "$b"): $(head -n 1 "$json.err")"
	rm -f "$json.err"
	exit 0
fi
rm -f "$json.err"

# "name a-count b-count flags" of the all-VMs scope, flags rate/mean/-
rows() {
	jq -r '.scopes[0].reasons[] | "\(.name | gsub(" "; "_")) \(.a.count // 0) \(.b.count // 0) \(
		[if .significant.rate then "rate" else empty end, if .significant.p50 then "p50" else empty end]
		| if length == 0 then "-" else join("+") end)"' "$json"
}

case $what in
same)
	case $vendor in
	svm) host_driven='["interrupt", "msr", "hlt"]' ;;
	*) host_driven='["EXTERNAL_INTERRUPT", "MSR_WRITE", "HLT"]' ;;
	esac
	sig=$(jq --argjson h "$host_driven" '[.scopes[].reasons[] | select(.significant.any and
		(.name as $n | $h | index($n) | not))] | length' "$json")
	hsig=$(jq -r --argjson h "$host_driven" '[.scopes[0].reasons[] | select(.significant.any and
		(.name as $n | $h | index($n))) | "\(.name) p50 \(.a.p50)->\(.b.p50)"] | join(", ")' "$json")
	# the largest changes of a median and of a rate where both sides have an
	# interval, in percent of A, among the reasons the workload drives: what
	# the --min-change band has to absorb
	worst=$(jq -r --argjson h "$host_driven" '[.scopes[0].reasons[] | select(.a and .b and .p50.lo != null and
		(.name as $n | $h | index($n) | not))] |
		"p50 \([.[] | select(.a.p50 > 0) | (.p50.diff / .a.p50 * 100) | fabs] | max // 0 | . * 10 | round / 10)%, rate \(
		[.[] | select(.a.rate > 0) | (.rate.diff / .a.rate * 100) | fabs] | max // 0 | . * 10 | round / 10)%"' "$json")
	n=$(jq '.scopes[0].reasons | length' "$json")
	if [ "$sig" = 0 ] && [ "$n" -gt 0 ]; then
		pass "diff of two runs of the same workload: no significant row among the reasons it drives ($n reasons; largest changes: $worst; --min-change $(jq '.method.min_change_pct' "$json")%)"
	else
		fail "diff of two runs of the same workload: $sig significant rows among the reasons it drives ($n reasons; largest changes: $worst): $(rows | awk '$4 != "-" { printf "%s %s->%s %s; ", $1, $2, $3, $4 }')"
	fi
	[ -z "$hsig" ] || echo "INFO: ${result_prefix}diff of two runs of the same workload: flagged where the host's own work varies between runs, not counted: $hsig"
	;;
paging)
	[ "$vendor" = svm ] || { fail "check-diff.sh paging: the expected reasons are known for svm only"; exit 0; }
	# appear without NPT: the guest's page faults, INVLPGs and CR3 writes
	# go to KVM's shadow paging; NPF goes
	got=$(rows | awk '
		$1 == "PF_excp" || $1 == "invlpg" || $1 == "write_cr3" { print $1, ($2 == 0 && $3 > 0 && $4 ~ /rate/ ? "new" : "not-new:" $2 "->" $3 ":" $4) }
		$1 == "npf" { print $1, ($2 > 0 && $3 == 0 && $4 ~ /rate/ ? "gone" : "not-gone:" $2 "->" $3 ":" $4) }' | sort)
	want=$(printf '%s\n' "PF_excp new" "invlpg new" "npf gone" "write_cr3 new")
	if [ "$got" = "$want" ]; then
		pass "diff of nested paging on vs off: PF excp, invlpg, write_cr3 new and npf gone, each significant ($(jq '.scopes[0].significant' "$json") significant rows, $(jq '.a.exits' "$json") -> $(jq '.b.exits' "$json") exits)"
	else
		fail "diff of nested paging on vs off: got '$(echo "$got" | tr '\n' ';')', expected '$(echo "$want" | tr '\n' ';')'"
	fi
	;;
*) echo "usage: check-diff.sh same|paging VENDOR A B" >&2; exit 2 ;;
esac
