# Scenario: the guest programs against known exit mixes.  Each block of
# output sits between "@@BEGIN name" and "@@END name" for the host checks;
# "exitload X 0" runs give the start-up exits of the program itself, so
# that the host can compare exact differences.
# shellcheck source=scripts/lib.sh
. /e2e/lib.sh	# scripts/lib.sh: block

block snapshot-first exitstat --json --all
# The workload's own output goes to a file and is shown afterwards: printed
# on the serial console it would add port I/O exits of its own.
for load in "cpuid 0" "cpuid 2000" "pio 0" "pio 500" "pio 0 kernel" "pio 500 kernel" \
	"msr 0" "msr 300"; do
	set -- $load
	block "delta-$1-$2${3:+-$3}" exitstat --json -- sh -c "exitload $load > /tmp/load.out 2>&1"
	cat /tmp/load.out
done
block delta-touch exitstat --json -- exitload touch 16
block delta-timer exitstat --json -- exitload timer 200
block table exitstat
block csv exitstat --csv
block snapshot-last exitstat --json --all
