#!/bin/bash
# Boots the patched kernel as a virtual KVM host (L1) in an emulator, runs the
# stages of PLAN inside it and unpacks their results into OUT.
#   svm: QEMU's TCG emulator, CPU EPYC with SVM and NPT
#   vmx: Bochs, CPU corei7_skylake_x (VMX with EPT), booted from an ISO
# Usage: run-l1.sh svm|vmx PLAN BZIMAGE L1_INITRAMFS OUT [WALL_LIMIT_SECONDS] [EXTRA_CMDLINE]
# Exit status: 0 when the host ran its plan and wrote its results, else 2.
# Optional environment:
#   E2E_QEMU_OPTS="..."    more QEMU options for the svm host (e.g. "-icount
#                          shift=0"); a tsc_early_khz= in EXTRA_CMDLINE then
#                          replaces the one taken from the real TSC
#   E2E_DISK_CYLINDERS=N   size of the results disk in 516 KiB cylinders
#                          (default 520: 268 MB)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

vendor=$1 plan=$2 limit=${6:-1200} extra=${7:-}
bzimage=$(realpath "$3") initrd=$(realpath "$4") out=$(realpath -m "$5")
# kvm.exit_stats_guest=1: the guests of the virtual host read their own
# counters (the kernel hides them from guests by default).
cmdline="console=ttyS0 panic=-1 quiet kvm.exit_stats_guest=1 e2e.plan=$plan e2e.vendor=$vendor $extra"
rm -rf "$out"
mkdir -p "$out/work"
console=$out/console.log
monitor=$out/work/monitor.sock
stalled=0
disk=$out/work/results.img
# 520 cylinders x 16 heads x 63 sectors: a geometry both emulators accept.
cylinders=${E2E_DISK_CYLINDERS:-520}
truncate -s $((cylinders * 16 * 63 * 512)) "$disk"

run_qemu() {
	# Under TCG the virtual host's TSC ticks at the real TSC's rate.  Its own
	# calibration against the emulated PIT fails when the machine is busy,
	# leaving KVM without a TSC frequency, so hand it the real one.
	local mhz
	mhz=$(awk -F: '/^cpu MHz/ { printf "%d", $2 * 1000; exit }' /proc/cpuinfo)
	case "$cmdline" in
	*tsc_early_khz=*) ;;
	*) [ -n "$mhz" ] && cmdline="$cmdline tsc_early_khz=$mhz" ;;
	esac
	# QEMU 7.2's TCG can lose the request that makes a vCPU look at its
	# local APIC: helper_vmrun sets CPU_INTERRUPT_VIRQ in interrupt_request
	# without the iothread lock, while the APIC timer sets CPU_INTERRUPT_POLL
	# from the main loop.  A one-shot timer interrupt lost that way leaves
	# the host (one CPU: the kernel has no ACPI, and SeaBIOS's MP table
	# lists only the first of the two) halted for good with the vector in
	# IRR, in most runs of the debug kernel's host.  highres=off keeps the
	# local APIC timer periodic (the kernel is CONFIG_HZ_PERIODIC), and the
	# next tick delivers what the last one lost.
	cmdline="$cmdline highres=off"
	# shellcheck disable=SC2086 # E2E_QEMU_OPTS is a list of options
	qemu-system-x86_64 ${E2E_QEMU_OPTS:-} \
		-accel tcg -cpu EPYC,+svm,+npt -m 3072 -smp 2 \
		-display none -vga none -nodefaults -no-reboot \
		-monitor "unix:$monitor,server=on,wait=off" \
		-serial "file:$console" \
		-kernel "$bzimage" -initrd "$initrd" -append "$cmdline" \
		-drive "file=$disk,format=raw,if=ide,index=1" \
		> "$out/work/emulator.log" 2>&1 &
	watch_qemu $!
}

# monitor_says COMMAND...: what QEMU's human monitor answers to each command.
monitor_says() {
	python3 - "$monitor" "$@" <<-'PY'
	import socket, sys
	s = socket.socket(socket.AF_UNIX)
	s.settimeout(5)
	s.connect(sys.argv[1])
	def drain():
	    out = b""
	    try:
	        while not out.endswith(b"(qemu) "):
	            chunk = s.recv(65536)
	            if not chunk:
	                break
	            out += chunk
	    except socket.timeout:
	        pass
	    return out.decode(errors="replace")
	drain()
	for cmd in sys.argv[2:]:
	    s.sendall(cmd.encode() + b"\n")
	    said = drain().replace("(qemu) ", "").splitlines()
	    # the monitor echoes each command with terminal escapes
	    print(f"-- {cmd}")
	    print("\n".join(l for l in said if "\x1b[" not in l).strip())
	PY
}

# dump_state: where the host's CPUs are (registers, local APICs), twice,
# 3 s apart (once only when the monitor does not answer), on stdout.
dump_state() {
	local n
	for n in 1 2; do
		[ "$n" -eq 2 ] && sleep 3
		echo "== state $n, $(date +%T)"
		monitor_says "info cpus" "cpu 0" "info registers" "info lapic" \
			"cpu 1" "info registers" "info lapic" "info pic" 2>&1 || return
	done
}

# cpu_ticks PID: the user and system time PID has used, in clock ticks.
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# watch_qemu PID: waits for the emulator, ends it at the wall limit, and
# early when it has stalled: a host that used under 1% of a CPU over the
# last E2E_STALL_SECONDS (180) seconds has stopped (a QEMU whose emulated
# CPUs all wait in HLT uses none; any stage keeps them busy).  It looks every
# E2E_STALL_POLL (10) seconds.  Its state goes to work/stall.txt.  Returns
# QEMU's status, or 124 when it was ended.
watch_qemu() {
	local pid=$1 start=$SECONDS window=${E2E_STALL_SECONDS:-180} poll=${E2E_STALL_POLL:-10}
	local ticks=() hz t now back least
	hz=$(getconf CLK_TCK)
	back=$((window / poll)) least=$((window * hz / 100 + 1))
	while kill -0 "$pid" 2> /dev/null; do
		sleep "$poll"
		now=$((SECONDS - start))
		t=$(cpu_ticks "$pid")
		ticks+=("$t")
		if [ "$now" -ge "$limit" ]; then
			echo "e2e: svm host: wall limit of ${limit}s reached" >&2
		elif [ "${#ticks[@]}" -gt "$back" ] &&
			[ $((t - ticks[${#ticks[@]} - 1 - back])) -lt "$least" ] &&
			kill -0 "$pid" 2> /dev/null; then
			echo "e2e: svm host stalled: under 1% of a CPU in ${window}s, at ${now}s; its state is in $out/work/stall.txt" >&2
			stalled=1
		else
			continue
		fi
		dump_state > "$out/work/stall.txt"
		kill -TERM "$pid"
		for t in 1 2 3 4 5; do
			kill -0 "$pid" 2> /dev/null || break
			sleep 1
		done
		kill -KILL "$pid" 2> /dev/null
		wait "$pid"
		return 124
	done
	wait "$pid"
}

run_bochs() {
	local iso=$out/work/l1.iso tree=$out/work/iso
	mkdir -p "$tree/isolinux"
	cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$tree/isolinux/"
	cp "$bzimage" "$tree/bzimage"
	cp "$initrd" "$tree/l1.gz"
	cat > "$tree/isolinux/isolinux.cfg" <<-CFG
	DEFAULT e2e
	PROMPT 0
	LABEL e2e
	  KERNEL /bzimage
	  APPEND initrd=/l1.gz $cmdline
	CFG
	xorriso -as mkisofs -quiet -o "$iso" -b isolinux/isolinux.bin -c isolinux/boot.cat \
		-no-emul-boot -boot-load-size 4 -boot-info-table "$tree" 2>> "$out/work/emulator.log" ||
		e2e_die "xorriso failed: $(tail -n 3 "$out/work/emulator.log")"
	cat > "$out/work/bochsrc" <<-RC
	megs: 2048
	cpu: model=corei7_skylake_x, ips=200000000
	romimage: file=/usr/share/bochs/BIOS-bochs-latest
	vgaromimage: file=/usr/share/vgabios/vgabios.bin
	ata0-master: type=cdrom, path=$iso, status=inserted
	ata0-slave: type=disk, path=$disk, mode=flat, cylinders=$cylinders, heads=16, spt=63
	boot: cdrom
	com1: enabled=1, mode=file, dev=$console
	clock: sync=none, time0=local
	display_library: rfb, options="timeout=0"
	sound: waveoutdrv=dummy, waveindrv=dummy, midioutdrv=dummy
	log: $out/work/bochs.log
	RC
	# Debian's bochs-bin has its debugger built in: "c" starts the machine,
	# and the end of input makes it quit when the guest resets.
	echo c | timeout --foreground -k 10 "$limit" bochs-bin -q -f "$out/work/bochsrc" \
		> "$out/work/emulator.log" 2>&1
}

t0=$(date +%s)
case "$vendor" in
svm) run_qemu ;;
vmx) run_bochs ;;
*) e2e_die "unknown vendor '$vendor' (svm or vmx)" ;;
esac
rc=$?
secs=$(($(date +%s) - t0))
echo "$secs" > "$out/wall-seconds"

if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	if [ "$stalled" -eq 1 ]; then
		echo "e2e: $vendor host stalled after ${secs}s (plan $plan); console tail:" >&2
	else
		echo "e2e: $vendor host timed out after ${limit}s (plan $plan); console tail:" >&2
	fi
	e2e_tail "$console" >&2
	[ -s "$out/work/stall.txt" ] && e2e_tail "$out/work/stall.txt" 60 >&2
	exit 2
fi
# The host writes its results as a tar archive on the raw disk; its console
# may lose its last lines when the machine resets, so the disk is the proof.
if ! tar xf "$disk" -C "$out" ./stages 2>/dev/null; then
	echo "e2e: $vendor host did not write its results (emulator rc=$rc, ${secs}s); console tail:" >&2
	e2e_tail "$console" >&2
	e2e_tail "$out/work/emulator.log" 5 >&2
	exit 2
fi
tar xf "$disk" -C "$out" || { echo "e2e: $vendor results disk unreadable" >&2; exit 2; }
rm -f "$disk"
e2e_log "$vendor host ran '$plan' in ${secs}s"
exit 0
