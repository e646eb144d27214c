#!/bin/bash
# Judges `exitreport diff` on recordings of the virtual hosts' guests and
# prints PASS/FAIL lines like check-results.sh:
#   check-diff.sh same VENDOR A... vs B...
#                                     runs of one workload on one host (the
#                                     repeat stage, odd runs vs even runs):
#                                     no row significant in any scope.  Two
#                                     single runs differ by more than their
#                                     samples say (the host's interrupts,
#                                     timers and load: medians 22% to 100%
#                                     apart in one boot); with two runs a
#                                     side the intervals take in the spread
#                                     between runs
#   check-diff.sh paging svm A B      the same workload with nested paging (A)
#                                     and without it (B, kvm_amd.npt=0): the
#                                     shadow-paging reasons appear and NPF
#                                     disappears, each significant; the rest
#                                     is left to the table
# The diff's JSON is kept beside the last input (its name with .diff.json).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
what=$1 vendor=$2
shift 2
inputs=("$@")
last=${inputs[${#inputs[@]}-1]}
exitreport=${EXITREPORT:-$top/build/exitreport/exitreport}
json=${last%.data}.diff.json

# shellcheck disable=SC2034 # read by pass, fail, skip (scripts/lib.sh)
result_prefix="${E2E_LABEL:-$vendor}: "

if ! "$exitreport" diff --json "${inputs[@]}" > "$json" 2> "$json.err"; then
	fail "exitreport diff $(for i in "${inputs[@]}"; do basename "$i"; done | tr '\n' ' '): $(head -n 1 "$json.err")"
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
	# the largest changes of a median and of a rate where both sides have an
	# interval, in percent of A: what the intervals had to take in
	worst=$(jq -r '[.scopes[0].reasons[] | select(.a and .b and .p50.lo != null)] |
		"p50 \([.[] | select(.a.p50 > 0) | (.p50.diff / .a.p50 * 100) | fabs] | max // 0 | . * 10 | round / 10)%, rate \(
		[.[] | select(.a.rate > 0) | (.rate.diff / .a.rate * 100) | fabs] | max // 0 | . * 10 | round / 10)%"' "$json")
	sig=$(jq '[.scopes[].significant] | add' "$json")
	n=$(jq '.scopes[0].reasons | length' "$json")
	runs=$(jq -r '[.a.runs, .b.runs] | map(length | if . == 1 then "1 run" else "\(.) runs" end) | join(" vs ")' "$json")
	if [ "$sig" = 0 ] && [ "$n" -gt 0 ]; then
		pass "diff of $runs of the same workload: no significant row in any scope ($n reasons; largest changes: $worst; --min-change $(jq '.method.min_change_pct' "$json")%$(jq -r '.method.between_runs_tests // empty | "; \(.) tests share the 95% level"' "$json"))"
	else
		fail "diff of $runs of the same workload: $sig significant rows ($n reasons; largest changes: $worst): $(rows | awk '$4 != "-" { printf "%s %s->%s %s; ", $1, $2, $3, $4 }')"
	fi
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
*) echo "usage: check-diff.sh same|paging VENDOR A B | A... vs B..." >&2; exit 2 ;;
esac
