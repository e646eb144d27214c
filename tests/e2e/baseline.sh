#!/bin/bash
# Measures the baseline of the upstream KVM selftest regression set: the same
# kernel and config without the series, booted as the virtual host of VENDOR,
# running tests/e2e/regress-VENDOR.list.  Prints one line per test (pass,
# skip, fail with rc) and writes them to tests/e2e/baseline-VENDOR.txt, the
# measured record that the lists' "baseline-fail" marks rest on.
# Usage: tests/e2e/baseline.sh svm|vmx
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
vendor=$1
build=${BUILD:-$top/build}
tree=$(UNPATCHED=1 bash "$top/kernel/build.sh" "$build")
make -s -C "$top/guest" BUILD="$build/guest"
BASELINE=1 bash "$here/build-initramfs.sh" "$tree" "$build/guest" "$build/baseline" "$vendor"
out=$build/baseline/$vendor
bash "$here/run-l1.sh" "$vendor" regress "$tree/arch/x86/boot/bzImage" \
	"$build/baseline/l1.cpio.gz" "$out" 3600
{
	echo "# Upstream KVM selftests on the UNPATCHED kernel, virtual $vendor host"
	echo "# (tests/e2e/baseline.sh $vendor, $(date -u +%Y-%m-%d), $(sed -n 's/^kernel=//p' "$out/host.info"))"
	awk '$1 == "RESULT" {
		r = $3 == 0 ? "pass" : $3 == 4 ? "skip" : "fail rc " $3
		print $2, r
	}' "$out/regress.log"
} | tee "$here/baseline-$vendor.txt"
