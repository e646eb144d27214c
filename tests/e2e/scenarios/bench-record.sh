# Scenario (bench/run.sh, stage-bench record): a mix of exit reasons for the
# agreement of exit_timed with kvm_exit/kvm_entry, then bench.exits= CPUIDs
# for the throughput of the tools that read the recording.
# shellcheck source=scripts/lib.sh
. /e2e/lib.sh	# scripts/lib.sh: arg, block
exits=$(arg bench.exits)
block "exitload msr 2000" exitload msr 2000
block "exitload bench vmcall 2000 1" exitload bench vmcall 2000 1
block "exitload touch 16" exitload touch 16
block "exitload timer 200" exitload timer 200
block "exitload hlt 200" exitload hlt 200
block "exitload cpuid ${exits:-1000000}" exitload cpuid "${exits:-1000000}"
