#!/bin/bash
# Judges what a virtual host brought back (run-l1.sh's OUT directory) and
# prints one line per test: "PASS: name", "FAIL: name: why" or
# "SKIP: name: why".
# Usage: [E2E_LABEL=NAME] [E2E_PAGING_ON=DIR] check-results.sh svm|vmx OUT_DIR
# (NAME, default the vendor, begins each test name; DIR: the results of a
# host with nested paging, whose guest recording this host's, made without
# it, is compared with: check-diff.sh paging)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
vendor=$1 out=$2
expect_flag=$vendor

# shellcheck disable=SC2034 # read by pass, fail, skip (scripts/lib.sh)
result_prefix="${E2E_LABEL:-$vendor}: "

stage_rc() {
	awk -v s="$1" '$1 == s { print $2 }' "$out/stages" 2>/dev/null
}

check_host() {
	if grep -q "vendor_flags=.*\b$expect_flag\b" "$out/host.info" 2>/dev/null; then
		pass "virtual host runs the patched kernel with $expect_flag ($(sed -n 's/^kernel=//p' "$out/host.info"); host NMIs in the run: $(sed -n 's/^host_nmis=//p' "$out/host.info"))"
	else
		fail "virtual host has no $expect_flag flag: $(head -n 1 "$out/host.info" 2>/dev/null)"
	fi
}

# The project's selftest speaks TAP: one line per sub-test.
check_selftest() {
	local log=$out/selftest.log n=0 line
	[ -f "$log" ] || { fail "exit_stats_test: did not run"; return; }
	while IFS= read -r line; do
		n=$((n + 1))
		case "$line" in
		"not ok "*) fail "exit_stats_test: ${line#not ok }"; grep '^# ' "$log" | grep -iv '^# totals' | tail -n 5 | sed 's/^/    | /' ;;
		*"# SKIP"*) skip "exit_stats_test: ${line#ok }" ;;
		"ok "*) pass "exit_stats_test: ${line#ok }" ;;
		esac
	done < <(grep -E '^(not )?ok [0-9]+' "$log")
	if [ "$n" -eq 0 ]; then
		fail "exit_stats_test: no result lines (stage rc $(stage_rc selftest))"
		e2e_tail "$log" 15
	fi
}

# Upstream selftests, judged against their record on the unpatched kernel
# (baseline-VENDOR.txt, written by baseline.sh): a test that passes there must
# pass here, so a new skip or failure fails; a skip that skips there too is a
# skip, and a failure is a skip only when the test fails there too.  A test
# without a record, or whose "baseline-fail" mark in the list disagrees with
# the record, fails: the comparison is exact or loud.
check_regress() {
	local list=$here/regress-$vendor.list base=$here/baseline-$vendor.txt
	local name note rc was log why
	[ -f "$out/regress.log" ] || { fail "upstream selftests: did not run"; return; }
	[ -f "$base" ] || { fail "upstream selftests: no baseline record $base"; return; }
	while read -r name _ note; do
		[ "$note" = retry ] && note=
		case "$name" in ''|'#'*) continue ;; esac
		rc=$(awk -v n="$name" '$1 == "RESULT" && $2 == n { print $3 }' "$out/regress.log")
		was=$(awk -v n="$name" '$1 == n { $1 = ""; sub(/^ /, ""); print; exit }' "$base")
		log=$out/regress-$(basename "$name").log
		if [ -z "$was" ]; then
			fail "upstream $name: no record in $(basename "$base") (run tests/e2e/baseline.sh $vendor)"
			continue
		fi
		if [ "$note" = baseline-fail ] && [ "${was%% *}" != fail ]; then
			fail "upstream $name: marked baseline-fail, but $(basename "$base") says '$was'"
			continue
		fi
		if [ "$note" != baseline-fail ] && [ "${was%% *}" = fail ]; then
			fail "upstream $name: $(basename "$base") says '$was' but the list has no baseline-fail mark"
			continue
		fi
		why=$({ grep -i -m1 -e skip -e requirement "$log" || grep -v '^ *$' "$log" | tail -n 1; } 2>/dev/null | cut -c1-100)
		if [ -z "$rc" ]; then
			fail "upstream $name: no result (the stage ended early)"
		elif [ "$rc" = 0 ] && grep -q "^RETRIED $name " "$out/regress.log"; then
			pass "upstream $name (on its second attempt: the first ended with rc $(awk -v n="$name" '$1 == "RETRIED" && $2 == n { print $3 }' "$out/regress.log"); marked retry)"
		elif [ "$rc" = 0 ]; then
			pass "upstream $name"
		elif [ "$rc" = 4 ] && [ "$was" = pass ]; then
			fail "upstream $name: skips, but passes on the unpatched kernel: $why"
		elif [ "$rc" = 4 ]; then
			skip "upstream $name: $why"
		elif [ "${was%% *}" = fail ]; then
			skip "upstream $name: fails (rc $rc) on the unpatched kernel in this emulator too ($was)"
		else
			fail "upstream $name: rc $rc (unpatched: $was)"
			e2e_tail "$log" 8
		fi
	done < "$list"
}

# The guest ran under QEMU/KVM inside the host while perf recorded it.
check_guest() {
	local rc serial=$out/guest-serial.log data=$out/guest.data
	rc=$(stage_rc guest)
	if [ "$rc" != 0 ] || ! grep -q 'E2E-GUEST done' "$serial" 2>/dev/null; then
		fail "guest under QEMU/KVM: stage rc ${rc:-none}"
		e2e_tail "$out/guest.log" 10
		return
	fi
	pass "guest booted and ran its scenario under QEMU/KVM on the patched KVM"
	"$here/check-trace.sh" "$vendor" "$data" "$serial"
	if grep -q '^cmdline=.*\be2e\.live=1\b' "$out/host.info" 2>/dev/null; then
		check_live "$out/guest-live" "$data"
	fi
	if [ -n "${E2E_PAGING_ON:-}" ]; then
		"$here/check-diff.sh" paging "$vendor" "$E2E_PAGING_ON/guest.data" "$data"
	fi
}

# The guest stage's workload repeated (stage-repeat.sh, repeat1..N): each run
# exact like the first, and the odd runs not told apart from the even ones by
# exitreport diff (interleaved: a host that slows down over the runs slows
# both sides).
check_repeat() {
	local rc i n=0 odd=() even=()
	rc=$(stage_rc repeat)
	for i in 1 2 3 4 5 6 7 8; do
		[ -e "$out/repeat$i.data" ] || break
		n=$i
		if [ "$rc" != 0 ] || ! grep -q 'E2E-GUEST done' "$out/repeat$i-serial.log" 2>/dev/null; then
			fail "the workload repeated under QEMU/KVM (run $i): stage rc ${rc:-none}"
			e2e_tail "$out/repeat.log" 10
			return
		fi
		E2E_LABEL="${E2E_LABEL:-$vendor} repeat$i" "$here/check-trace.sh" "$vendor" \
			"$out/repeat$i.data" "$out/repeat$i-serial.log"
		if [ $((i % 2)) = 1 ]; then odd+=("$out/repeat$i.data"); else even+=("$out/repeat$i.data"); fi
	done
	if [ "$n" -lt 4 ]; then
		fail "the workload repeated under QEMU/KVM: $n runs of the 4 or more the comparison needs (stage rc ${rc:-none})"
		e2e_tail "$out/repeat.log" 10
		return
	fi
	"$here/check-diff.sh" same "$vendor" "${odd[@]}" vs "${even[@]}"
}

# check_live PREFIX DATA: exitreport live on the host's kernel (the guest
# stage's e2e.live=1: PREFIX.jsonl, .prom, .rc) against perf's recording DATA
# of the same guests: per VM and reason, the same exit counts and cycles,
# nothing lost; its JSON lines add up (the intervals to the last line's
# since-start, that to the metrics).  DATA's exits equal the guest's CPUID
# readings (check-trace.sh), so live's do too.
check_live() {
	local prefix=$1 data=$2 exitreport=${EXITREPORT:-$here/../../build/exitreport/exitreport}
	local rc live rec sums
	rc=$(cat "$prefix.rc" 2>/dev/null)
	if [ "$rc" != 0 ]; then
		fail "exitreport live: rc ${rc:-none} (it did not run or did not end cleanly)"
		e2e_tail "$prefix.err" 10
		return
	fi
	# "vm,reason,count,cycles" from the metrics (kvm_exits_total and
	# kvm_exit_cycles_total per vCPU, summed per VM) and from the recording;
	# %.0f, not %d: mawk's %d stops at 2^31-1, and cycle totals pass it
	live=$(awk '/^kvm_exit(s|_cycles)_total\{/ {
		match($0, /vm="[0-9]+"/); vm = substr($0, RSTART + 4, RLENGTH - 5)
		match($0, /reason="[^"]*"/); r = substr($0, RSTART + 8, RLENGTH - 9)
		k = vm "," r; keys[k] = 1
		if ($0 ~ /^kvm_exits_total/) n[k] += $NF; else c[k] += $NF
	}
	END { for (k in keys) printf "%s,%.0f,%.0f\n", k, n[k], c[k] }' "$prefix.prom" | sort)
	rec=$("$exitreport" --csv "$data" 2>/dev/null |
		awk -F, '$1 == "vm" { r = $7; gsub(/"/, "", r); printf "%s,%s,%.0f,%.0f\n", $2, r, $9, $11 }' | sort)
	if [ -n "$rec" ] && [ "$live" = "$rec" ]; then
		pass "exitreport live (libtracefs, $(echo "$rec" | wc -l) VM/reason rows, $(echo "$rec" | awk -F, '{ n += $3 } END { print n }') exits) equals perf's recording of the same guests: counts and cycles"
	else
		fail "exitreport live differs from perf's recording of the same guests"
		diff <(echo "$live") <(echo "$rec") | head -n 8 | sed 's/^/    | /'
	fi
	if grep -q '^kvm_exit_lost_events_total 0$' "$prefix.prom" && grep -q '^kvm_exit_seq_missing_total 0$' "$prefix.prom"; then
		pass "exitreport live: no event lost, no exit_seq missing"
	else
		fail "exitreport live: lost $(grep -h '^kvm_exit_lost_events_total\|^kvm_exit_seq_missing_total' "$prefix.prom" | tr '\n' ' ')"
	fi
	# "lines, sum of the intervals' exits, of their cycles, the last line's
	# since-start exits and cycles, the metrics' exits"
	sums=$(jq -rs --argjson m "$(echo "$live" | awk -F, '{ n += $3 } END { printf "%.0f", n }')" \
		'[length, (map(.interval.exits) | add), (map(.interval.total) | add),
		  .[-1].since_start.exits, .[-1].since_start.total, $m] | map(tostring) | join(" ")' \
		"$prefix.jsonl" 2>/dev/null)
	if [ -n "$sums" ] && echo "$sums" | awk '$1 > 1 && $2 == $4 && $3 == $5 && $4 == $6 { ok = 1 } END { exit !ok }'; then
		pass "exitreport live --json: the $(echo "$sums" | cut -d' ' -f1) intervals add up to its since-start figures and metrics ($(echo "$sums" | cut -d' ' -f2) exits)"
	else
		fail "exitreport live --json: intervals, since-start and metrics disagree (lines, interval exits, cycles, since-start exits, cycles, metrics: ${sums:-unreadable})"
	fi
}

check_host
for stage in $(awk '{ print $1 }' "$out/stages" 2>/dev/null); do
	case "$stage" in
	selftest) check_selftest ;;
	regress) check_regress ;;
	guest) check_guest ;;
	repeat) check_repeat ;;
	qmp) "$here/check-qmp.sh" "$vendor" "$out" ;;
	stress) "$here/check-stress.sh" "$vendor" "$out" ;;
	esac
done
# The host's kernel log, after all its stages: no report of its checkers.
"$here/check-dmesg.sh" "$out/dmesg.log" "${E2E_LABEL:-$vendor}: host dmesg"
