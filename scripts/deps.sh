#!/bin/bash
# Installs the Debian packages the project needs; quiet when all are there.
set -euo pipefail
packages=(
	# the kernel: source, toolchain, checkpatch
	linux-source-6.12 build-essential flex bison bc libelf-dev libssl-dev
	python3 python3-ply python3-git perl
	# the virtual hosts and what runs inside them
	qemu-system-x86 bochs bochsbios vgabios isolinux syslinux-common xorriso
	busybox-static cpio linux-perf
	# exitreport, its fuzzer and plots; the test scripts
	libtraceevent-dev libjson-c-dev pkg-config gnuplot-nox clang libclang-rt-14-dev jq
	# exitreport live: /metrics server; its tests: promtool and a Prometheus server
	libtracefs-dev libmicrohttpd-dev prometheus python3 curl libncurses-dev tmux
	# scripts/screenshot-top.sh (the README picture of exitreport top)
	imagemagick fonts-dejavu-core
	# make bench: peak RSS (/usr/bin/time)
	time
)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing Debian packages: ${missing[*]} (run as root, or apt-get install them)" >&2
	exit 2
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q > /dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" > /dev/null
