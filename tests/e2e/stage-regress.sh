# Stage: the upstream KVM selftests listed in /e2e/regress-VENDOR.list (VENDOR
# from e2e.vendor=), one time limit each.  Prints "RESULT name rc" per test;
# rc 4 is KSFT_SKIP.
# shellcheck source=scripts/lib.sh
. /e2e/lib.sh	# scripts/lib.sh: arg, block, l2_qemu
vendor=$(arg e2e.vendor)
cd /selftests || exit 1
while read -r name limit; do
	case "$name" in ''|'#'*) continue ;; esac
	[ -x "./$name" ] || { echo "RESULT $name missing"; continue; }
	echo "=== $name"
	timeout "${limit:-60}" "./$name" > "/results/regress-$(basename "$name").log" 2>&1
	rc=$?
	tail -n 5 "/results/regress-$(basename "$name").log"
	printf '\nRESULT %s %s\n' "$name" "$rc"
	echo "E2E-REGRESS $name rc=$rc" > /dev/console
done < "/e2e/regress-$vendor.list"
