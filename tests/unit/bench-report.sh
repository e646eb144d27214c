#!/bin/bash
# bench-report.sh EXITREPORT_BUILD_DIR - the report code of make bench
# (bench/part-*.sh) on small canned inputs (tests/unit/bench/, and replays of
# the fixtures), under
# Debian's default awk, mawk, when it is installed: the tables and targets
# must equal tests/unit/bench/expected.md, and the JSON readers (jq) must
# read exitreport's output of the committed fixtures.  Prints one line per
# test (PASS: / FAIL: name: why); exits 1 if any failed.
set -u
build=${1:?usage: bench-report.sh EXITREPORT_BUILD_DIR}
top=$(cd "$(dirname "$0")/../.." && pwd)
in=$top/tests/unit/bench
fix=$top/tests/fixtures/exitreport
exitreport=$build/exitreport
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
failed=0

# pass, fail (failed=1)
# shellcheck source=scripts/lib.sh
. "$top/scripts/lib.sh"

# mawk first in PATH as awk: what a fresh Debian 12 runs.
if command -v mawk > /dev/null; then
	mkdir "$work/bin" && ln -s "$(command -v mawk)" "$work/bin/awk"
	PATH=$work/bin:$PATH
fi
awk_name=$(basename "$(readlink -f "$(command -v awk)")")

# shellcheck source-path=SCRIPTDIR/../../bench
. "$top/bench/lib.sh"
. "$top/bench/part-cost.sh"
. "$top/bench/part-tools.sh"
. "$top/bench/part-agreement.sh"
. "$top/bench/part-live.sh"

# The report of every part, from the canned inputs, to one file.
report() {
	cost_samples "$in" "$in" > "$work/samples.txt"
	cost_table "$work/samples.txt" "$work/medians.txt"
	cost_targets "$work/medians.txt"
	cost_unpatched "$work/samples.txt"
	# read by tool_targets and tools_table
	# shellcheck disable=SC2034
	timings=$in/timings.txt synth_big=10000000
	cp "$in/private.txt" "$work/private.txt"
	tools_table
	tool_targets
	perf_kvm_parse < "$in/perf-kvm-stat.txt" > "$work/perf.txt"
	cat "$work/perf.txt"
	reasons_of "$fix/svm-exit_timed.data" > "$work/timed.txt"
	reasons_of --stock "$fix/svm-stock.data" > "$work/stock.txt"
	awk '{ print $1, $2 / 2 }' "$work/timed.txt" > "$work/t.txt"
	agreement_rows 2596.144 "$work/timed.txt" "$work/stock.txt" "$work/perf.txt" "$work/t.txt"
	# part 4's rows: a replay stands in for live on a host
	"$exitreport" live --replay "$fix/svm-exit_timed.data" --speed max --json \
		--openmetrics "$work/live.prom" > "$work/live.jsonl"
	live_host_rows "$fix/svm-exit_timed.data" "$work/live.prom" "$work/live.jsonl"
	# and what a live that lost events looks like
	sed 's/^kvm_exit_lost_events_total 0$/kvm_exit_lost_events_total 3/' "$work/live.prom" > "$work/lost.prom"
	live_host_rows "$fix/svm-exit_timed.data" "$work/lost.prom" "$work/live.jsonl"
}

name="bench: report tables and targets from canned inputs ($awk_name)"
if [ ! -x "$exitreport" ]; then
	fail "$name" "$exitreport not built"
elif ! report > "$work/report.md" 2> "$work/report.err"; then
	fail "$name" "the report failed: $(head -c 300 "$work/report.err")"
elif [ -s "$work/report.err" ]; then
	fail "$name" "messages on standard error: $(head -c 300 "$work/report.err")"
elif ! diff -u "$in/expected.md" "$work/report.md" > "$work/diff" 2>&1; then
	fail "$name" "differs from tests/unit/bench/expected.md: $(head -n 40 "$work/diff")"
else
	pass "$name"
fi

name="bench: exitreport's JSON read with jq (events, lost, TSC rate)"
if [ ! -x "$exitreport" ]; then
	fail "$name" "$exitreport not built"
elif e=$(events_total "$fix/svm-exit_timed.data") && l=$(lost_of "$fix/svm-exit_timed.data") &&
	m=$("$exitreport" --json "$fix/svm-exit_timed.data" | jq -r '.tsc_mhz // empty') &&
	[ "$e" = 75 ] && [ "$l" = "lost: 0 events, 0 missing exit_seq" ] && [ "$m" = 2596.144 ]; then
	pass "$name"
else
	fail "$name" "got exits '${e:-}', '${l:-}', tsc_mhz '${m:-}' (want 75, lost: 0 events, 0 missing exit_seq, 2596.144)"
fi
exit "$failed"
