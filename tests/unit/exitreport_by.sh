# exitreport_by.sh - tests of `exitreport --by`, sourced by run-exitreport.sh
# (uses its ER, MK, TMP, FIX, make_data, pass, fail, skip).
#
#   exact     tests/fixtures/exitreport/by.scn: counts and cycles per MSR, port and
#             hypercall, and every unattributed event, as worked out by hand
#   agree     table, CSV and JSON list the same values, counts and cycles
#   perf      an attribution of `perf script` output (awk) gives the same counts
#   hostile   unknown view, missing events, incompatible options: one line, status 2

by_expect() {
	local name=$1 args=$2 want=$3 data=${4:-by} got
	got=$(cd "$TMP" && "$ER" --csv $args $data.data 2>/dev/null | awk -F, 'NR > 1 && $1 ~ /^(unattributed|exits|attributed|merged)$/ { n = $3; gsub(/"/, "", n); print n, $8; next }
		NR > 1 { print $2, $4, $5, $8, $10 }')
	[ "$got" = "$want" ] && pass "by: $name" || fail "by: $name" "got: $(echo "$got" | tr '\n' '|')"
}

# "value access count total" from each output
by_rows_csv() { awk -F, 'NR > 1 && $1 !~ /^(unattributed|exits|attributed|merged)$/ { print $2, $4, $8, $10 }' | sort; }
by_rows_json() { jq -r '.values[] | "\(.value) \(.access) \(.count) \(.total)"' | sort; }
by_rows_table() {
	# from the right: access exit count %count cycles %cycles min mean p50 p99 max
	awk 'f && NF { v = $1; sub(/^0x/, "", v); print v, $(NF - 10), $(NF - 8), $(NF - 6) } /^  value/ { f = 1 }' | sort
}

# awk attribution of `perf script` of a recording: per thread, the last
# qualifier before each exit_timed; prints "value(hex) access count" for --by msr
perf_by_msr() {
	perf script -F tid,event,trace -i "$1" 2>/dev/null | awk '
	/kvm:kvm_msr:/ { tid = $1; split($0, w, "msr_"); split(w[2], x, " "); pend[tid] = x[2] " " x[1]; next }
	/kvm:exit_timed:/ { tid = $1; if (tid in pend) { n[pend[tid]]++; delete pend[tid] } }
	END { for (k in n) print k, n[k] }' | sort
}

# the same for --by port: "port(hex) access size count"
perf_by_port() {
	perf script -F tid,event,trace -i "$1" 2>/dev/null | awk '
	/kvm:kvm_pio:/ { tid = $1; split($0, w, "pio_"); split(w[2], x, " ")
		pend[tid] = substr(x[3], 3) " " x[1] " " x[5]; next }
	/kvm:exit_timed:/ { tid = $1; if (tid in pend) { n[pend[tid]]++; delete pend[tid] } }
	END { for (k in n) print k, n[k] }' | sort
}

# real recordings with qualifier events (tests/e2e/record-fixtures.sh):
# exitreport's attribution equals the awk one of perf script
by_recorded() {
	local f want got
	for f in "$FIX"/*-qual.data; do
		[ -e "$f" ] || { skip "by: recorded" "no recorded *-qual.data fixture"; return; }
		want=$(perf_by_msr "$f")
		got=$("$ER" --csv --by msr "$f" | awk -F, 'NR > 1 && $1 == "msr" { printf "%x %s %s\n", $2, $4, $8 }' | sort)
		[ -n "$want" ] && [ "$got" = "$want" ] &&
			pass "by: msr: recorded $(basename "$f"): perf script attribution agrees ($(echo "$want" | wc -l) MSRs)" ||
			fail "by: msr: recorded $(basename "$f")" "perf: $(echo "$want" | head -5 | tr '\n' '|') exitreport: $(echo "$got" | head -5 | tr '\n' '|')"
		want=$(perf_by_port "$f")
		got=$("$ER" --csv --by port "$f" | awk -F, 'NR > 1 && $1 == "port" { printf "%x %s %s %s\n", $2, $4, $5, $8 }' | sort)
		[ -n "$want" ] && [ "$got" = "$want" ] &&
			pass "by: port: recorded $(basename "$f"): perf script attribution agrees ($(echo "$want" | wc -l) ports)" ||
			fail "by: port: recorded $(basename "$f")" "perf: $(echo "$want" | head -5 | tr '\n' '|') exitreport: $(echo "$got" | head -5 | tr '\n' '|')"
	done
}

by_tests() {
	local v want
	make_data by || { fail "by" "mkperfdata failed on by.scn"; return; }
	by_expect "msr exact" "--by msr" "16 write  1 400
1760 write  1 300
16 read  2 220
59 read  1 200
late 0
completions 0
several 1
filtered 0
no_exit_after 1
without_qualifier 7"
	by_expect "msr with --reason MSR_READ (the writes' exits are left out)" "--by msr --reason MSR_READ" "16 read  2 220
59 read  1 200
late 0
completions 0
several 1
filtered 2
no_exit_after 1
without_qualifier 0"
	by_expect "port exact" "--by port" "113 read 1 1 2400
1016 write 1 2 1200
96 read 1 1 900
late 1
completions 0
several 0
filtered 0
no_exit_after 0
without_qualifier 8"
	by_expect "hypercall exact" "--by hypercall" "9   1 250
late 0
completions 0
several 0
filtered 0
no_exit_after 1
without_qualifier 11"
	make_data by-mem || { fail "by" "mkperfdata failed on by-mem.scn"; return; }
	for view in "" "--stock"; do
		by_expect "cr exact ${view:-exit_timed}" "$view --by cr" "3 write  2 $([ -n "$view" ] && echo 200 || echo 2100)
0 read  1 $([ -n "$view" ] && echo 100 || echo 900)
late 0
completions 0
several 0
filtered 0
no_exit_after 1
without_qualifier 3" by-mem
		by_expect "mmio exact ${view:-exit_timed} (a VMM-completed read merged)" "$view --by mmio" "$([ -n "$view" ] && echo "4275044352 unsatisfied-read  1 100
4276093104 write  1 100" || echo "4275044352 unsatisfied-read  1 4000
4276093104 write  1 3000")
late 0
completions 1
several 0
filtered 0
no_exit_after 0
without_qualifier 4" by-mem
		by_expect "gpa exact ${view:-exit_timed} (by 4 KiB page)" "$view --by gpa" "$([ -n "$view" ] && echo "28672   1 2200
4096   2 200" || echo "4096   2 7000
28672   1 5000")
late 0
completions 0
several 0
filtered 0
no_exit_after 0
without_qualifier 3" by-mem
	done
	for v in msr port hypercall; do
		"$ER" --csv --by $v "$TMP/by.data" | by_rows_csv > "$TMP/by-$v.csv"
		"$ER" --json --by $v "$TMP/by.data" | by_rows_json > "$TMP/by-$v.json"
		if [ -s "$TMP/by-$v.csv" ] && cmp -s "$TMP/by-$v.csv" "$TMP/by-$v.json"; then
			pass "by: $v: CSV and JSON agree"
		else
			fail "by: $v: CSV and JSON agree" "$(diff "$TMP/by-$v.csv" "$TMP/by-$v.json" | head -3 | tr '\n' '|')"
		fi
		# every event is in one bucket
		if [ "$("$ER" --json --by $v "$TMP/by.data" | jq '.events == .attributed + .merged + .unattributed.several + .unattributed.filtered + .unattributed.no_exit_after')" = true ]; then
			pass "by: $v: every qualifier event accounted for"
		else
			fail "by: $v: every qualifier event accounted for" "events != attributed + unattributed"
		fi
	done
	"$ER" --by msr "$TMP/by.data" | by_rows_table > "$TMP/by-msr.txt"
	awk '{ printf "%x %s %s %s\n", $1, $2, $3, $4 }' "$TMP/by-msr.csv" | sort > "$TMP/by-msr.csvhex"
	cmp -s "$TMP/by-msr.txt" "$TMP/by-msr.csvhex" && pass "by: msr: table and CSV agree" ||
		fail "by: msr: table and CSV agree" "$(diff "$TMP/by-msr.txt" "$TMP/by-msr.csvhex" | head -3 | tr '\n' '|')"
	if perf version >/dev/null 2>&1; then
		want=$(perf_by_msr "$TMP/by.data")
		got=$("$ER" --csv --by msr "$TMP/by.data" | awk -F, 'NR > 1 && $1 == "msr" { printf "%x %s %s\n", $2, $4, $8 }' | sort)
		[ -n "$want" ] && [ "$got" = "$want" ] && pass "by: msr: perf script attribution agrees" ||
			fail "by: msr: perf script attribution" "perf: $(echo "$want" | tr '\n' '|') exitreport: $(echo "$got" | tr '\n' '|')"
		by_recorded
	else
		skip "by: perf script" "perf is not installed"
	fi
	hostile by "--by nosuch $TMP/by.data" "--by cr $TMP/by.data" "--by msr --plot $TMP/p $TMP/by.data" "--by msr --check $TMP/by.data"
}
