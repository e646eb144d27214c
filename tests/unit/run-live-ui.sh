#!/bin/bash
# run-live-ui.sh BUILD_DIR - the interactive view of exitreport live under
# tmux (80x24), fed by --replay: keys (sort, filter, drill-down, reset,
# pause, help, resize, quit) change the screen as expected, and the numbers
# on the screen equal plain exitreport on the same file.
set -u
BUILD=${1:?usage: run-live-ui.sh BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
FIX=$TOP/tests/fixtures/exitreport
ER=$BUILD/exitreport
TMP=$(mktemp -d)
SOCK=exitreport-ui-$$
tm() { tmux -L "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
npass=0 nfail=0
pass() { echo "PASS: live-ui: $1"; npass=$((npass + 1)); }
fail() { echo "FAIL: live-ui: $1: $2"; nfail=$((nfail + 1)); }
command -v tmux > /dev/null || { echo "FAIL: live-ui: tmux not installed (scripts/deps.sh)"; exit 1; }

screen() { tm capture-pane -p -t ui; }
# key K..., then wait until the screen shows PATTERN (at most 5 s)
key_until() {
	local pat=$1 i
	shift
	[ $# -gt 0 ] && tm send-keys -t ui "$@"
	for i in $(seq 1 50); do
		screen | grep -Eq -- "$pat" && return 0
		sleep 0.1
	done
	return 1
}
check() {
	local name=$1 pat=$2
	shift 2
	if key_until "$pat" "$@"; then pass "$name"; else fail "$name" "no /$pat/ on: $(screen | head -6 | tr '\n' '|')"; fi
}

# two VMs (pids 100 and 200), two vCPUs each, HLT frequent and CPUID rare
# (so sorting by count and by name differ)
awk 'BEGIN {
	print "endian le"; print "mode file"; print "events exit_timed"
	print "cpudesc AMD EPYC Processor @ 2.60GHz"
	for (i = 1; i <= 300; i++) {
		pid = i % 3 ? 100 : 200
		k = pid * 2 + i % 2
		printf "exit time=%d pid=%d tid=%d cpu=0 vcpu=%d isa=2 reason=%d cycles=%d seq=%d\n",
			1000000000 + i * 1000, pid, pid + i % 2, i % 2, i % 5 ? 120 : 114, 1000 + i * 3, ++seq[k]
	}
}' | "$BUILD/mkperfdata" "$TMP/two.data" || { fail "setup" "mkperfdata"; exit 1; }
plain=$("$ER" --json "$TMP/two.data" 2>/dev/null)

tm new-session -d -s ui -x 80 -y 24 "$ER live --replay $TMP/two.data --speed max --interval 0.00005; echo EXITED \$?; sleep 30"
check "starts, input ended" "input ended"
vm100=$(jq -r '.vms[] | select(.pid == 100) | "\(.exits) +\(.total)"' <<< "$plain")
vm200=$(jq -r '.vms[] | select(.pid == 200) | "\(.exits) +\(.total)"' <<< "$plain")
check "VM rows equal exitreport (100: $vm100, 200: $vm200)" "^100 svm +[0-9]+ +$vm100 " &&
	key_until "^200 svm +[0-9]+ +$vm200 " || fail "VM 200 row" "$(screen | grep '^200')"
screen | grep -q "LOST 0" && pass "lost-event count visible" || fail "lost count" "no LOST on screen"
check "sort key: interval" "sort: interval" s
check "sort key: cycles" "sort: cycles" s
check "sort key: mean" "sort: mean" s
check "sort key: name" "sort: name" s
check "sort key: count" "sort: count" s
check "filter to pid 200" "VMs \(filtered\)" f 200 Enter
screen | grep -q '^100 ' && fail "filter" "VM 100 still shown" || pass "filter hides VM 100"
check "filter: unknown VM" "no such VM|no VM named" f nosuchguest Enter
check "filter cleared" "^100 svm" f Enter
check "drill down: VM 100's vCPUs" "VM 100: vCPUs" Enter
v0=$(jq -r '.vms[] | select(.pid == 100) | .vcpus[] | select(.vcpu == 0) | "\(.exits) +\(.total)"' <<< "$plain")
check "vCPU 0 row equals exitreport ($v0)" "^vcpu 0 \(tid [0-9]+\) +[0-9]+ +$v0 "
check "drill down: vCPU 0's reasons" "VM 100 vCPU 0: reasons" Enter
ok=1
while read -r name count total; do
	screen | grep -Eq "^$name +[0-9]+ +$count +$total " || { ok=0; fail "reason $name" "want $count $total: $(screen | grep "^$name")"; }
done < <(jq -r '.vms[] | select(.pid == 100) | .vcpus[] | select(.vcpu == 0) | .reasons[] | "\(.name) \(.count) \(.total)"' <<< "$plain")
[ "$ok" = 1 ] && pass "reason rows equal exitreport"
first_by_count=$(screen | sed -n 5p | awk '{print $1}')
tm send-keys -t ui s s s s; sleep 0.5
first_by_name=$(screen | sed -n 5p | awk '{print $1}')
want_first=$(jq -r '[.vms[] | select(.pid == 100) | .vcpus[] | select(.vcpu == 0) | .reasons[].name] | sort | .[0]' <<< "$plain")
[ "$first_by_name" = "$want_first" ] && [ "$first_by_count" != "$want_first" ] && pass "sort by name puts $want_first first (by count: $first_by_count)" ||
	fail "sort by name" "first row $first_by_name, want $want_first"
tm send-keys -t ui s
check "back up to vCPUs" "VM 100: vCPUs" u
check "back up to VMs" "^100 svm" u
check "help" "drill down: VMs -> vCPUs -> reasons" h
check "help closes" "^100 svm" x
check "pause" "PAUSED" p
check "resume" "\(input ended\)\$" p
tm resize-window -t ui -x 100 -y 30 2>/dev/null
sleep 0.5
[ "$(screen | wc -l)" -ge 30 ] && screen | sed -n 30p | grep -q "q: quit" &&
	pass "resize to 100x30: footer on line 30" || fail "resize" "$(screen | tail -2 | tr '\n' '|')"
tm resize-window -t ui -x 80 -y 24 2>/dev/null
check "reset" "since start: 0 exits" r
check "after reset, VM rows gone" "no exits yet"
check "quit" "^EXITED 0" q

echo "$npass passed, $nfail failed, 0 skipped"
[ "$nfail" -eq 0 ]
