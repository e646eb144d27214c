# scripts/lib.sh: the shell helpers the project's scripts share (sourced, not
# run).  POSIX sh: it runs in busybox too, where build-initramfs.sh copies
# it into both initramfs images as /e2e/lib.sh.  Sourced by tests/e2e/lib.sh
# (and through it by run-all.sh's stages), the in-host stages and guest
# scenarios, the unit test scripts, scripts/demo.sh, bench/run.sh and
# kernel/lib.sh.
# shellcheck shell=sh disable=SC2034 # the counts are read by the sourcing script

# init_mounts: what the /init of both initramfs images (the virtual host's
# and the guest's) sets up first: PATH, busybox's applets, /proc, /sys, /dev
# and /tmp.
init_mounts() {
	export PATH=/bin:/sbin:/usr/bin:/usr/sbin
	/bin/busybox --install -s /bin
	mount -t proc proc /proc
	mount -t sysfs sys /sys
	mount -t devtmpfs dev /dev 2> /dev/null
	mount -t tmpfs tmp /tmp
}

# arg NAME: the value of NAME= on the kernel command line (E2E_CMDLINE, a
# file, for tests; /proc/cmdline by default), empty when absent.
arg() {
	sed -n "s/.*$1=\([^ ]*\).*/\1/p" "${E2E_CMDLINE:-/proc/cmdline}"
}

# Test results, one line each: "PASS: name", "FAIL: name: why", "SKIP: name:
# why" (run-all.sh counts them), each prefixed by $result_prefix; the counts
# in npass/nfail/nskip, and failed=1 after any failure.
npass=0 nfail=0 nskip=0 failed=0
pass() { echo "PASS: ${result_prefix:-}$1"; npass=$((npass + 1)); }
fail() { echo "FAIL: ${result_prefix:-}$1${2:+: $2}"; nfail=$((nfail + 1)); failed=1; }
skip() { echo "SKIP: ${result_prefix:-}$1${2:+: $2}"; nskip=$((nskip + 1)); }

# block NAME CMD...: runs CMD with its output between "@@BEGIN NAME" and
# "@@END NAME rc=RC" (in a guest, on its serial console).
block() {
	_block_name=$1
	shift
	echo "@@BEGIN $_block_name"
	"$@"
	echo "@@END $_block_name rc=$?"
}

# block_out LOG NAME: the lines between the markers of block NAME in LOG (a
# guest's serial log), markers and carriage returns removed.
block_out() {
	tr -d '\r' < "$1" | sed -n "/^@@BEGIN $2\$/,/^@@END $2 /p" | sed '1d;$d'
}

# key_of: the cache key of what standard input holds (16 hex digits of its
# SHA-256): every input-keyed cache (the kernel, the series check, the
# virtual hosts' runs, the benchmark's runs and files) is keyed this way.
key_of() {
	sha256sum | cut -c1-16
}

# key_matches FILE KEY: FILE holds KEY, i.e. the cache it guards is valid.
key_matches() {
	[ "$(cat "$1" 2> /dev/null)" = "$2" ]
}

# l2_qemu SERIAL APPEND [PREFIX...]: runs PREFIX (e.g. timeout N perf record
# ... --) with the guest (L2) under QEMU/KVM inside the virtual host: the
# guest kernel and initramfs of /l2, its serial console into SERIAL, APPEND
# added to its kernel command line, L2_QEMU_OPTS (a list of options, e.g. a
# QMP socket) added to QEMU's; L2_SMP vCPUs (default 1).
l2_qemu() {
	_l2_serial=$1 _l2_append=$2
	shift 2
	# shellcheck disable=SC2086 # L2_QEMU_OPTS is a list of options
	"$@" qemu-system-x86_64 -enable-kvm -cpu host -m 256 -smp "${L2_SMP:-1}" \
		-display none -vga none -nodefaults -no-reboot -monitor none \
		-serial "file:$_l2_serial" ${L2_QEMU_OPTS:-} \
		-kernel /l2/bzImage -initrd /l2/initramfs.cpio.gz \
		-append "console=ttyS0 quiet panic=-1 $_l2_append"
}

# live_start PREFIX: exitreport live on the virtual host's kernel
# (kvm:exit_timed through libtracefs, in its own trace instance) in the
# background: a JSON line per second into PREFIX.jsonl, its errors into
# PREFIX.err, its since-start metrics into PREFIX.prom when it ends.  Returns
# once its first line is out (its trace instance is set up then), or after
# 60 s.  live_stop ends it.
live_start() {
	_live_prefix=$1
	exitreport live --json --interval 1 --openmetrics "$1.prom" \
		> "$1.jsonl" 2> "$1.err" &
	_live_pid=$!
	_live_i=0
	while [ ! -s "$1.jsonl" ] && [ $_live_i -lt 60 ] && kill -0 $_live_pid 2> /dev/null; do
		sleep 1
		_live_i=$((_live_i + 1))
	done
	echo "exitreport live: pid $_live_pid, up after $_live_i s"
}

# live_stop: ends live_start's exitreport live (SIGTERM: it writes its
# metrics and exits 0) two seconds after the traced work, so that it has
# read every event; its status goes into PREFIX.rc and is returned.
live_stop() {
	sleep 2
	kill -TERM $_live_pid
	wait $_live_pid
	_live_rc=$?
	echo "$_live_rc" > "$_live_prefix.rc"
	echo "exitreport live rc=$_live_rc"
	cat "$_live_prefix.err"
	return $_live_rc
}
