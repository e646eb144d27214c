#!/bin/bash
# Checks that the series builds at every step: applies the patches one at a
# time to a fresh linux-source-6.12 tree (tinyconfig + the fragment, so
# KVM_INTEL and KVM_AMD built in) and after each one builds what it touches:
# the KVM objects for kernel patches, the exit_stats selftest for selftest
# patches.  Documentation patches are applied only.
# Prints one "PASS:"/"FAIL:" line per patch.  A result is kept in
# BUILD_DIR/series-check keyed by the patches, the fragment and this script;
# with the same key it is printed again without building.
# Usage: kernel/check-series.sh [BUILD_DIR]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/kernel/lib.sh"
build=${1:-$top/build}
series=$kernel_series
dir=$build/series-check
tree=$dir/linux-source-6.12

log() { printf '[series] %s\n' "$*" >&2; }

[ -f "$kernel_tarball" ] || { echo "FAIL: series: $kernel_tarball missing (apt-get install linux-source-6.12)"; exit 0; }
key=$(kernel_key "$series" "$0")
if key_matches "$dir/key" "$key" && [ -f "$dir/result" ]; then
	echo "INFO: series: unchanged since it was last built step by step (key $key): its result again"
	cat "$dir/result"
	exit 0
fi

rm -rf "$dir"
mkdir -p "$dir"
t0=$(date +%s)
log "extracting and configuring linux-source-6.12 $(kernel_version)"
kernel_extract "$dir"
if ! kernel_configure "$tree" 2>> "$dir/build.log"; then
	echo "FAIL: series: the configuration does not hold: $(tail -n 1 "$dir/build.log")"
	exit 0
fi

# build_kvm: the KVM objects, common and both vendors' (all built in).
build_kvm() {
	make -s -C "$tree" -j"$kernel_jobs" arch/x86/kvm/ >> "$dir/build.log" 2>&1
}

log "building the KVM objects of the unpatched tree"
if ! build_kvm; then
	echo "FAIL: series: the unpatched tree's KVM objects do not build"
	tail -n 10 "$dir/build.log" | sed 's/^/    | /'
	exit 0
fi
: > "$dir/result.tmp"
failed=0
while read -r patch; do
	[ -n "$patch" ] || continue
	if [ "$failed" -ne 0 ]; then
		echo "SKIP: series: $patch: an earlier patch failed" >> "$dir/result.tmp"
		continue
	fi
	if ! patch -p1 -s -d "$tree" < "$top/kernel/patches/$patch" >> "$dir/build.log" 2>&1; then
		echo "FAIL: series: $patch does not apply after the patches before it" >> "$dir/result.tmp"
		failed=1
		continue
	fi
	files=$(sed -n 's|^+++ b/||p' "$top/kernel/patches/$patch")
	what=
	if grep -qv -e '^Documentation/' -e '^MAINTAINERS$' -e '^tools/' <<< "$files"; then
		log "$patch: building arch/x86/kvm"
		if build_kvm; then what="arch/x86/kvm with KVM_INTEL and KVM_AMD"; else failed=1; fi
	fi
	if [ "$failed" -eq 0 ] && grep -q '^tools/testing/selftests/kvm/' <<< "$files"; then
		log "$patch: building x86_64/exit_stats_test"
		if kernel_build_selftests "$tree" "$dir/build.log" x86_64/exit_stats_test; then what="${what:+$what and }the exit_stats selftest"; else failed=1; fi
	fi
	if [ "$failed" -ne 0 ]; then
		echo "FAIL: series: $patch does not build on the patches before it" >> "$dir/result.tmp"
		tail -n 10 "$dir/build.log" | sed 's/^/    | /' >> "$dir/result.tmp"
	elif [ -z "$what" ]; then
		echo "PASS: series: $patch applies on the patches before it (documentation: nothing to build)" >> "$dir/result.tmp"
	else
		echo "PASS: series: $patch builds on the patches before it: $what" >> "$dir/result.tmp"
	fi
done < "$series"
cat "$dir/result.tmp"
log "checked step by step in $(($(date +%s) - t0)) s"
if [ "$failed" -eq 0 ]; then
	mv "$dir/result.tmp" "$dir/result"
	echo "$key" > "$dir/key"
	# The result is what is kept: the tree itself is 1.5 GB.
	rm -rf "$tree"
fi
