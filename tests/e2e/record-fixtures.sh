#!/bin/bash
# Records exitreport's real fixtures on the virtual host of VENDOR (see
# stage-fixtures.sh) into tests/fixtures/exitreport/VENDOR-*.data, where
# tests/unit/run-exitreport.sh checks exitreport against perf script on them.
# Usage: tests/e2e/record-fixtures.sh svm|vmx
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
vendor=$1
build=${BUILD:-$top/build}
tree=$(bash "$top/kernel/build.sh" "$build")
make -s -C "$top/guest" BUILD="$build/guest"
bash "$here/build-initramfs.sh" "$tree" "$build/guest" "$build/fixtures-$vendor" "$vendor"
out=$build/fixtures-$vendor/run
bash "$here/run-l1.sh" "$vendor" fixtures "$tree/arch/x86/boot/bzImage" \
	"$build/fixtures-$vendor/l1.cpio.gz" "$out" 1800
for f in exit_timed stock pipe compressed; do
	cp "$out/$f.data" "$top/tests/fixtures/exitreport/$vendor-$f.data"
done
# a perf record --threads directory: data and data.N
rm -rf "$top/tests/fixtures/exitreport/$vendor-threads.data"
cp -r "$out/threads.data" "$top/tests/fixtures/exitreport/$vendor-threads.data"
ls -l "$top"/tests/fixtures/exitreport/"$vendor"-*.data
