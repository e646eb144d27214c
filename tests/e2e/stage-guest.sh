# Stage: Linux guests (L2) under QEMU/KVM on the patched KVM, each running
# one scenario of /scenarios while perf records the whole host.
#   e2e.guests=SCENARIO:NAME,...   default e2e:guest
#   e2e.events=EVENT,...           default kvm:exit_timed,kvm:kvm_cpuid
# Each run leaves /results/NAME.data and /results/NAME-serial.log.
arg() {
	sed -n "s/.*$1=\([^ ]*\).*/\1/p" /proc/cmdline
}
guests=$(arg e2e.guests)
events=$(arg e2e.events)
events=${events:-kvm:exit_timed,kvm:kvm_cpuid}
status=0
for run in $(echo "${guests:-e2e:guest}" | tr ',' ' '); do
	scenario=${run%%:*} name=${run#*:}
	echo "=== $name: scenario=$scenario events=$events"
	timeout "${E2E_GUEST_LIMIT:-240}" perf record -q -a -m 1024 -e "$events" \
		-o "/results/$name.data" -- \
		qemu-system-x86_64 -enable-kvm -cpu host -m 256 -smp 1 \
		-display none -vga none -nodefaults -no-reboot -monitor none \
		-serial "file:/results/$name-serial.log" \
		-kernel /l2/bzImage -initrd /l2/initramfs.cpio.gz \
		-append "console=ttyS0 quiet panic=-1 e2e.scenario=$scenario"
	rc=$?
	echo "$name rc=$rc"
	ls -l "/results/$name.data"
	tail -n 3 "/results/$name-serial.log"
	[ "$rc" -eq 0 ] || status=$rc
done
exit $status
