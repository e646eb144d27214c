# Stage: Linux guests (L2) under QEMU/KVM on the patched KVM, each running
# one scenario of /scenarios while perf records the whole host.
#   e2e.guests=SCENARIO:NAME,...   default e2e:guest
#   e2e.events=EVENT,...           default kvm:exit_timed,kvm:kvm_cpuid,kvm:kvm_msr
#                                  (kvm_msr: the MSR workload, counted by exitreport --by msr)
#   e2e.guest_limit=SECONDS        each guest's bound in emulated time, default
#                                  240 (the debug kernel's host needs more)
#   e2e.live=1                     exitreport live watches the host's kernel
#                                  meanwhile, from before the first guest to
#                                  after the last: /results/guest-live.{jsonl,
#                                  prom,err,rc}, compared by the host with the
#                                  recordings
# Each run leaves /results/NAME.data and /results/NAME-serial.log.
# E2E_GUESTS and E2E_LIVE, when set, stand for e2e.guests and e2e.live
# (stage-repeat.sh).
# shellcheck source=scripts/lib.sh
. /e2e/lib.sh	# scripts/lib.sh: arg, block, l2_qemu, live_start, live_stop
guests=${E2E_GUESTS:-$(arg e2e.guests)}
events=$(arg e2e.events)
events=${events:-kvm:exit_timed,kvm:kvm_cpuid,kvm:kvm_msr}
limit=$(arg e2e.guest_limit)
live=${E2E_LIVE:-$(arg e2e.live)}
status=0
[ "$live" = 1 ] && live_start /results/guest-live
for run in $(echo "${guests:-e2e:guest}" | tr ',' ' '); do
	scenario=${run%%:*} name=${run#*:}
	echo "=== $name: scenario=$scenario events=$events"
	l2_qemu "/results/$name-serial.log" "e2e.scenario=$scenario" \
		timeout "${limit:-${E2E_GUEST_LIMIT:-240}}" perf record -q -a -m 1024 -e "$events" \
		-o "/results/$name.data" --
	rc=$?
	echo "$name rc=$rc"
	ls -l "/results/$name.data"
	tail -n 3 "/results/$name-serial.log"
	[ "$rc" -eq 0 ] || status=$rc
done
# live's own status is judged by the host (guest-live.rc), beside its figures
[ "$live" = 1 ] && live_stop
exit $status
