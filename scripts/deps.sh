#!/bin/bash
# Installs the Debian packages the project needs; quiet when all are there.
#   scripts/deps.sh         everything (make deps): the kernel, the virtual
#                           hosts, the fuzzer, make bench
#   scripts/deps.sh tools   exitreport, exitstat/exitload and their host-only
#                           tests (make deps-tools, make test-unit)
# Not root with packages missing: names them and exits 2.
set -euo pipefail
# exitreport and the guest programs, their plots and host-only tests
tools=(build-essential pkg-config libtraceevent-dev libjson-c-dev libtracefs-dev libmicrohttpd-dev
	libncurses-dev libzstd-dev libtracecmd-dev trace-cmd jq gnuplot-nox python3
	# exitreport live's tests: promtool, a Prometheus server, the view under tmux
	prometheus curl tmux)
case ${1:-all} in
tools) packages=("${tools[@]}") ;;
all)
	packages=(
		"${tools[@]}"
		# the kernel: source, toolchain, checkpatch
		linux-source-6.12 flex bison bc libelf-dev libssl-dev
		python3-ply python3-git perl
		# the virtual hosts and what runs inside them
		qemu-system-x86 bochs bochsbios vgabios isolinux syslinux-common xorriso
		busybox-static cpio linux-perf
		# exitreport's fuzzer
		clang libclang-rt-14-dev
		# scripts/screenshot-top.sh (the README picture of exitreport top)
		imagemagick fonts-dejavu-core
		# make bench: peak RSS (/usr/bin/time)
		time
	)
	;;
*) echo "usage: scripts/deps.sh [tools|all]" >&2; exit 2 ;;
esac
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
