# Stage: small real recordings for exitreport's tests, made by perf in the
# virtual host around short upstream selftests: exit_timed with kvm_cpuid
# (file mode), the stock kvm_exit/kvm_entry pair, exit_timed in pipe mode,
# exit_timed in zstd-compressed records (-z), a --threads directory, and
# exit_timed with the qualifier events of --by (MSR, port, hypercall), and
# trace-cmd's trace.dat of exit_timed with kvm_cpuid.
cd /selftests || exit 1
set -e
perf record -q -a -e kvm:exit_timed -e kvm:kvm_cpuid -o /results/exit_timed.data -- \
	./x86_64/cpuid_test
perf record -q -a -e kvm:kvm_exit -e kvm:kvm_entry -o /results/stock.data -- \
	./x86_64/cpuid_test
perf record -q -a -e kvm:exit_timed -o - -- ./x86_64/userspace_io_test > /results/pipe.data
perf record -q -a -z -e kvm:exit_timed -e kvm:kvm_cpuid -o /results/compressed.data -- \
	./x86_64/cpuid_test
perf record -q -a --threads -e kvm:exit_timed -o /results/threads.data -- \
	./x86_64/userspace_io_test
perf record -q -a -e kvm:exit_timed -e kvm:kvm_msr -e kvm:kvm_pio -e kvm:kvm_hypercall \
	-o /results/qual.data -- sh -c './x86_64/userspace_msr_exit_test; ./x86_64/userspace_io_test;
	./x86_64/kvm_pv_test'
# File version 6: trace-cmd 3.1.6's version 7 came out of the virtual host
# with 8 bytes of its header overwritten (neither trace-cmd report nor
# libtracecmd could read it).
trace-cmd record -q --file-version 6 -e kvm:exit_timed -e kvm:kvm_cpuid \
	-o /results/tracecmd.dat ./x86_64/cpuid_test > /dev/null
ls -l /results/*.data /results/*.dat
