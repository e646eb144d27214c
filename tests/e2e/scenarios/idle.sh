# Scenario: an idle guest (the "exit rate of an idle guest over time"
# experiment): 20 seconds of sleep, bracketed by exitstat readings.
# shellcheck source=scripts/lib.sh
. /e2e/lib.sh	# scripts/lib.sh: block
block snapshot-first exitstat --json --all
sleep 20
block snapshot-last exitstat --json --all
