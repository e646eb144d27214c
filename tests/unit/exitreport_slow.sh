# exitreport_slow.sh - tests of `exitreport --slower-than`, sourced by
# run-exitreport.sh (uses its ER, MK, TMP, FIX, make_data, pass, fail, skip and
# synthetic_run of exitreport_diff.sh).
#
#   exact     the count above a threshold, the slowest 100 kept and the cut, against
#             an awk count of the scenario; by.scn: each listed exit with its MSR
#   agree     table, CSV and JSON list the same exits
#   hostile   bad thresholds, a time without a TSC rate: one line, status 2

slow_tests() {
	local above want got
	[ -f "$TMP/syn-a.data" ] || { synthetic_run a > "$TMP/syn-a.scn" && "$MK" "$TMP/syn-a.data" < "$TMP/syn-a.scn"; } ||
		{ fail "slower-than" "mkperfdata failed"; return; }
	above=$(awk '/^exit/ { for (i = 1; i <= NF; i++) if ($i ~ /^cycles=/) { c = substr($i, 8) + 0; if (c > 3500) n++ } } END { print n }' "$TMP/syn-a.scn")
	# the 100th largest value: every listed exit is at least as slow
	want=$(awk '/^exit/ { for (i = 1; i <= NF; i++) if ($i ~ /^cycles=/) print substr($i, 8) }' "$TMP/syn-a.scn" | sort -n | tail -100 | head -1)
	"$ER" --json --slower-than 3500 "$TMP/syn-a.data" > "$TMP/slow.json" || { fail "slower-than" "exitreport failed"; return; }
	got=$(jq -r '"\(.above) \(.listed) \(.cut) \([.exits[].value] | min) \([.exits[].time_s] == ([.exits[].time_s] | sort))"' "$TMP/slow.json")
	[ "$got" = "$above 100 $((above - 100)) $want true" ] && pass "slower-than: $above above 3500 cycles, the 100 slowest in time order, $((above - 100)) cut" ||
		fail "slower-than: count, kept, cut" "got '$got', want '$above 100 $((above - 100)) $want true'"
	# 2.4 GHz (cpudesc): 1.5us = 3600 cycles
	got=$("$ER" --json --slower-than 1.5us "$TMP/syn-a.data" | jq .threshold)
	[ "$got" = 3600 ] && pass "slower-than: 1.5us is 3600 cycles at 2.4 GHz" || fail "slower-than: time threshold" "threshold $got, want 3600"
	make_data by || { fail "slower-than" "mkperfdata failed on by.scn"; return; }
	got=$("$ER" --csv --by msr --slower-than 150 "$TMP/by.data" | awk -F, '$1 == "exit" { print $8, $10, $13 }')
	want='"MSR_WRITE" 300 "msr 0x6e0 IA32_TSC_DEADLINE write"
"IO_INSTRUCTION" 500 ""
"MSR_READ" 200 "msr 0x3b IA32_TSC_ADJUST read"
"IO_INSTRUCTION" 700 ""
"VMCALL" 250 ""
"MSR_WRITE" 400 "msr 0x10 IA32_TSC write"
"IO_INSTRUCTION" 900 ""
"IO_INSTRUCTION" 2400 ""
"CPUID" 240 ""'
	[ "$got" = "$want" ] && pass "slower-than: with --by msr, each exit with its MSR" || fail "slower-than: with --by msr" "got: $(echo "$got" | tr '\n' '|')"
	# the three outputs list the same exits (time, vcpu, value)
	"$ER" --csv --slower-than 3500 "$TMP/syn-a.data" | awk -F, '$1 == "exit" { print $2, $4, $10 }' > "$TMP/slow.csv"
	jq -r '.exits[] | "\(.time_s) \(.vcpu) \(.value)"' "$TMP/slow.json" | awk '{ printf "%.9f %s %s\n", $1, $2, $3 }' > "$TMP/slow.jsonrows"
	"$ER" --slower-than 3500 "$TMP/syn-a.data" | awk 'f && NF { print $1, $3, $6 } /^  time_s/ { f = 1 }' > "$TMP/slow.txt"
	if [ -s "$TMP/slow.csv" ] && cmp -s "$TMP/slow.csv" "$TMP/slow.jsonrows" && cmp -s "$TMP/slow.csv" "$TMP/slow.txt"; then
		pass "slower-than: table, CSV and JSON agree"
	else
		fail "slower-than: table, CSV and JSON agree" "$(diff "$TMP/slow.csv" "$TMP/slow.jsonrows" | head -2 | tr '\n' '|') $(diff "$TMP/slow.csv" "$TMP/slow.txt" | head -2 | tr '\n' '|')"
	fi
	printf 'events exit_timed\nexit time=1 pid=1 tid=1 vcpu=0 isa=1 reason=10 cycles=5 seq=1\n' > "$TMP/nomhz.scn"
	"$MK" "$TMP/nomhz.data" < "$TMP/nomhz.scn" || { fail "slower-than" "mkperfdata failed"; return; }
	hostile slower-than "--slower-than -5 $TMP/by.data" "--slower-than 5parsecs $TMP/by.data" \
		    "--slower-than 99999999999999999999 $TMP/by.data" "--slower-than 1us $TMP/nomhz.data" \
		    "--slower-than 10 --plot $TMP/p $TMP/by.data"
}
