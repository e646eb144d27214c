# Stage: a guest (L2) under QEMU/KVM with a QMP socket, KVM's binary stats
# read by `exitreport stats --qmp` while the guest is paused before it ran
# (-S) and after it powered off (-no-shutdown), and perf recording
# kvm:exit_timed and kvm:kvm_cpuid over the whole life of that QEMU.  The
# host-side check (check-qmp.sh) compares the stats' deltas with the trace.
# QEMU is driven (cont, query-status, quit) through a second QMP monitor on
# two FIFOs, which busybox's shell can talk to.
#   e2e.qmp_scenario=SCENARIO   the guest's scenario, default boot (the guest reads
#                               its own counters once, then powers off)
# Leaves in /results: qmp.data, qmp-serial.log, qmp-{before,after}{,-stock}.json
# (with .rc and .err), qmp-after.txt (the table).
# shellcheck source=scripts/lib.sh
. /e2e/lib.sh	# scripts/lib.sh: arg, l2_qemu
scenario=$(arg e2e.qmp_scenario)
sock=/tmp/qmp.sock ctl=/tmp/qmpctl
rm -f "$sock" "$ctl.in" "$ctl.out"
mkfifo "$ctl.in" "$ctl.out" || exit 1
L2_QEMU_OPTS="-qmp unix:$sock,server=on,wait=off -qmp pipe:$ctl -S -no-shutdown"
l2_qemu /results/qmp-serial.log "e2e.scenario=${scenario:-boot}" \
	timeout "${E2E_GUEST_LIMIT:-300}" perf record -q -a -m 1024 -e kvm:exit_timed,kvm:kvm_cpuid \
	-o /results/qmp.data -- &
qemu=$!
i=0
while [ ! -S "$sock" ] && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -S "$sock" ] || { echo "no QMP socket after 60 s"; kill $qemu; exit 1; }
exec 4< "$ctl.out" 3> "$ctl.in"

# ctl JSON: send one command on the control monitor, print its reply
ctl() {
	echo "$1" >&3
	while read -r -t 60 _line <&4; do
		case $_line in
		*'"return"'* | *'"error"'*) echo "$_line"; return 0 ;;
		esac
	done
	echo "no reply to $1"
	return 1
}

# snap NAME: exitreport stats --json and --stock --json into /results/qmp-NAME*.json
snap() {
	exitreport stats --qmp "$sock" --json > "/results/qmp-$1.json" 2> "/results/qmp-$1.err"
	echo $? > "/results/qmp-$1.rc"
	exitreport stats --qmp "$sock" --stock --json > "/results/qmp-$1-stock.json" 2> "/results/qmp-$1-stock.err"
	echo $? > "/results/qmp-$1-stock.rc"
	echo "$1: rc $(cat "/results/qmp-$1.rc") (stock rc $(cat "/results/qmp-$1-stock.rc")): $(cat "/results/qmp-$1.err")"
}

read -r -t 60 greeting <&4 || { echo "no greeting on the control monitor"; kill $qemu; exit 1; }
ctl '{"execute": "qmp_capabilities"}'
ctl '{"execute": "query-status"}'
snap before
ctl '{"execute": "cont"}'
status=
i=0
while [ $i -lt "${E2E_GUEST_LIMIT:-300}" ]; do
	status=$(ctl '{"execute": "query-status"}')
	case $status in *'"shutdown"'*) break ;; esac
	sleep 1
	i=$((i + 1))
done
echo "after $i s: $status"
snap after
exitreport stats --qmp "$sock" > /results/qmp-after.txt 2>&1
exitreport stats --qmp "$sock" --stock >> /results/qmp-after.txt 2>&1
cat /results/qmp-after.txt
ctl '{"execute": "quit"}'
wait $qemu
rc=$?
echo "qemu under perf: rc=$rc"
ls -l /results/qmp.data
exit $rc
