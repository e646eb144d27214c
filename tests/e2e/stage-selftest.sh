# Stage: the project's KVM selftest, under a time limit in emulated time.
cd /selftests || exit 1
timeout 600 ./x86_64/exit_stats_test
