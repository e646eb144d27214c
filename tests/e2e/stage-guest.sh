# Stage: a Linux guest (L2) under QEMU/KVM on the patched KVM, running the
# guest programs of scenario e2e.scenario (default: e2e) while perf records
# kvm:exit_timed and kvm:kvm_cpuid for the whole VM.
scenario=$(sed -n 's/.*e2e.scenario=\([^ ]*\).*/\1/p' /proc/cmdline)
scenario=${scenario:-e2e}
events=$(sed -n 's/.*e2e.events=\([^ ]*\).*/\1/p' /proc/cmdline)
events=${events:-kvm:exit_timed,kvm:kvm_cpuid}
echo "scenario=$scenario events=$events"
timeout "${E2E_GUEST_LIMIT:-240}" perf record -q -a -m 1024 -e "$events" -o /results/guest.data -- \
	qemu-system-x86_64 -enable-kvm -cpu host -m 256 -smp 1 \
	-display none -vga none -nodefaults -no-reboot -monitor none \
	-serial file:/results/guest-serial.log \
	-kernel /l2/bzImage -initrd /l2/initramfs.cpio.gz \
	-append "console=ttyS0 quiet panic=-1 e2e.scenario=$scenario"
rc=$?
echo "perf/qemu rc=$rc"
ls -l /results/guest.data
tail -n 5 /results/guest-serial.log
exit $rc
