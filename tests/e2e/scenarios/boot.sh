# Scenario: nothing but the boot itself (the "exits of a guest boot"
# experiment); the guest powers off as soon as its init runs.
echo "booted in $(cut -d' ' -f1 /proc/uptime) s"
