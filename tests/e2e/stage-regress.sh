# Stage: the upstream KVM selftests listed in /e2e/regress-VENDOR.list (VENDOR
# from e2e.vendor=), one time limit each.  Prints "RESULT name rc seconds" per
# test; rc 4 is KSFT_SKIP, the seconds are the host's own (emulated under
# Bochs' clock: sync=none).  The console gets one line per test too, so that
# the host side can time each test in wall seconds.  A test marked "retry"
# in the list (timing-sensitive under emulation) that fails runs once more;
# "RETRIED name rc" then tells the host the first attempt's status.
# shellcheck source=scripts/lib.sh
. /e2e/lib.sh	# scripts/lib.sh: arg, block, l2_qemu
vendor=$(arg e2e.vendor)
cd /selftests || exit 1
while read -r name limit mark; do
	case "$name" in ''|'#'*) continue ;; esac
	[ -x "./$name" ] || { echo "RESULT $name missing"; continue; }
	echo "=== $name"
	echo "E2E-REGRESS $name start" > /dev/console
	t0=$(cut -d ' ' -f 1 /proc/uptime)
	timeout "${limit:-60}" "./$name" > "/results/regress-$(basename "$name").log" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ] && [ "$mark" = retry ]; then
		printf '\nRETRIED %s %s\n' "$name" "$rc"
		mv "/results/regress-$(basename "$name").log" "/results/regress-$(basename "$name")-1.log"
		timeout "${limit:-60}" "./$name" > "/results/regress-$(basename "$name").log" 2>&1
		rc=$?
	fi
	secs=$(awk -v t0="$t0" '{ printf "%.1f", $1 - t0 }' /proc/uptime)
	tail -n 5 "/results/regress-$(basename "$name").log"
	printf '\nRESULT %s %s %s\n' "$name" "$rc" "$secs"
	echo "E2E-REGRESS $name rc=$rc secs=$secs" > /dev/console
done < "/e2e/regress-$vendor.list"
