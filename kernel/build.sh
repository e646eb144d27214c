#!/bin/bash
# Builds the patched test kernel and the KVM selftests, cached by their inputs.
#
# The source comes from Debian's linux-source-6.12 tarball; the cache key is
# the package version, this script and kernel/lib.sh, the patches named in
# kernel/patches/series and the config fragment.  An unchanged key reuses
# build/kernel/KEY as it is; a new key extracts, patches and builds from
# scratch, and older keys are removed.  The tree gets a git repository of its
# LICENSES/ for checkpatch.
# Prints the path of the kernel tree on standard output.
# Usage: kernel/build.sh [BUILD_DIR]
#        UNPATCHED=1 kernel/build.sh [BUILD_DIR]   the same kernel without the
#        series (for baselines), cached in BUILD_DIR/kernel-unpatched/KEY
#        DEBUG=1 kernel/build.sh [BUILD_DIR]   the patched kernel with the
#        kernel's checkers on (kernel/config/debug.config over the test
#        kernel's config), cached in BUILD_DIR/kernel-debug/KEY: a bzImage
#        only, no selftests (user programs: the test kernel's serve) and no
#        checkpatch repository
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/kernel/lib.sh"
build=$(realpath -m "${1:-$top/build}")	# absolute: the selftests build is given paths under it
series=$kernel_series
cache=kernel
fragments=()
if [ "${UNPATCHED:-0}" = 1 ]; then
	series=/dev/null
	cache=kernel-unpatched
fi
if [ "${DEBUG:-0}" = 1 ]; then
	cache=kernel-debug
	fragments=("$top/kernel/config/debug.config")
fi

log() { printf '[kernel] %s\n' "$*" >&2; }

kernel_require_tarball
# One build at a time: a second caller waits, then finds the cache.
mkdir -p "$build"
exec 9> "$build/$cache.lock"
flock 9
version=$(kernel_version)
key=$(kernel_key "$series" "$top/kernel/build.sh" "${fragments[@]}")
dir=$build/$cache/$key
tree=$dir/linux-source-6.12

if [ -f "$dir/built" ]; then
	log "cached: $tree (key $key)"
	echo "$tree"
	exit 0
fi

for old in "$build/$cache"/*; do
	[ -d "$old" ] && [ "$old" != "$dir" ] && { log "removing stale build $old"; rm -rf "$old"; }
done
rm -rf "$dir"
mkdir -p "$dir"
t0=$(date +%s)
log "extracting linux-source-6.12 $version"
kernel_extract "$dir"
log "applying $(wc -l < "$series") patches"
while read -r patch; do
	[ -n "$patch" ] || continue
	patch -p1 -s -d "$tree" < "$top/kernel/patches/$patch" ||
		{ echo "kernel: $patch does not apply" >&2; exit 2; }
done < "$series"
log "configuring: tinyconfig + $(basename "$kernel_fragment")${fragments:+ + $(basename "${fragments[0]}")}"
kernel_configure "$tree" "${fragments[@]}"
log "building bzImage (make -j$kernel_jobs; a few minutes)"
make -s -C "$tree" -j"$kernel_jobs" bzImage > "$dir/build.log" 2>&1 ||
	{ echo "kernel: build failed; tail of $dir/build.log:" >&2; tail -n 30 "$dir/build.log" >&2; exit 2; }
if [ "${DEBUG:-0}" = 1 ]; then
	touch "$dir/built"
	log "built in $(($(date +%s) - t0)) s: $tree"
	echo "$tree"
	exit 0
fi
log "building the KVM selftests"
selftests=$tree/tools/testing/selftests/kvm
kernel_build_selftests "$tree" "$dir/build.log" ||
	{ echo "kernel: selftests build failed; tail of $dir/build.log:" >&2; tail -n 30 "$dir/build.log" >&2; exit 2; }
# A selftests build that wrote elsewhere exits 0 too: check what is needed.
needed=x86_64/cpuid_test
[ "$series" != /dev/null ] && needed="$needed x86_64/exit_stats_test"
for t in $needed; do
	[ -x "$selftests/$t" ] || { echo "kernel: selftests build made no $selftests/$t" >&2; exit 2; }
done
# checkpatch's SPDX check reads the license list from the git tree of the
# kernel it runs in (LICENSES/ at HEAD): give the tree one.
git -C "$tree" init -q &&
	git -C "$tree" add -f LICENSES &&
	git -C "$tree" -c user.name=exitstats -c user.email=exitstats@localhost \
		commit -q -m "LICENSES, for checkpatch's SPDX check"
touch "$dir/built"
log "built in $(($(date +%s) - t0)) s: $tree"
echo "$tree"
