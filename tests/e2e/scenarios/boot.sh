# Scenario: nothing but the boot itself (the "exits of a guest boot"
# experiment): the guest reads its own totals once its init runs and
# powers off.
echo "booted in $(cut -d' ' -f1 /proc/uptime) s"
echo "@@BEGIN snapshot-last"
exitstat --json --all
echo "@@END snapshot-last rc=$?"
