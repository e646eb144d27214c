# exitreport_diff.sh - tests of `exitreport diff`, sourced by run-exitreport.sh
# (uses its ER, MK, TMP, FIX, pass, fail, skip).
# shellcheck shell=bash disable=SC2015 # "A && pass ... || fail ...": pass ends in an assignment, always true
#
#   null      a real recording split at random into two halves (the same
#             workload twice): no significant difference anywhere
#   known     synthetic A/B with one reason slower, one more frequent and slower, one
#             new: exactly those flagged, for the expected reason (p50 / rate)
#   vms       two VMs of two vCPUs, other pids in B: paired, and only the changed vCPU flagged
#   agree     table, CSV and JSON name the same rows, counts and flags; a diff of
#             JSON reports has the counts and rate intervals of the perf.data diff
#   hostile   missing input, wrong JSON, mixed units: one line, status 2
#   band      a 3% slower median over 4000 exits: significant with --min-change 0,
#             not with the default 10%; a 20% slower one is, by default
#   runs      A1 A2 vs B1 B2: runs that differ between them by 16% (a single
#             run a side is flagged) are not told apart; a 60% slower reason
#             among such runs is, and nothing else; the outputs agree; bad
#             sides are refused in one line
#   e2e       tests/e2e/check-diff.sh, the virtual hosts' judge of diff: same
#             and paging pass on what they should and fail on the others

# SCN file of half the exits of recording $1 (half $2: 0 or 1), chosen at random
# with a fixed generator (the workload may alternate, so odd/even is no null),
# exit_seq renumbered so the halves lose nothing
split_recording() {
	local data=$1 parity=$2 map
	map=$("$ER" --csv "$data" 2>/dev/null | awk -F, '$1 == "total" {
		n = $7; gsub(/"/, "", n); printf "%s=%s:%d ", n, $5 == "vmx" ? 1 : 2, $6 }')
	echo "events exit_timed"
	perf script --ns -F pid,tid,cpu,time,trace -i "$data" 2>/dev/null | awk -v map="$map" -v parity="$parity" '
	BEGIN { n = split(map, m, " "); for (i = 1; i <= n; i++) { split(m[i], kv, "="); split(kv[2], ir, ":"); isa[kv[1]] = ir[1]; num[kv[1]] = ir[2] } }
	/ vcpu [0-9]+ reason / {
		split($1, pt, "/"); cpu = $2; gsub(/[\[\]]/, "", cpu); t = $3; sub(/:$/, "", t)
		split(t, ts, ".")
		for (i = 4; i <= NF; i++) {
			if ($i == "vcpu") v = $(i + 1); if ($i == "reason") r = $(i + 1)
			if ($i == "cycles") c = $(i + 1); if ($i == "seq") s = $(i + 1)
		}
		if (!(r in num)) { print "unknown reason " r > "/dev/stderr"; exit 1 }
		x = (x * 1103515245 + 12345) % 2147483648	# a fixed random split
		if (int(x / 1073741824) != parity) next
		printf "exit time=%s%s pid=%s tid=%s cpu=%d vcpu=%s isa=%s reason=%s cycles=%s seq=%d\n",
			ts[1], ts[2], pt[1], pt[2], cpu, v, isa[r], num[r], c, ++seq[pt[1] "," v]
	}'
}

# deterministic synthetic runs: $1 = a or b
synthetic_run() {
	awk -v side="$1" 'BEGIN {
		print "events exit_timed"
		print "cpudesc Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz"
		x = 12345; seq = 0; t = 1000000000
		for (i = 0; i < 1000; i++) {
			x = (x * 1103515245 + 12345) % 2147483648; u = x / 2147483648
			if (i % 10 < 5)      { r = 10; c = 1000 + int(200 * u) }	# CPUID, same
			else if (i % 10 < 8) { r = 48; c = 3000 + int(1000 * u)	# EPT_VIOLATION
			                       if (side == "b") c = c * 2 }		# twice slower in B
			else                 { r = 30; c = 500 + int(200 * u) }	# IO_INSTRUCTION, same
			t += 1000000
			printf "exit time=%d pid=500 tid=501 cpu=0 vcpu=0 isa=1 reason=%d cycles=%d seq=%d\n", t, r, c, ++seq
			if (side == "b" && r == 30)	# IO_INSTRUCTION: twice as many in B, twice slower
				printf "exit time=%d pid=500 tid=501 cpu=0 vcpu=0 isa=1 reason=30 cycles=%d seq=%d\n", t + 300, 2 * c, ++seq
			if (side == "b" && i % 20 == 10)	# 50 EXTERNAL_INTERRUPT only in B
				printf "exit time=%d pid=500 tid=501 cpu=0 vcpu=0 isa=1 reason=1 cycles=%d seq=%d\n", t + 500, 800 + i % 7, ++seq
		}
	}'
}

# "name flag" lines of the all-VMs scope, sorted, from each output
flags_json() { jq -r '.scopes[0].reasons[] | "\(.name) \(if .significant.rate and .significant.p50 then "rate+p50" elif .significant.rate then "rate" elif .significant.p50 then "p50" else "-" end)"' "$1" | sort; }
flags_csv() { awk -F, 'NR > 1 && $1 == "total" { n = $5; gsub(/"/, "", n); print n, ($34 == "" ? "-" : $34) }' "$1" | sort; }
rows_csv() { awk -F, 'NR > 1 { n = $5; gsub(/"/, "", n); print $1 "|" $4 "|" n "|" $7 "|" $8 "|" $22 "|" $23 "|" $34 }' "$1" | norm_rows; }
rows_json() { jq -r '.scopes[] as $s | $s.reasons[] | "\($s.scope)|\($s.vcpu // "")|\(.name)|\(.a.count // 0)|\(.b.count // 0)|\(.mean.lo // "")|\(.mean.hi // "")|\(if .significant.rate and .significant.p50 then "rate+p50" elif .significant.rate then "rate" elif .significant.p50 then "p50" else "" end)"' "$1" | norm_rows; }
# both outputs print 3 decimals; compare the numbers, not their spelling
norm_rows() { awk -F'|' -v OFS='|' '{ for (i = 6; i <= 7; i++) if ($i != "") $i = sprintf("%.3f", $i); print }' | sort; }
# table: "name countA countB sig" of the all-VMs scope ("-" for absent)
flags_table() {
	awk '/^all VMs:/ { on = 1; next } on && /^$/ { exit } on && $1 != "reason" { print $1, ($NF == "*" ? "*" : "-") }' "$1" | sort
}

diff_null() {
	local f name sig
	for f in "$FIX"/svm-exit_timed.data "$FIX"/vmx-exit_timed.data; do
		name=$(basename "$f" .data)
		if ! split_recording "$f" 0 > "$TMP/$name-h0.scn" || ! split_recording "$f" 1 > "$TMP/$name-h1.scn" ||
		   ! "$MK" "$TMP/$name-h0.data" < "$TMP/$name-h0.scn" || ! "$MK" "$TMP/$name-h1.data" < "$TMP/$name-h1.scn"; then
			fail "diff: null $name" "could not split the recording"; continue
		fi
		if ! "$ER" diff --json "$TMP/$name-h0.data" "$TMP/$name-h1.data" > "$TMP/$name-null.json"; then
			fail "diff: null $name" "exitreport diff failed"; continue
		fi
		sig=$(jq '[.scopes[].significant] | add' "$TMP/$name-null.json")
		n=$(jq '.a.exits + .b.exits' "$TMP/$name-null.json")
		if [ "$n" != "$(report_exit_count "$f")" ]; then
			fail "diff: null $name" "the halves hold $n exits, the recording $(report_exit_count "$f")"
		elif [ "$sig" = 0 ]; then
			pass "diff: null $name (two random halves: 0 significant)"
		else
			fail "diff: null $name" "$sig significant rows: $(flags_json "$TMP/$name-null.json" | grep -v ' -$' | tr '\n' ' ')"
		fi
	done
}

diff_known() {
	local want got
	synthetic_run a > "$TMP/syn-a.scn" && synthetic_run b > "$TMP/syn-b.scn" &&
		"$MK" "$TMP/syn-a.data" < "$TMP/syn-a.scn" && "$MK" "$TMP/syn-b.data" < "$TMP/syn-b.scn" ||
		{ fail "diff: known changes" "mkperfdata failed"; return; }
	"$ER" diff --json "$TMP/syn-a.data" "$TMP/syn-b.data" > "$TMP/syn.json" &&
		"$ER" diff --csv "$TMP/syn-a.data" "$TMP/syn-b.data" > "$TMP/syn.csv" &&
		"$ER" diff "$TMP/syn-a.data" "$TMP/syn-b.data" > "$TMP/syn.txt" ||
		{ fail "diff: known changes" "exitreport diff failed"; return; }
	want=$(printf '%s\n' "CPUID -" "EPT_VIOLATION p50" "EXTERNAL_INTERRUPT rate" "IO_INSTRUCTION rate+p50")
	got=$(flags_json "$TMP/syn.json")
	[ "$got" = "$want" ] && pass "diff: known changes flagged exactly (JSON)" ||
		fail "diff: known changes (JSON)" "got: $(echo "$got" | tr '\n' '|')"
	got=$(flags_csv "$TMP/syn.csv")
	[ "$got" = "$want" ] && pass "diff: known changes flagged exactly (CSV)" ||
		fail "diff: known changes (CSV)" "got: $(echo "$got" | tr '\n' '|')"
	got=$(flags_table "$TMP/syn.txt")
	want=$(printf '%s\n' "CPUID -" "EPT_VIOLATION *" "EXTERNAL_INTERRUPT *" "IO_INSTRUCTION *")
	[ "$got" = "$want" ] && pass "diff: known changes flagged exactly (table)" ||
		fail "diff: known changes (table)" "got: $(echo "$got" | tr '\n' '|')"
	# rows by |impact|: CPUID's share falls most (its cycles do not change, the others grow)
	if [ "$(jq -r '.scopes[0].reasons[0].name' "$TMP/syn.json")" = CPUID ] &&
	   [ "$(jq '[.scopes[0].reasons[].impact | fabs] | . == (sort | reverse)' "$TMP/syn.json")" = true ]; then
		pass "diff: rows sorted by impact"
	else
		fail "diff: rows sorted by impact" "$(jq -c '[.scopes[0].reasons[] | [.name, .impact]]' "$TMP/syn.json")"
	fi
	# every CSV line has the header's number of fields (names are quoted, flags have no comma)
	if [ "$(awk -F, '{ print NF }' "$TMP/syn.csv" | sort -u)" = 34 ]; then
		pass "diff: CSV lines all have 34 fields"
	else
		fail "diff: CSV fields" "field counts: $(awk -F, '{ print NF }' "$TMP/syn.csv" | sort -u | tr '\n' ' ')"
	fi
}

# two VMs of two vCPUs each side, pids differing between the runs: only vCPU 1 of
# the second VM is three times slower in B
multi_vm_run() {
	awk -v side="$1" 'BEGIN {
		print "events exit_timed"; t = 1000000000
		for (i = 0; i < 400; i++) {
			pid = (i % 2) ? 300 : 200; if (side == "b") pid += 5
			v = int(i / 2) % 2; c = 1000 + (i * 37) % 500
			if (side == "b" && pid == 305 && v == 1) c *= 3
			t += 1000
			printf "exit time=%d pid=%d tid=%d cpu=0 vcpu=%d isa=1 reason=10 cycles=%d seq=%d\n", t, pid, pid + 1 + v, v, c, ++seq[pid, v]
		}
	}'
}

diff_multi_vm() {
	local got want
	multi_vm_run a > "$TMP/mv-a.scn" && multi_vm_run b > "$TMP/mv-b.scn" &&
		"$MK" "$TMP/mv-a.data" < "$TMP/mv-a.scn" && "$MK" "$TMP/mv-b.data" < "$TMP/mv-b.scn" ||
		{ fail "diff: VMs and vCPUs" "mkperfdata failed"; return; }
	got=$("$ER" diff --json "$TMP/mv-a.data" "$TMP/mv-b.data" | jq -r '.scopes[] | "\(.scope) \(.pid_a // "-") \(.pid_b // "-") \(.vcpu // "-") \(.significant)"')
	# the total's median moves by 6% (a quarter of its exits are slower),
	# inside the 10% band; the slower VM's and vCPU's by far more
	want='total - - - 0
vm 200 205 - 0
vcpu 200 205 0 0
vcpu 200 205 1 0
vm 300 305 - 1
vcpu 300 305 0 0
vcpu 300 305 1 1'
	[ "$got" = "$want" ] && pass "diff: VMs paired in pid order, vCPUs by id; only the slower vCPU and its VM flagged" ||
		fail "diff: VMs and vCPUs" "got: $(echo "$got" | tr '\n' '|')"
}

diff_agree() {
	local f got
	for f in "$FIX"/svm-exit_timed.data:"$FIX"/vmx-exit_timed.data "$TMP/syn-a.data:$TMP/syn-b.data"; do
		"$ER" diff --csv "${f%%:*}" "${f#*:}" > "$TMP/agree.csv" && "$ER" diff --json "${f%%:*}" "${f#*:}" > "$TMP/agree.json" ||
			{ fail "diff: outputs agree" "exitreport diff failed on $f"; continue; }
		if [ "$(rows_csv "$TMP/agree.csv")" = "$(rows_json "$TMP/agree.json")" ] && [ -n "$(rows_csv "$TMP/agree.csv")" ]; then
			pass "diff: CSV and JSON agree ($(basename "${f%%:*}") vs $(basename "${f#*:}"))"
		else
			fail "diff: CSV and JSON agree" "$(diff <(rows_csv "$TMP/agree.csv") <(rows_json "$TMP/agree.json") | head -4 | tr '\n' '|')"
		fi
	done
	# from JSON reports: the same counts, shares and rate intervals, no mean intervals
	"$ER" --json "$TMP/syn-a.data" > "$TMP/syn-a.json" && "$ER" --json "$TMP/syn-b.data" > "$TMP/syn-b.json" &&
		"$ER" diff --csv "$TMP/syn-a.json" "$TMP/syn-b.json" > "$TMP/syn-j.csv" || { fail "diff: JSON reports" "diff failed"; return; }
	got=$(cut -d, -f1-20,24,25,29,30 "$TMP/syn-j.csv")
	if [ "$got" = "$(cut -d, -f1-20,24,25,29,30 "$TMP/syn.csv")" ] &&
	   [ -z "$(awk -F, 'NR > 1 && $22 != "" ' "$TMP/syn-j.csv")" ]; then
		pass "diff: JSON reports give the counts, shares and rate intervals of the recordings"
	else
		fail "diff: JSON reports" "differs from the perf.data diff: $(diff <(echo "$got") <(cut -d, -f1-20,24,25,29,30 "$TMP/syn.csv") | head -3 | tr '\n' '|')"
	fi
}

diff_hostile() {
	local out rc lines
	echo '{"tool": "other"}' > "$TMP/other.json"
	"$ER" --json "$FIX/svm-stock.data" > "$TMP/stock.json" 2>/dev/null
	head -c 3000 "$FIX/svm-exit_timed.data" > "$TMP/trunc.data"
	"$ER" --json "$FIX/svm-exit_timed.data" | head -c 400 > "$TMP/trunc.json"
	"$ER" --json "$FIX/svm-exit_timed.data" | jq '.reasons[0].count = "many"' > "$TMP/badrow.json"
	"$ER" diff --json "$FIX/svm-exit_timed.data" "$FIX/svm-exit_timed.data" > "$TMP/adiff.json"
	for args in "$TMP/nonexistent $FIX/svm-exit_timed.data" "$FIX/svm-exit_timed.data" \
		    "$TMP/other.json $FIX/svm-exit_timed.data" "$TMP/stock.json $FIX/svm-exit_timed.data" \
		    "$FIX/svm-exit_timed.data $TMP/trunc.data" "--resamples 1 $FIX/svm-exit_timed.data $FIX/svm-exit_timed.data" \
		    "$TMP/trunc.json $FIX/svm-exit_timed.data" "$TMP/badrow.json $FIX/svm-exit_timed.data" \
		    "$TMP/adiff.json $FIX/svm-exit_timed.data"; do
		# shellcheck disable=SC2086 # ARGS is a list of words
		out=$("$ER" diff $args 2>&1 >/dev/null); rc=$?
		lines=$(printf '%s\n' "$out" | wc -l)
		if [ "$rc" = 2 ] && [ "$lines" = 1 ] && [[ "$out" == "exitreport diff: "* ]]; then
			pass "diff: hostile: ${args//$TMP\//} -> $out"
		else
			fail "diff: hostile: $args" "status $rc, $lines lines: $out"
		fi
	done
}

diff_plot() {
	local d=$TMP/diffplot
	if ! command -v gnuplot >/dev/null; then skip "diff: plot" "gnuplot is not installed"; return; fi
	if ! EXITREPORT_PLOTS=$TOP/plots "$ER" diff --plot "$d" "$TMP/syn-a.data" "$TMP/syn-b.data" >/dev/null; then
		fail "diff: plot" "exitreport diff --plot failed"; return
	fi
	if [ -s "$d/diff.png" ] && [ -s "$d/diff.svg" ] && grep -q '^"EXTERNAL_INTERRUPT\*" 0 ' "$d/diff.dat"; then
		pass "diff: plot (diff.png, diff.svg; a reason new in B is in diff.dat)"
	else
		fail "diff: plot" "missing diff.png/diff.svg or the EXTERNAL_INTERRUPT row"
	fi
}

# SCN of 4000 CPUID exits, 1 ms apart, of cycles BASE + 0..9
shifted_run() {
	awk -v base="$1" 'BEGIN {
		print "events exit_timed"
		for (i = 1; i <= 4000; i++)
			printf "exit time=%d pid=500 tid=501 cpu=0 vcpu=0 isa=1 reason=10 cycles=%d seq=%d\n",
				1000000000 + i * 1000000, base + i % 10, i
	}'
}

diff_band() {
	local b flag
	for b in 1000 1030 1200; do
		shifted_run "$b" > "$TMP/band-$b.scn" && "$MK" "$TMP/band-$b.data" < "$TMP/band-$b.scn" ||
			{ fail "diff: --min-change" "mkperfdata failed"; return; }
	done
	band_flag() { "$ER" diff --json "$@" | jq -r '.scopes[0].reasons[0].significant | if .p50 then "p50" else "-" end'; }
	flag=$(band_flag --min-change 0 "$TMP/band-1000.data" "$TMP/band-1030.data")
	flag="$flag $(band_flag "$TMP/band-1000.data" "$TMP/band-1030.data")"
	flag="$flag $(band_flag "$TMP/band-1000.data" "$TMP/band-1200.data")"
	[ "$flag" = "p50 - p50" ] && pass "diff: --min-change (a 3% slower median: significant at 0, not at the default 10%; 20% slower: significant)" ||
		fail "diff: --min-change" "3% at 0, 3% and 20% at the default: '$flag', expected 'p50 - p50'"
	"$ER" diff --min-change 101 "$TMP/band-1000.data" "$TMP/band-1030.data" > /dev/null 2> "$TMP/band.err"
	[ $? = 2 ] && grep -q -- '--min-change: expected a percentage 0..100' "$TMP/band.err" &&
		pass "diff: --min-change 101 is refused (status 2, one line)" ||
		fail "diff: --min-change 101" "$(head -n 1 "$TMP/band.err")"
}

# SCN of one run of a workload on a host whose speed is SCALE (1: nominal):
# 2000 exits, CPUID and EPT_VIOLATION, cycles and the time between exits
# SCALE times the nominal; EPT_VIOLATION's cycles EPT more (1: none)
drift_run() {
	awk -v scale="$1" -v ept="${2:-1}" -v seed="$3" 'BEGIN {
		print "events exit_timed"; x = seed; t = 1000000000
		for (i = 1; i <= 2000; i++) {
			x = (x * 1103515245 + 12345) % 2147483648; u = x / 2147483648
			if (i % 4) { r = 10; c = (1000 + 200 * u) * scale }
			else       { r = 48; c = (3000 + 600 * u) * scale * ept }
			t += int(1000000 * scale)
			printf "exit time=%d pid=500 tid=501 cpu=0 vcpu=0 isa=1 reason=%d cycles=%d seq=%d\n", t, r, int(c), i
		}
	}'
}

diff_runs() {
	local spec name scale ept seed got want f out rc
	# name:scale:ept:seed
	for spec in a1:1.00:1:11 a2:1.18:1:12 b1:1.16:1:13 b2:0.98:1:14 \
		    c1:1.00:1:21 c2:1.04:1:22 d1:1.02:1.6:23 d2:0.99:1.6:24; do
		IFS=: read -r name scale ept seed <<< "$spec"
		drift_run "$scale" "$ept" "$seed" > "$TMP/run-$name.scn" &&
			"$MK" "$TMP/run-$name.data" < "$TMP/run-$name.scn" ||
			{ fail "diff: runs" "mkperfdata failed"; return; }
	done
	f=$TMP/run
	# a single run a side: the 16% slower host is flagged (what runs are for)
	got=$("$ER" diff --json "$f-a1.data" "$f-b1.data" | jq '.significant')
	[ "$got" = 2 ] && pass "diff: runs: one run a side, a host 16% slower in B: both reasons flagged" ||
		fail "diff: runs: one run a side" "$got significant rows, expected 2"
	"$ER" diff --json "$f-a1.data" "$f-a2.data" vs "$f-b1.data" "$f-b2.data" > "$f-ab.json" ||
		{ fail "diff: runs" "exitreport diff A1 A2 vs B1 B2 failed"; return; }
	got=$(jq -r '"\(.significant) \(.a.runs | length) \(.b.runs | length) \(.a.exits) \(.method.between_runs) \(.method.between_runs_tests)"' "$f-ab.json")
	[ "$got" = "0 2 2 4000 pooled-t 4" ] &&
		pass "diff: runs: A1 A2 vs B1 B2 of the same workload on a host 0-18% slower: 0 significant, 4000 exits a side, 4 tests (2 rates, 2 medians) share the level" ||
		fail "diff: runs: the same workload" "significant, runs A, runs B, exits A, method, tests: '$got', expected '0 2 2 4000 pooled-t 4'"
	"$ER" diff --json "$f-c1.data" "$f-c2.data" vs "$f-d1.data" "$f-d2.data" > "$f-cd.json" &&
		"$ER" diff --csv "$f-c1.data" "$f-c2.data" vs "$f-d1.data" "$f-d2.data" > "$f-cd.csv" &&
		"$ER" diff "$f-c1.data" "$f-c2.data" vs "$f-d1.data" "$f-d2.data" > "$f-cd.txt" ||
		{ fail "diff: runs" "exitreport diff C1 C2 vs D1 D2 failed"; return; }
	want=$(printf '%s\n' "CPUID -" "EPT_VIOLATION p50")
	got=$(flags_json "$f-cd.json")
	[ "$got" = "$want" ] && [ "$(flags_csv "$f-cd.csv")" = "$want" ] &&
		[ "$(flags_table "$f-cd.txt")" = "$(printf '%s\n' "CPUID -" "EPT_VIOLATION *")" ] &&
		pass "diff: runs: a 60% slower EPT_VIOLATION among runs 4% apart: it alone flagged, by its median (JSON, CSV, table)" ||
		fail "diff: runs: a real change" "JSON '$(echo "$got" | tr '\n' '|')', CSV '$(flags_csv "$f-cd.csv" | tr '\n' '|')'"
	[ "$(rows_csv "$f-cd.csv")" = "$(rows_json "$f-cd.json")" ] &&
		grep -q '^A: 2 runs (.*run-c1.data, .*run-c2.data) merged: exit_timed, 4000 exits' "$f-cd.txt" &&
		grep -q '2 runs of A and 2 of B: each interval widened' "$f-cd.txt" &&
		pass "diff: runs: CSV and JSON agree; the table names the runs and the method" ||
		fail "diff: runs: outputs" "CSV and JSON differ, or the table's side/method line: $(head -n 1 "$f-cd.txt")"
	"$ER" --json "$f-a1.data" > "$f-a1.json"
	for args in "$f-a1.data vs vs $f-b1.data" "vs $f-a1.data $f-b1.data" "$f-a1.data $f-b1.data vs" \
		    "$f-a1.data $f-a1.json vs $f-b1.data" "$f-a1.data $FIX/svm-stock.data vs $f-b1.data" \
		    "$f-a1.data $TMP/nonexistent vs $f-b1.data" "- - vs $f-b1.data"; do
		# shellcheck disable=SC2086 # ARGS is a list of words
		out=$("$ER" diff $args 2>&1 < /dev/null >/dev/null); rc=$?
		if [ "$rc" = 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && [[ "$out" == "exitreport diff: "* ]]; then
			pass "diff: runs: hostile: ${args//$TMP\//} -> $out"
		else
			fail "diff: runs: hostile: $args" "status $rc: $out"
		fi
	done
}

# SCN of an SVM guest with nested paging (a) or without (b): 300 CPUIDs
# beside 400 NPFs (a), or beside 300 #PF, 200 INVLPG and 100 CR3 writes (b)
paging_run() {
	awk -v side="$1" 'BEGIN {
		print "events exit_timed"
		t = 1000000000; seq = 0
		n = split(side == "a" ? "0x72:300 0x400:400" : "0x72:300 0x4e:300 0x79:200 0x13:100", mix, " ")
		for (j = 1; j <= n; j++) {
			split(mix[j], rc, ":")
			for (i = 0; i < rc[2]; i++)
				printf "exit time=%d pid=600 tid=601 cpu=0 vcpu=0 isa=2 reason=%s cycles=%d seq=%d\n",
					t += 100000, rc[1], 2000 + i % 50, ++seq
		}
	}'
}

# e2e_diff_case NAME EXPECT ARGS...: check-diff.sh ARGS says EXPECT (PASS or FAIL)
e2e_diff_case() {
	local name=$1 expect=$2 got
	shift 2
	got=$(EXITREPORT=$ER bash "$TOP/tests/e2e/check-diff.sh" "$@" 2>&1 | head -n 1)
	[ "${got%%:*}" = "$expect" ] && pass "check-diff.sh: $name ($expect)" ||
		fail "check-diff.sh: $name" "expected $expect, got: $got"
}

diff_e2e() {
	paging_run a > "$TMP/pg-a.scn" && paging_run b > "$TMP/pg-b.scn" &&
		"$MK" "$TMP/pg-a.data" < "$TMP/pg-a.scn" && "$MK" "$TMP/pg-b.data" < "$TMP/pg-b.scn" ||
		{ fail "check-diff.sh" "mkperfdata failed"; return; }
	cp "$TMP/pg-a.data" "$TMP/pg-a2.data"
	e2e_diff_case "same on a recording and its copy" PASS same svm "$TMP/pg-a.data" "$TMP/pg-a2.data"
	e2e_diff_case "same on a known change" FAIL same vmx "$TMP/syn-a.data" "$TMP/syn-b.data"
	e2e_diff_case "paging: NPF goes, #PF, INVLPG and CR3 writes come" PASS paging svm "$TMP/pg-a.data" "$TMP/pg-b.data"
	e2e_diff_case "paging the wrong way round" FAIL paging svm "$TMP/pg-b.data" "$TMP/pg-a.data"
	e2e_diff_case "paging with no change" FAIL paging svm "$TMP/pg-a.data" "$TMP/pg-a2.data"
	e2e_diff_case "an unreadable recording" FAIL same svm "$TMP/pg-a.data" "$TMP/no-such.data"
}

diff_tests() {
	if ! command -v jq >/dev/null; then skip "diff" "jq is not installed"; return; fi
	if perf version >/dev/null 2>&1; then diff_null; else skip "diff: null" "perf is not installed"; fi
	diff_known
	diff_multi_vm
	diff_agree
	diff_hostile
	diff_plot
	diff_band
	diff_runs
	diff_e2e
}
