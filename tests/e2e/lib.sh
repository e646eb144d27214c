# shellcheck shell=bash
# Shared shell helpers for the end-to-end harness (sourced, not run); the
# project's general ones (arg, pass/fail/skip, block_out, key_of, ...) are in
# scripts/lib.sh, sourced here.
# shellcheck source=scripts/lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

e2e_log() {
	printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

e2e_die() {
	printf 'e2e: error: %s\n' "$*" >&2
	exit 2
}

# Copies a dynamically linked program and every library ldd names into ROOT,
# keeping their paths, so that it runs inside the initramfs.
e2e_copy_with_libs() {
	local bin=$1 root=$2 lib
	mkdir -p "$root$(dirname "$bin")"
	cp -L "$bin" "$root$bin"
	for lib in $(ldd "$bin" | grep -o '/[^ )]*'); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

# Makes the busybox skeleton of an initramfs in ROOT with INIT as /init.
e2e_busybox_root() {
	local root=$1 init=$2
	rm -rf "$root"
	mkdir -p "$root"/bin "$root"/sbin "$root"/proc "$root"/sys "$root"/dev \
		"$root"/tmp "$root"/etc "$root"/results "$root"/usr/bin "$root"/root
	cp /bin/busybox "$root"/bin/busybox
	ln -s busybox "$root"/bin/sh
	cp "$init" "$root"/init
	chmod 755 "$root"/init
	echo 'root:x:0:0:root:/root:/bin/sh' > "$root"/etc/passwd
	echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >> "$root"/etc/passwd
	echo 'root:x:0:' > "$root"/etc/group
}

# Packs ROOT into a gzip-compressed newc cpio archive OUT.  The archive is
# reproducible (sorted names, one date, no inode or device numbers), so the
# same contents give the same bytes: run-all.sh keys cached runs by it.
e2e_pack_cpio() {
	local root=$1 out=$2
	find "$root" -exec touch -h -d @0 {} +
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --reproducible --quiet) |
		gzip -1 -n > "$out.tmp"
	mv "$out.tmp" "$out"
}

# Prints the last lines of a log, indented, for failure messages; ended by a
# newline even when the log's last line has none (a guest cut mid-line), so
# that the next result line starts a line of its own.
e2e_tail() {
	local file=$1 lines=${2:-25}
	[ -f "$file" ] || { echo "    (no log: $file)"; return; }
	tail -n "$lines" "$file" | sed -e 's/^/    | /' -e '$a\'
}
