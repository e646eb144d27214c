# Stage: stress.  Several VMs (QEMU/KVM guests with several vCPUs each, the
# scenario stress.sh) run exit mixes while VMs are created and destroyed in
# a loop (vmchurn) and perf records kvm:exit_timed and kvm:kvm_cpuid, in two
# phases, each under its own perf record -a:
#   switch  kvm.exit_stats is switched off and on all the while, and a
#           reader in every guest reads the exit statistics leaves;
#   steady  accounting stays on: every VM of this phase lived with it on, so
#           its guests' snapshots must equal the trace exactly.
# The switch times, VM lifetimes and phases are noted, with the uptime, in
# /results/stress-events.txt; tests/e2e/check-stress.sh judges it all.
#   e2e.stress_seconds=N   seconds of exit mixes, half in each phase (40)
#   e2e.stress_vms=N       QEMU VMs per phase (2), e2e.stress_vcpus=N vCPUs each (2);
#                          0: the small VMs of vmchurn alone, for half of
#                          e2e.stress_seconds each phase (the Bochs host, where
#                          a Linux guest's boot takes emulated minutes)
#   e2e.stress_vm_limit=N  emulated seconds a VM may take beyond its mix (240)
# shellcheck source=scripts/lib.sh
. /e2e/lib.sh	# scripts/lib.sh: arg, l2_qemu
secs=$(arg e2e.stress_seconds)
vms=$(arg e2e.stress_vms)
vcpus=$(arg e2e.stress_vcpus)
extra=$(arg e2e.stress_vm_limit)
secs=${secs:-40} vms=${vms:-2} vcpus=${vcpus:-2}
load=$((secs / 2))
# Emulated seconds a VM may take (boot, its mix, the snapshots), and a phase.
vm_limit=$((load + ${extra:-240}))
phase_limit=$((vm_limit + 60))
param=/sys/module/kvm/parameters/exit_stats
events=kvm:exit_timed,kvm:kvm_cpuid
notes=/results/stress-events.txt
stop=/tmp/stress-stop

note() {
	echo "$(cut -d' ' -f1 /proc/uptime) $*" >> "$notes"
}

# progress WHAT: on the console too (the serial log shows where a run stood).
progress() {
	note "$@"
	echo "E2E-STRESS $*" > /dev/console
}

# switcher: kvm.exit_stats off for 0.2 s, on for 0.3 s, until $stop exists.
# "off" is noted before the switch, "on" after it.
switcher() {
	while [ ! -e "$stop" ]; do
		note off
		echo N > "$param"
		sleep 0.2
		echo Y > "$param"
		note on
		sleep 0.3
	done
}

# run_vm PHASE NAME READERS: one guest, bounded in (emulated) time.
run_vm() {
	note vm-start "$1" "$2"
	L2_SMP=$vcpus l2_qemu "/results/stress-$2-serial.log" \
		"e2e.scenario=stress e2e.stress_seconds=$load e2e.stress_readers=$3" \
		timeout "$vm_limit"
	rc=$?
	progress vm-end "$1" "$2" "$rc"
	return "$rc"
}

# phase NAME: runs under perf record (see below).
phase() {
	p=$1 readers=0 sw='' status=0 pids=''
	progress phase-start "$p"
	# At most about 10 small VMs a second: the churn must not starve the guests.
	vmchurn "$vm_limit" 60 100 > "/results/stress-churn-$p.txt" 2>&1 &
	churn=$!
	if [ "$p" = switch ]; then
		readers=1
		switcher &
		sw=$!
	fi
	i=1
	while [ "$i" -le "$vms" ]; do
		run_vm "$p" "$p-$i" "$readers" &
		pids="$pids $!"
		i=$((i + 1))
	done
	# without QEMU VMs the phase lasts as long as their mixes would
	[ "$vms" -eq 0 ] && sleep "$load"
	for pid in $pids; do
		wait "$pid" || status=1
	done
	touch "$stop"
	[ -n "$sw" ] && wait "$sw"
	kill -TERM "$churn"
	wait "$churn" || status=1
	progress phase-end "$p"
	return "$status"
}

if [ "${1:-}" = phase ]; then
	phase "$2"
	exit $?
fi

echo "stress: $vms VMs x $vcpus vCPUs per phase, $load s of exit mixes each, phases switch and steady"
status=0
rm -f "$notes"
note stage-start "$vm_limit"
for p in switch steady; do
	rm -f "$stop"
	timeout "$phase_limit" perf record -q -a -m 4096 -e "$events" -o "/results/stress-$p.data" \
		-- sh /e2e/stage-stress.sh phase "$p"
	rc=$?
	echo "phase $p rc=$rc"
	[ "$rc" -eq 0 ] || status=$rc
	echo Y > "$param"
	cat "/results/stress-churn-$p.txt"
done
note stage-end
ls -l /results/stress-*.data
exit $status
