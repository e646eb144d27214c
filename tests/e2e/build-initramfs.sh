#!/bin/bash
# Builds the two initramfs images of the end-to-end harness:
#   OUT/l2.cpio.gz  the guest (L2): busybox, the guest programs, l2-init.sh
#   OUT/l1.cpio.gz  the virtual KVM host (L1): busybox, perf, QEMU with its
#                   firmware, trace-cmd, exitreport, the KVM selftests, vmchurn,
#                   the guest kernel and l2.cpio.gz
# Usage: build-initramfs.sh KERNEL_TREE GUEST_BIN_DIR OUT_DIR [VENDOR]
# With VENDOR (svm or vmx), L1 holds only that vendor's regression set, which
# keeps the image small for the slow Bochs boot.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"

ktree=$1 guestbin=$2 out=$3 vendor=${4:-}
lists=("$here"/regress-*.list)
[ -n "$vendor" ] && lists=("$here/regress-$vendor.list")
selftests=$ktree/tools/testing/selftests/kvm
bzimage=$ktree/arch/x86/boot/bzImage
[ -f "$bzimage" ] || e2e_die "$bzimage: no kernel image (run make kernel)"
mkdir -p "$out"

# L2: the guest.
l2=$out/l2-root
e2e_busybox_root "$l2" "$here/l2-init.sh"
mkdir -p "$l2/scenarios" "$l2/e2e"
cp "$here"/scenarios/*.sh "$l2/scenarios/"
cp "$top/scripts/lib.sh" "$l2/e2e/lib.sh"
for prog in exitstat exitload; do
	[ -x "$guestbin/$prog" ] || e2e_die "$guestbin/$prog: guest program not built (make guest)"
	cp "$guestbin/$prog" "$l2/usr/bin/"
done
e2e_pack_cpio "$l2" "$out/l2.cpio.gz"

# L1: the virtual host.
l1=$out/l1-root
e2e_busybox_root "$l1" "$here/l1-init.sh"
mkdir -p "$l1/e2e" "$l1/l2" "$l1/selftests/x86_64" "$l1/usr/share/qemu"
cp "$here"/stage-*.sh "${lists[@]}" "$l1/e2e/"
cp "$top/scripts/lib.sh" "$l1/e2e/lib.sh"
cp "$bzimage" "$l1/l2/bzImage"
cp "$out/l2.cpio.gz" "$l1/l2/initramfs.cpio.gz"
for t in x86_64/exit_stats_test $(cat "${lists[@]}" | sed 's/#.*//' | awk '{print $1}' | sort -u); do
	# An unpatched tree (a baseline run) has no exit_stats_test.
	[ "$t" = x86_64/exit_stats_test ] && [ "${BASELINE:-0}" = 1 ] && continue
	[ -f "$selftests/$t" ] || e2e_die "$selftests/$t: selftest not built"
	mkdir -p "$l1/selftests/$(dirname "$t")"
	cp "$selftests/$t" "$l1/selftests/$t"
done
# vmchurn, for the stress stage: built here, it runs in L1.
make -s -C "$here" BUILD="$(cd "$out" && pwd)/bin"
cp "$out/bin/vmchurn" "$l1/usr/bin/"
e2e_copy_with_libs "$(command -v perf)" "$l1"
e2e_copy_with_libs "$(command -v qemu-system-x86_64)" "$l1"
# trace-cmd records the trace.dat fixture (stage fixtures)
e2e_copy_with_libs "$(command -v trace-cmd)" "$l1"
# exitreport itself: exitreport live on the host's kernel (stage guest, e2e.live=1) and
# exitreport stats --qmp of the L2 QEMU's KVM stats (stage qmp)
exitreport=${EXITREPORT:-${BUILD:-$top/build}/exitreport/exitreport}
[ -x "$exitreport" ] || make -s -C "$top/tools/exitreport" BUILD="$(dirname "$exitreport")"
e2e_copy_with_libs "$exitreport" "$l1"
mkdir -p "$l1/usr/bin"
mv "$l1$exitreport" "$l1/usr/bin/exitreport"
# The firmware QEMU loads, from the two places Debian's QEMU looks.
mkdir -p "$l1/usr/share/seabios"
cp -L /usr/share/seabios/bios-256k.bin "$l1/usr/share/seabios/"
cp -L /usr/share/qemu/linuxboot_dma.bin /usr/share/qemu/kvmvapic.bin "$l1/usr/share/qemu/"
e2e_pack_cpio "$l1" "$out/l1.cpio.gz"
rm -rf "$l1" "$l2"
ls -l "$out"/l1.cpio.gz "$out"/l2.cpio.gz >&2
