# Shared by kernel/build.sh and kernel/check-series.sh (sourced, not run).
# shellcheck shell=bash
# Needs $top, the repository's top directory.
# key_of, key_matches
# shellcheck source=scripts/lib.sh
# shellcheck disable=SC2154 # $top: set by the caller
. "$top/scripts/lib.sh"

kernel_tarball=/usr/src/linux-source-6.12.tar.xz
kernel_series=$top/kernel/patches/series
kernel_fragment=$top/kernel/config/exitstats.config
kernel_jobs=$(($(nproc) + 1))

# Called from "make test" a script inherits the outer make's MAKEFLAGS and
# MAKELEVEL.  The selftests' lib.mk sets OUTPUT only at MAKELEVEL 0, so with
# them it builds into "/": build as if started from a shell, and name OUTPUT.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
# The same inputs give the same bzImage (no date, user, host or build count
# in it), so the runs keyed by the image (make test's virtual hosts, the
# benchmark's emulator runs) hold across rebuilds.
export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 1970'
export KBUILD_BUILD_USER=exitstats KBUILD_BUILD_HOST=build KBUILD_BUILD_VERSION=1

kernel_require_tarball() {
	[ -f "$kernel_tarball" ] ||
		{ echo "kernel: $kernel_tarball missing (apt-get install linux-source-6.12)" >&2; exit 2; }
}

kernel_version() {
	dpkg-query -W -f '${Version}' linux-source-6.12
}

# kernel_key SERIES FILE...: a cache key over the package version, the patch
# list SERIES with its patches, the config fragment, this file and FILEs.
kernel_key() {
	local series=$1
	shift
	{
		kernel_version
		cat "$top/kernel/lib.sh" "$kernel_fragment" "$@" "$series"
		(cd "$top/kernel/patches" && xargs cat < "$series")
	} | key_of
}

# kernel_extract DIR: the pristine source in DIR/linux-source-6.12.
kernel_extract() {
	tar xJf "$kernel_tarball" -C "$1"
}

# kernel_configure TREE [FRAGMENT...]: tinyconfig with the fragment, then
# the FRAGMENTs (the debug kernel's), merged over it.  merge_config drops an
# option whose dependencies are unmet without a word, so every line of every
# fragment ("CONFIG_X=V" or "# CONFIG_X is not set") must survive olddefconfig
# as it is: the ones that did not are all named.
kernel_configure() {
	local tree=$1 line name missing=0
	shift
	make -s -C "$tree" tinyconfig > /dev/null
	(cd "$tree" && scripts/kconfig/merge_config.sh -m .config "$kernel_fragment" "$@" > /dev/null)
	make -s -C "$tree" olddefconfig > /dev/null
	while IFS= read -r line; do
		grep -qxF "$line" "$tree/.config" && continue
		name=$(echo "$line" | grep -o 'CONFIG_[A-Z0-9_]*')
		echo "kernel: '$line' did not survive olddefconfig (now: $(grep -m1 -e "^$name=" \
			-e "^# $name is not set" "$tree/.config" || echo "absent: unmet dependencies"))" >&2
		missing=$((missing + 1))
	done < <(grep -h -e '^CONFIG_[A-Z0-9_]*=' -e '^# CONFIG_[A-Z0-9_]* is not set$' \
		"$kernel_fragment" "$@")
	[ "$missing" -eq 0 ] || return 2
}

# kernel_build_selftests TREE LOG [TARGET...]: the UAPI headers, then the KVM
# selftests (all, or the TARGETs, paths under the selftests directory), built
# in the tree and linked statically for the virtual host's initramfs.
kernel_build_selftests() {
	local tree=$1 log=$2 st=$1/tools/testing/selftests/kvm
	shift 2
	make -s -C "$tree" headers >> "$log" 2>&1 &&
		make -s -C "$st" -j"$kernel_jobs" OUTPUT="$st" LDFLAGS=-static \
			"${@/#/$st/}" >> "$log" 2>&1
}
