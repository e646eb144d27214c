# exitreport_nested.sh - exit_timed's nested and userspace fields, sourced by
# run-exitreport.sh (uses its ER, FIX, TMP, make_data, pass, fail).
#
#   counts    nested.scn (l2fields 1): per reason, the L2 exits and the exits completed
#             in userspace, counted here from the scenario, in JSON, CSV and the table
#   perf      perf script prints the same " nested" / " userspace" markers
#   absent    a recording without the fields (basic.scn): no l2/user columns, no keys,
#             no CSV columns: never zeros pretending

# "reason count l2 userspace" per reason of FIX/NAME.scn, worked out from its lines
nested_want() {
	awk '$1 == "exit" { r = ""; n = 0; u = 0
	       for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "reason") r = kv[2] + 0
	         if (kv[1] == "nested") n = kv[2]; if (kv[1] == "userspace") u = kv[2] }
	       if (r == "") r = 0; c[r]++; l2[r] += n; us[r] += u }
	     END { for (r in c) print r, c[r], l2[r], us[r] }' "$FIX/$1.scn" | sort -n
}

nested_tests() {
	local want got
	make_data nested || { fail "nested" "mkperfdata failed on nested.scn"; return; }
	# awk reads 0x72 as 0: the hex reasons in decimal first
	while read -r line; do
		for w in $line; do case $w in reason=0x*) printf 'reason=%d ' "${w#reason=}" ;; *) printf '%s ' "$w" ;; esac; done
		echo
	done < "$FIX/nested.scn" > "$TMP/nested-dec.scn"
	want=$(FIX=$TMP nested_want nested-dec)
	got=$("$ER" --json "$TMP/nested.data" | jq -r '.vms[0].reasons[] | "\(.reason) \(.count) \(.l2) \(.userspace)"' | sort -n)
	[ -n "$want" ] && [ "$got" = "$want" ] && pass "nested: JSON l2 and userspace per reason" ||
		fail "nested: JSON" "want $(echo "$want" | tr '\n' '|') got $(echo "$got" | tr '\n' '|')"
	got=$("$ER" --csv "$TMP/nested.data" | awk -F, '$1 == "vm" { print $6, $9, $23, $24 }' | sort -n)
	[ "$got" = "$want" ] && pass "nested: CSV l2 and userspace columns" || fail "nested: CSV" "got $(echo "$got" | tr '\n' '|')"
	got=$("$ER" "$TMP/nested.data" | awk '/^  reason/ { for (i = 1; i <= NF; i++) col[$i] = i; on = 1; next }
		on && $1 == "total" { print "total", $col["count"], $col["l2"], $col["user"]; exit }')
	want="total $(echo "$want" | awk '{ c += $2; l += $3; u += $4 } END { print c, l, u }')"
	[ "$got" = "$want" ] && pass "nested: table l2 and user columns ($want)" || fail "nested: table" "want '$want' got '$got'"
	if command -v perf > /dev/null; then
		got=$(perf script -i "$TMP/nested.data" 2>/dev/null | awk '/kvm:exit_timed/ { n += / nested/; u += / userspace/ } END { print n + 0, u + 0 }')
		want=$(echo "$want" | awk '{ print $3, $4 }')
		[ "$got" = "$want" ] && pass "nested: perf script shows the same nested/userspace markers" ||
			fail "nested: perf script" "perf $got, exitreport $want"
	else
		skip "nested: perf script" "perf is not installed"
	fi
	make_data basic || return
	got=$("$ER" "$TMP/basic.data" | grep -c -w -e l2 -e user)
	[ "$got" = 0 ] && pass "nested: absent fields: no l2/user table columns" || fail "nested: absent fields: table" "$got lines name l2/user"
	got=$("$ER" --json "$TMP/basic.data" | jq '[.. | objects | select(has("l2") or has("userspace"))] | length')
	[ "$got" = 0 ] && pass "nested: absent fields: no l2/userspace JSON keys" || fail "nested: absent fields: JSON" "$got objects"
	got=$("$ER" --csv "$TMP/basic.data" | head -n 1)
	[[ $got != *l2* ]] && pass "nested: absent fields: CSV header without l2,userspace" || fail "nested: absent fields: CSV" "$got"
}
