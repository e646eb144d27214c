#!/bin/sh
# /init of the virtual KVM host (L1).  Runs the stages named on the kernel
# command line (e2e.plan=a,b,c), keeps their output in /results, writes
# /results as a tar archive to the raw results disk and powers off.

# shellcheck source=scripts/lib.sh
. /e2e/lib.sh	# scripts/lib.sh: init_mounts, arg
init_mounts
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
ln -s /proc/self/fd /dev/fd 2>/dev/null

plan=$(arg e2e.plan)
echo "E2E-HOST up: $(uname -r) plan=$plan"
grep -q -w -e vmx -e svm /proc/cpuinfo || echo "E2E-HOST no vmx/svm flag in /proc/cpuinfo"
[ -c /dev/kvm ] || echo "E2E-HOST no /dev/kvm"
echo "vendor_flags=$(grep -o -w -e vmx -e svm /proc/cpuinfo | sort -u | tr '\n' ' ')" > /results/host.info
echo "kernel=$(uname -r)" >> /results/host.info
echo "cmdline=$(cat /proc/cmdline)" >> /results/host.info
# the vendor module's parameters as it settled them (nrips: SVM's next-RIP
# save, without which KVM has no fastpath on SVM)
echo "kvm_params=$(cd /sys/module/kvm_amd/parameters 2>/dev/null || cd /sys/module/kvm_intel/parameters 2>/dev/null && grep -H . nrips npt ept preemption_timer 2>/dev/null | tr '\n' ' ')" >> /results/host.info
echo "tsc_khz=$(dmesg | sed -n 's/.*tsc: Refined TSC clocksource calibration: \(.*\)/\1/p; s/.*tsc: Detected \(.*\) processor/\1/p' | tail -n 1)" >> /results/host.info

for stage in $(echo "$plan" | tr ',' ' '); do
	echo "E2E-STAGE $stage start"
	t0=$(date +%s)
	sh "/e2e/stage-$stage.sh" > "/results/$stage.log" 2>&1
	rc=$?
	t1=$(date +%s)
	echo "$stage $rc $((t1 - t0))" >> /results/stages
	echo "E2E-STAGE $stage rc=$rc secs=$((t1 - t0))"
	tail -n 3 "/results/$stage.log"
done

dmesg > /results/dmesg.log
# Host NMIs over the whole run, summed over the CPUs: the one place where the
# cycle window still differs between the vendors (exit-stats.rst).
echo "host_nmis=$(awk '$1 == "NMI:" { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i; print s + 0 }' /proc/interrupts)" >> /results/host.info
disk=
for d in /sys/block/sd*; do
	[ -e "$d" ] && disk=/dev/${d##*/} && break
done
if [ -n "$disk" ]; then
	(cd /results && tar cf "$disk" .) && sync
	echo "E2E-HOST results written to $disk"
else
	echo "E2E-HOST no results disk"
fi
echo "E2E-HOST done"
# Let the serial console drain before the reset.
sleep 1
reboot -f
