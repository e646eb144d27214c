#!/bin/bash
# Builds the patched test kernel and the KVM selftests, cached by their inputs.
#
# The source comes from Debian's linux-source-6.12 tarball; the cache key is
# the package version, this script, the patches named in kernel/patches/series
# and the config fragment.  An unchanged key reuses build/kernel/KEY as it is; a new
# key extracts, patches and builds from scratch, and older keys are removed.
# Prints the path of the kernel tree on standard output.
# Usage: kernel/build.sh [BUILD_DIR]
#        UNPATCHED=1 kernel/build.sh [BUILD_DIR]   the same kernel without the
#        series (for baselines), cached in BUILD_DIR/kernel-unpatched/KEY
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
tarball=/usr/src/linux-source-6.12.tar.xz
series=$top/kernel/patches/series
cache=kernel
if [ "${UNPATCHED:-0}" = 1 ]; then
	series=/dev/null
	cache=kernel-unpatched
fi
fragment=$top/kernel/config/exitstats.config
jobs=$(($(nproc) + 1))
# Called from "make test" this script inherits the outer make's MAKEFLAGS and
# MAKELEVEL.  The selftests' lib.mk sets OUTPUT only at MAKELEVEL 0, so with
# them it builds into "/": build as if started from a shell, and name OUTPUT.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
# The same inputs give the same bzImage (no date, user, host or build count
# in it), so the benchmark's cached emulator runs, keyed by the image, hold.
export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 1970'
export KBUILD_BUILD_USER=exitstats KBUILD_BUILD_HOST=build KBUILD_BUILD_VERSION=1

log() { printf '[kernel] %s\n' "$*" >&2; }

[ -f "$tarball" ] || { echo "kernel: $tarball missing (apt-get install linux-source-6.12)" >&2; exit 2; }
# One build at a time: a second caller waits, then finds the cache.
mkdir -p "$build"
exec 9> "$build/$cache.lock"
flock 9
version=$(dpkg-query -W -f '${Version}' linux-source-6.12)
key=$( { echo "$version"; cat "$top/kernel/build.sh"; cd "$top/kernel/patches" && cat "$series" $(cat "$series"); cat "$fragment"; } |
	sha256sum | cut -c1-16)
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
tar xJf "$tarball" -C "$dir"
log "applying $(wc -l < "$series") patches"
while read -r patch; do
	[ -n "$patch" ] || continue
	patch -p1 -s -d "$tree" < "$top/kernel/patches/$patch" ||
		{ echo "kernel: $patch does not apply" >&2; exit 2; }
done < "$series"
log "configuring: tinyconfig + $(basename "$fragment")"
make -s -C "$tree" tinyconfig > /dev/null
(cd "$tree" && scripts/kconfig/merge_config.sh -m .config "$fragment" > /dev/null)
make -s -C "$tree" olddefconfig > /dev/null
for opt in $(grep -o '^CONFIG_[A-Z0-9_]*=y' "$fragment" | cut -d= -f1); do
	grep -q "^$opt=y" "$tree/.config" || { echo "kernel: $opt did not survive olddefconfig" >&2; exit 2; }
done
log "building bzImage (make -j$jobs; a few minutes)"
make -s -C "$tree" -j"$jobs" bzImage > "$dir/build.log" 2>&1 ||
	{ echo "kernel: build failed; tail of $dir/build.log:" >&2; tail -n 30 "$dir/build.log" >&2; exit 2; }
log "building the KVM selftests"
make -s -C "$tree" headers >> "$dir/build.log" 2>&1 ||
	{ echo "kernel: make headers failed; tail of $dir/build.log:" >&2; tail -n 30 "$dir/build.log" >&2; exit 2; }
selftests=$tree/tools/testing/selftests/kvm
make -s -C "$selftests" -j"$jobs" OUTPUT="$selftests" LDFLAGS=-static >> "$dir/build.log" 2>&1 ||
	{ echo "kernel: selftests build failed; tail of $dir/build.log:" >&2; tail -n 30 "$dir/build.log" >&2; exit 2; }
# A selftests build that wrote elsewhere exits 0 too: check what is needed.
needed=x86_64/cpuid_test
[ "$series" != /dev/null ] && needed="$needed x86_64/exit_stats_test"
for t in $needed; do
	[ -x "$selftests/$t" ] || { echo "kernel: selftests build made no $selftests/$t" >&2; exit 2; }
done
touch "$dir/built"
log "built in $(($(date +%s) - t0)) s: $tree"
echo "$tree"
