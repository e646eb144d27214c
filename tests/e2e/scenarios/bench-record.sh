# Scenario (bench/run.sh, stage-bench record): a mix of exit reasons for the
# agreement of exit_timed with kvm_exit/kvm_entry, then bench.exits= CPUIDs
# for the throughput of the tools that read the recording.
arg() {
	sed -n "s/.*$1=\([^ ]*\).*/\1/p" /proc/cmdline
}
exits=$(arg bench.exits)
block() {
	echo "@@BEGIN $*"
	"$@"
	echo "@@END $* rc=$?"
}
block exitload msr 2000
block exitload bench vmcall 2000 1
block exitload touch 16
block exitload timer 200
block exitload hlt 200
block exitload cpuid "${exits:-1000000}"
