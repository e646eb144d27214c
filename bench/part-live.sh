# bench/part-live.sh: part 4 of make bench, exitreport live: on the virtual
# SVM host beside perf while the guest of part 2 makes its exits at the
# highest rate these hosts produce (1M CPUIDs in a loop), and fed from a
# synthesized recording as fast as it reads (bench/live-replay.sh).  Sourced
# by bench/run.sh; live_host_rows also by tests/unit/bench-report.sh.
# shellcheck shell=bash disable=SC2154 # its variables are set by bench/run.sh

# live_host_rows DATA PROM JSONL: live's since-start metrics (PROM) and JSON
# lines (JSONL) of one run against perf's recording DATA of the same run:
# the exit rate of the recording, what live counted and lost, the verdict.
live_host_rows() {
	local data=$1 prom=$2 jsonl=$3 rec live lines
	rec=$("$exitreport" --json "$data" | jq -e -r '"\(.exits) \(.time.duration_ns) \(.lost.events) \(.lost.seq_missing)"') ||
		die "live: $data: unreadable"
	live=$(awk '/^kvm_exits_total\{/ { n += $NF }
		/^kvm_exit_lost_events_total / { l = $NF } /^kvm_exit_seq_missing_total / { m = $NF }
		END { printf "%d %d %d\n", n, l, m }' "$prom")
	lines=$(wc -l < "$jsonl")
	awk -v r="$rec" -v l="$live" -v k="$lines" 'BEGIN {
		split(r, a, " "); split(l, b, " ")
		printf "| perf record -e kvm:exit_timed | %d | %.3f | %.0f | %d | %d |\n",
			a[1], a[2] / 1e9, a[1] / (a[2] / 1e9), a[3], a[4]
		printf "| exitreport live (%d JSON lines) | %d | | | %d | %d |\n", k, b[1], b[2], b[3]
		ok = (b[1] == a[1] && b[2] == 0 && b[3] == 0 && a[3] == 0 && a[4] == 0)
		printf "\n- exitreport live beside perf at %.0f exits/s: %d of %d exits, %d lost, %d missing exit_seq (target: all, none lost): %s\n",
			a[1] / (a[2] / 1e9), b[1], a[1], b[2], b[3], (ok ? "met" : "NOT met")
	}'
}

part_live() {
	local rec=$bench/record-$key
	echo "## 4. exitreport live"
	echo
	echo "On the virtual SVM host (QEMU TCG, -icount shift=0: trace seconds are emulated),"
	echo "one more run of part 2's guest, \`exitreport live --json --interval 1\` on the host's"
	echo "kernel (libtracefs) from before the guest to after it, beside"
	echo "\`perf record -e kvm:exit_timed\` of the same run:"
	echo
	echo "| reader | exits | trace s | exits/s | lost events | missing exit_seq |"
	echo "| --- | --- | --- | --- | --- | --- |"
	live_host_rows "$rec/live.data" "$rec/live.prom" "$rec/live.jsonl"
	echo
	echo "Replay on this machine (\`bench/live-replay.sh\`: $((live_replay_n / 1000000))M synthesized events,"
	echo "4 VMs x 2 vCPUs, 0.1 s intervals of trace time), next to plain exitreport on the same file:"
	echo
	BUILD=$build bash "$top/bench/live-replay.sh" "$live_replay_n" | sed 's/^/- /'
}
