#!/bin/bash
# Records exitreport's real fixtures on the virtual host of VENDOR (see
# stage-fixtures.sh) into tests/fixtures/exitreport/VENDOR-*.data, where
# tests/unit/run-exitreport.sh checks exitreport against perf script on them.
# Usage: [FIXTURES="exitreport stock ..."] tests/e2e/record-fixtures.sh svm|vmx
# FIXTURES: the ones to replace (default all: exit_timed stock pipe
# compressed threads qual tracecmd); the others stay as they are.
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
for f in ${FIXTURES:-exit_timed stock pipe compressed threads qual tracecmd}; do
	# threads.data is a perf record --threads directory: data and data.N;
	# tracecmd.dat trace-cmd's trace.dat
	ext=data
	[ "$f" = tracecmd ] && ext=dat
	rm -rf "$top/tests/fixtures/exitreport/$vendor-$f.$ext"
	cp -r "$out/$f.$ext" "$top/tests/fixtures/exitreport/$vendor-$f.$ext"
done
ls -ld "$top"/tests/fixtures/exitreport/"$vendor"-*
