# Scenario: nothing but the boot itself (the "exits of a guest boot"
# experiment): the guest reads its own totals once its init runs and
# powers off.
# shellcheck source=scripts/lib.sh
. /e2e/lib.sh	# scripts/lib.sh: block
echo "booted in $(cut -d' ' -f1 /proc/uptime) s"
block snapshot-last exitstat --json --all
