# bench/part-agreement.sh: part 3 of make bench, exit_timed's per-reason
# cycles against the exit-to-entry times of kvm_exit/kvm_entry, from one
# recording holding both.  Sourced by bench/run.sh; the report functions
# (reasons_of, perf_kvm_parse, agreement_rows) also by
# tests/unit/test-bench-report.sh.
# shellcheck shell=bash disable=SC2154 # its variables are set by bench/run.sh

# "reason mean p50 p99 count" of the per-reason totals of exitreport --json
# [OPTIONS] FILE, sorted for join (names with spaces get underscores).  Its
# warnings (a vCPU's last kvm_exit has no kvm_entry) are expected here: not
# shown.
reasons_of() {
	"$exitreport" --json "$@" 2> /dev/null |
		jq -e -r '.reasons[] | "\(.name | gsub(" "; "_")) \(.mean) \(.p50) \(.p99) \(.count)"' |
		LC_ALL=C sort
}

# "reason samples avg_ns" from perf kvm stat report's table on standard
# input: "reason samples samples% time% min max avg ( +- x% )", times in us
# with two decimals.
perf_kvm_parse() {
	awk '$2 ~ /^[0-9]+$/ && $NF == ")" {
		avg = $7; sub(/us$/, "", avg); print $1, $2, avg * 1000 }' | LC_ALL=C sort
}

# perf kvm stat report prints its table on standard error.
perf_kvm_reasons() { perf kvm --input "$1" stat report 2>&1 > /dev/null | perf_kvm_parse; }

# agreement_rows MHZ TIMED STOCK PERF T: the rows of part 3's table from the
# files of reasons_of (exit_timed and --stock of S), perf_kvm_parse (S) and
# "reason mean" of exit_timed in T.  A reason missing from one source shows
# as "-" (join -e).
agreement_rows() {
	local mhz=$1
	jn() { LC_ALL=C join -a 1 -e - -o auto "$@"; }
	jn "$2" "$3" | jn - "$4" | jn - "$5" |
		awk -v f="$(awk -v m="$mhz" 'BEGIN { print 1000 / m }')" '
		function ns(c) { return (c == "-") ? "-" : sprintf("%.0f", c * f) }
		function n(x) { return (x == "-") ? "-" : sprintf("%.0f", x) }
		$5 >= 20 {
			# fields: 1 reason, 2-5 timed mean p50 p99 count, 6-9 stock mean
			# p50 p99 count, 10-11 perf kvm samples avg, 12 mean in T
			d = ($6 == "-") ? "-" : sprintf("%+.0f", $6 - $2 * f)
			r = ($6 == "-") ? "-" : sprintf("%.2f", $6 / ($2 * f))
			printf "| %s | %d | %s | %s | %s | %s | %s | %s | %s (%s) | %s | %s | %s |\n",
				$1, $5, ns($2), ns($3), ns($4), n($6), n($7), n($8), n($11), $10, d, r, ns($12)
		}'
}

part_agreement() {
	local rec=$bench/record-$key mhz
	reasons_of "$rec/all3.data" > "$work/agree-timed.txt"
	reasons_of --stock "$rec/all3.data" > "$work/agree-stock.txt"
	perf_kvm_reasons "$rec/all3.data" > "$work/agree-perf.txt"
	reasons_of "$rec/timed.data" | awk '{ print $1, $2 }' > "$work/agree-t.txt"
	mhz=$("$exitreport" --json "$rec/all3.data" | jq -r '.tsc_mhz // empty')
	echo "## 3. Agreement: exit_timed against kvm_exit -> kvm_entry, one run (S)"
	echo
	echo "Per reason with at least 20 exits in S; times in ns.  exit_timed cycles are converted"
	echo "at the host's TSC rate from the recording (${mhz:-?} MHz: under -icount shift=0 one TSC"
	echo "cycle = one ns of perf clock = one emulated instruction, so no rate error enters)."
	echo "exit-to-entry: exitreport --stock S (mean, p50, p99) and perf kvm --input S stat report"
	echo "(avg; perf prints us with two decimals).  Last column: exit_timed mean in T, the run"
	echo "that recorded exit_timed alone."
	echo
	echo "| reason | exits | exit_timed mean | p50 | p99 | exit-to-entry mean | p50 | p99 | perf kvm stat avg (exits) | to-entry minus timed (mean) | ratio | exit_timed mean in T |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
	agreement_rows "${mhz:-1000}" "$work/agree-timed.txt" "$work/agree-stock.txt" \
		"$work/agree-perf.txt" "$work/agree-t.txt"
	echo
	echo "Why they differ: bench/README.md, \"Agreement\"."
}
