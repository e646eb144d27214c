# exitreport_vmm.sh - tests of `exitreport --vmm`, sourced by run-exitreport.sh
# (uses its ER, TMP, make_data, pass, fail).
#
#   exact     tests/fixtures/exitreport/vmm.scn: exits to the VMM, KVM's and the full
#             time, the VMM's share, and every event not counted, as worked out by hand
#   agree     CSV and JSON give the same rows
#   hostile   missing events, incompatible options: one line, status 2

vmm_tests() {
	local got want
	make_data vmm || { fail "vmm" "mkperfdata failed on vmm.scn"; return; }
	got=$("$ER" --csv --vmm "$TMP/vmm.data" | awk -F, 'NR > 1 { print $1, $4, $5, $6, $7, $9, $10, $13 }')
	want='reason "IO_INSTRUCTION" 3 2 "IO" 1500.0 15000.0 90.00
reason "CPUID" 2 0 ""   
userspace_exits  3     
userspace_unmatched  1     
no_entry  0     
open_at_end  1     '
	[ "$got" = "$want" ] && pass "vmm: exact (IO to the VMM: KVM 1.5 us of 15 us, 90% in the VMM)" ||
		fail "vmm: exact" "got: $(echo "$got" | tr '\n' '|')"
	got=$("$ER" --csv --vmm "$TMP/vmm.data" | awk -F, '$1 == "reason" { print $4, $5, $6, $9, $10, $13 }' | tr -d '"')
	want=$("$ER" --json --vmm "$TMP/vmm.data" | jq -r '.reasons[] | "\(.name) \(.exits) \(.to_vmm) \(.kvm_ns_mean // "") \(.full_ns_mean // "") \(.vmm_pct // "")"' |
		awk '{ for (i = 4; i <= 6; i++) if ($i != "") $i = sprintf(i == 6 ? "%.2f" : "%.1f", $i); print }')
	[ -n "$got" ] && [ "$(echo "$got" | sed 's/ *$//')" = "$(echo "$want" | sed 's/ *$//')" ] && pass "vmm: CSV and JSON agree" ||
		fail "vmm: CSV and JSON agree" "CSV: $(echo "$got" | tr '\n' '|') JSON: $(echo "$want" | tr '\n' '|')"
	make_data by || return
	hostile vmm "--vmm $TMP/by.data" "--vmm --stock $TMP/vmm.data" "--vmm --by msr $TMP/vmm.data"
}
