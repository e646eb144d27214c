# Stage: exitreport live on the running kernel (kvm:exit_timed through
# libtracefs, its own trace instance) while perf records the same guest:
# a guest boot (scenario boot) under QEMU/KVM.  exitreport live starts
# before the guest and stops (SIGTERM) after it, so both see every exit of
# the guest's QEMU: the host compares live's since-start metrics
# (/results/live.prom) with the recording (/results/live.data).
# shellcheck source=scripts/lib.sh
. /e2e/lib.sh	# scripts/lib.sh: l2_qemu
exitreport live --json --interval 1 --duration 600 --openmetrics /results/live.prom \
	> /results/live.jsonl 2> /results/live.err &
live=$!
# its trace instance is set up once the first interval line is out
i=0
while [ ! -s /results/live.jsonl ] && [ $i -lt 60 ] && kill -0 $live 2> /dev/null; do
	sleep 1
	i=$((i + 1))
done
echo "exitreport live: pid $live, up after $i s"
l2_qemu /results/live-serial.log "e2e.scenario=boot" \
	timeout "${E2E_GUEST_LIMIT:-240}" perf record -q -a -m 1024 -e kvm:exit_timed \
	-o /results/live.data --
rc=$?
sleep 2
kill -TERM $live
wait $live
lrc=$?
echo "guest rc=$rc, exitreport live rc=$lrc"
ls -l /results/live.data /results/live.prom
cat /results/live.err
[ "$rc" -eq 0 ] && [ "$lrc" -eq 0 ]
