# Scenario (bench/run.sh, stage-bench cost): the guest times the round trip
# of cheap exits with RDTSC.  bench.n= exits per repetition, bench.reps=
# repetitions, bench.kinds= comma-separated kinds of exitload bench.
# The results go to a file and reach the serial console only at the end:
# console output is port I/O, whose exits would land in the measurements.
# shellcheck source=scripts/lib.sh
. /e2e/lib.sh	# scripts/lib.sh: arg, block
n=$(arg bench.n) reps=$(arg bench.reps) kinds=$(arg bench.kinds)
# Let the boot's deferred work and the console output so far finish first.
sleep 1
for kind in $(echo "${kinds:-cpuid,vmcall,msr,piok,pio}" | tr ',' ' '); do
	exitload bench "$kind" "${n:-2000}" "${reps:-5}" >> /tmp/bench.out 2>&1 ||
		echo "bench $kind failed rc=$?" >> /tmp/bench.out
done
echo "@@BEGIN bench"
cat /tmp/bench.out
echo "@@END bench"
