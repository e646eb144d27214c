# Stage (bench/run.sh): benchmark runs of Linux guests (L2) on the patched
# KVM.  Two modes, chosen by e2e.bench= on the kernel command line:
#
#   e2e.bench=cost     the guest-timed round trip of cheap exits (scenario
#                      bench-cost) in four host configurations, one L2 run
#                      each, switched here between the runs:
#                        off     kvm.exit_stats=N, nothing recorded
#                        on      kvm.exit_stats=Y, nothing recorded
#                        timed   kvm.exit_stats=Y, perf records kvm:exit_timed
#                        stock   kvm.exit_stats=N, perf records kvm:kvm_exit
#                                and kvm:kvm_entry (what perf kvm stat needs)
#                      (e2e.bench_configs=a,b,... picks others: stock-on,
#                      timed-off, all3 are the remaining combinations, and
#                      unpatched is the host kernel without the series,
#                      nothing recorded: bench/part-cost.sh boots it alone)
#                      -> /results/cost-CONFIG-serial.log
#   e2e.bench=record   two recordings of the same guest run (scenario
#                      bench-record: a mix of exits, then bench.exits CPUIDs)
#                        timed.data  kvm:exit_timed
#                        all3.data   kvm:exit_timed, kvm:kvm_exit, kvm:kvm_entry
#                        live.data   kvm:exit_timed, while exitreport live
#                                    watches the host's kernel: live.jsonl,
#                                    live.prom (bench part 4)
#                      -> /results/NAME.data, /results/NAME-serial.log
# Guest parameters (bench.n=, bench.reps=, bench.exits=, bench.kinds=) are
# passed on to the guest's command line unchanged.
# shellcheck source=scripts/lib.sh
. /e2e/lib.sh	# scripts/lib.sh: arg, block, l2_qemu, live_start, live_stop
mode=$(arg e2e.bench)
guest_args=$(tr ' ' '\n' < /proc/cmdline | grep '^bench\.' | tr '\n' ' ')
exit_stats=/sys/module/kvm/parameters/exit_stats

# A line on the host's console too: this stage's own log only leaves the
# host at the end, and a run cut off by the wall-clock limit never ends.
progress() {
	echo "E2E-BENCH $*" > /dev/console
}

# run_l2 SCENARIO NAME DATA [EVENTS]: one guest run; under perf record -a
# into DATA when EVENTS is given.  The guest's serial output goes to
# /results/NAME-serial.log.
run_l2() {
	scenario=$1 name=$2 data=$3 events=${4:-}
	set -- "/results/$name-serial.log" "e2e.scenario=$scenario $guest_args"
	echo "=== $name: scenario=$scenario exit_stats=$(cat $exit_stats 2> /dev/null || echo none) events=${events:-none}"
	progress "$name start"
	t0=$(date +%s)
	if [ -n "$events" ]; then
		# 8 MiB of ring buffer per CPU: the emulated perf must keep up with
		# three events per exit without losing any.
		l2_qemu "$@" timeout "${E2E_GUEST_LIMIT:-600}" perf record -q -a -m 2048 \
			-e "$events" -o "$data" --
	else
		l2_qemu "$@" timeout "${E2E_GUEST_LIMIT:-600}"
	fi
	rc=$?
	echo "$name rc=$rc secs=$(($(date +%s) - t0))"
	progress "$name rc=$rc"
	[ -n "$events" ] && ls -l "$data"
	tail -n 2 "/results/$name-serial.log"
	return $rc
}

status=0
case "$mode" in
cost)
	configs=$(arg e2e.bench_configs)
	for config in $(echo "${configs:-off,on,timed,stock}" | tr ',' ' '); do
		case $config in
		off) stats=N events= ;;
		on) stats=Y events= ;;
		timed) stats=Y events=kvm:exit_timed ;;
		stock) stats=N events=kvm:kvm_exit,kvm:kvm_entry ;;
		stock-on) stats=Y events=kvm:kvm_exit,kvm:kvm_entry ;;
		timed-off) stats=N events=kvm:exit_timed ;;
		all3) stats=Y events=kvm:exit_timed,kvm:kvm_exit,kvm:kvm_entry ;;
		unpatched) stats='' events='' ;;
		*) echo "unknown configuration $config"; status=2; continue ;;
		esac
		if [ -z "$stats" ]; then
			# Measuring the series' kernel as "unpatched" would be a lie.
			[ ! -e $exit_stats ] || { echo "unpatched: this kernel has $exit_stats"; exit 1; }
		else
			echo "$stats" > $exit_stats || { echo "cannot set $exit_stats"; exit 1; }
		fi
		# The recording itself is thrown away: only its cost matters here.
		run_l2 bench-cost "cost-$config" /tmp/cost.data "$events" || status=1
		rm -f /tmp/cost.data
	done
	[ ! -e $exit_stats ] || echo Y > $exit_stats
	;;
record)
	echo Y > $exit_stats
	run_l2 bench-record timed /results/timed.data kvm:exit_timed || status=1
	run_l2 bench-record all3 /results/all3.data \
		kvm:exit_timed,kvm:kvm_exit,kvm:kvm_entry || status=1
	live_start /results/live
	run_l2 bench-record live /results/live.data kvm:exit_timed || status=1
	live_stop || status=1
	;;
*)
	echo "stage-bench: e2e.bench must be cost or record (got '$mode')"
	exit 2
	;;
esac
exit $status
