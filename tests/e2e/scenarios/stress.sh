# Scenario of the stress stage (tests/e2e/stage-stress.sh): every vCPU runs
# an exit mix (CPUID, port I/O, HLT, timer MSR writes and IPIs, which KVM
# handles in its fastpath, and MSR reads on CPU 0) for e2e.stress_seconds;
# with e2e.stress_readers=1 a reader reads the exit statistics leaves all
# the while.  The snapshots before and after are taken with the other vCPUs
# offline (halted: they take no exits), so that they are exact.
#   sh stress.sh loop CPU END   the mix of one vCPU, until uptime END
# shellcheck source=scripts/lib.sh
. /e2e/lib.sh	# scripts/lib.sh: arg, block

uptime_s() { cut -d. -f1 /proc/uptime; }

if [ "${1:-}" = loop ]; then
	n=0
	while [ "$(uptime_s)" -lt "$3" ]; do
		exitload cpuid 300
		exitload pio 50 kernel
		exitload hlt 5
		exitload timer 10 50
		[ "$2" = 0 ] && exitload msr 30
		n=$((n + 1))
	done > /dev/null 2>&1
	echo "cpu $2: $n rounds"
	exit 0
fi

# others 0|1: the vCPUs other than CPU 0 offline or online.
others() {
	for c in /sys/devices/system/cpu/cpu[0-9]*; do
		[ -e "$c/online" ] && echo "$1" > "$c/online"
	done
}

secs=$(arg e2e.stress_seconds)
readers=$(arg e2e.stress_readers)
cpus=$(nproc)
others 0
block snapshot-first exitstat --json --all
others 1
end=$(($(uptime_s) + ${secs:-10}))
c=0
while [ "$c" -lt "$cpus" ]; do
	taskset -c "$c" sh /scenarios/stress.sh loop "$c" "$end" > "/tmp/loop-$c.out" &
	c=$((c + 1))
done
if [ "${readers:-0}" = 1 ]; then
	r=0
	while [ "$(uptime_s)" -lt "$end" ]; do
		exitstat --json > /dev/null || break
		r=$((r + 1))
	done
	echo "reader: $r reads" > /tmp/reader.out
else
	echo "reader: none" > /tmp/reader.out
fi
wait
others 0
block snapshot-last exitstat --json --all
block stress-rounds cat /tmp/loop-*.out /tmp/reader.out
