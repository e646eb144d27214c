#!/bin/sh
# /init of the guest (L2).  Runs /scenarios/NAME.sh (NAME from
# e2e.scenario=) with its output on the serial console between markers,
# then powers the VM off.
# shellcheck source=scripts/lib.sh
. /e2e/lib.sh	# scripts/lib.sh: init_mounts, arg
init_mounts

scenario=$(arg e2e.scenario)
echo "E2E-GUEST up scenario=$scenario"
if [ -f "/scenarios/$scenario.sh" ]; then
	sh "/scenarios/$scenario.sh"
	echo "E2E-GUEST scenario rc=$?"
else
	echo "E2E-GUEST no such scenario: $scenario"
fi
echo "E2E-GUEST done"
reboot -f
