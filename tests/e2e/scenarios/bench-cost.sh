# Scenario (bench/run.sh, stage-bench cost): the guest times the round trip
# of cheap exits with RDTSC.  bench.n= exits per repetition, bench.reps=
# repetitions, bench.kinds= comma-separated kinds of exitload bench.
arg() {
	sed -n "s/.*$1=\([^ ]*\).*/\1/p" /proc/cmdline
}
n=$(arg bench.n) reps=$(arg bench.reps) kinds=$(arg bench.kinds)
for kind in $(echo "${kinds:-cpuid,vmcall,msr,pio}" | tr ',' ' '); do
	echo "@@BEGIN bench-$kind"
	exitload bench "$kind" "${n:-2000}" "${reps:-5}"
	echo "@@END bench-$kind rc=$?"
done
