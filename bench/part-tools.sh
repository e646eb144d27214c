# bench/part-tools.sh: part 2 of make bench, exitreport's throughput and
# peak memory against perf script, perf kvm stat report and cat.  Sourced
# by bench/run.sh; the report functions (tools_table, tool_targets,
# events_total, lost_of) also by tests/unit/test-bench-report.sh.
# shellcheck shell=bash disable=SC2154 # its variables are set by bench/run.sh

# A synthesized exit_timed recording of N events (mkperfdata, tests/unit):
# one VM, one vCPU, CPUID exits with varied cycles, a round every 10000.
synth() {
	local n=$1 out=$bench/synth-$1.data skey
	# Keyed by the writer and by this very function (the events it makes).
	skey=$({ cat "$mkperfdata"; declare -f synth; } | key_of)
	if [ -f "$out" ] && key_matches "$out.key" "$skey"; then
		return 0
	fi
	log "synthesizing $n exit_timed events (mkperfdata)"
	awk -v n="$n" 'BEGIN {
		print "endian le"; print "mode file"; print "events exit_timed"
		print "cpudesc AMD EPYC Processor @ 2.60GHz"
		for (i = 1; i <= n; i++) {
			# %.0f: the %d of mawk stops at 2^31-1, past event 1147483
			printf "exit time=%.0f pid=100 tid=101 cpu=0 vcpu=0 isa=2 reason=114 cycles=%d seq=%d\n",
				1000000000 + i * 1000, 2000 + (i * 7919) % 3000, i
			if (i % 10000 == 0) print "round"
		}
	}' | "$mkperfdata" "$out.tmp"
	mv "$out.tmp" "$out"
	echo "$skey" > "$out.key"
}

# time_tool TOOL FILE REPS CMD...: registers REPS timed runs of CMD, output
# to /dev/null, for run_timings.
timed_names=() timed_reps=() timed_cmds=()
time_tool() {
	local tool=$1 file=$2 n=$3
	shift 3
	timed_names+=("$tool"$'\t'"$file")
	timed_reps+=("$n")
	timed_cmds+=("$(printf '%q ' "$@")")
}

# run_timings: every registered command once untimed (a warm-up that also
# puts its file in the page cache), then the timed runs in rounds, each
# round one run of every command that has runs left: a slow spell of this
# shared machine falls on all commands alike, not on one command's runs.
# Appends "TOOL<tab>FILE<tab>min<tab>median<tab>max<tab>peak RSS KiB" per
# command to $timings.
run_timings() {
	local i k round=0 more=1 t0 t1 r
	for ((i = 0; i < ${#timed_cmds[@]}; i++)); do
		eval "${timed_cmds[i]}" > /dev/null 2>&1 || die "${timed_names[i]}: '${timed_cmds[i]}' failed"
		: > "$work/times.$i" && echo 0 > "$work/rss.$i"
	done
	while [ "$more" = 1 ]; do
		more=0
		for ((i = 0; i < ${#timed_cmds[@]}; i++)); do
			[ "$round" -lt "${timed_reps[i]}" ] || continue
			more=1
			t0=$(date +%s%N)
			eval "/usr/bin/time -f %M -o \"\$work/rss.tmp\" ${timed_cmds[i]}" > /dev/null 2>&1
			t1=$(date +%s%N)
			echo "$(((t1 - t0) / 1000))" >> "$work/times.$i"
			r=$(tail -n 1 "$work/rss.tmp")
			[ "$r" -gt "$(cat "$work/rss.$i")" ] && echo "$r" > "$work/rss.$i"
		done
		round=$((round + 1))
	done
	for ((i = 0; i < ${#timed_cmds[@]}; i++)); do
		printf '%s\t%s\t%s\n' "${timed_names[i]}" \
			"$(awk '{ print $1 / 1e6 }' "$work/times.$i" | spread | tr ' ' '\t')" "$(cat "$work/rss.$i")" >> "$timings"
		k=${timed_names[i]}
		log "  ${k%%$'\t'*} ${k#*$'\t'}: median $(med "${k%%$'\t'*}" "${k#*$'\t'}") s"
		rm -f "$work/times.$i" "$work/rss.$i"
	done
	rm -f "$work/rss.tmp"
	timed_names=() timed_reps=() timed_cmds=()
}

# peak_anon CMD...: runs CMD (output to /dev/null) and prints the largest
# RssAnon (KiB) of /proc/PID/status, sampled every 5 ms: its private memory,
# without the file pages that a mapped input adds to RSS.
peak_anon() {
	local pid peak=0 a
	"$@" > /dev/null 2>&1 &
	pid=$!
	while a=$(awk '/^RssAnon:/ { print $2 }' "/proc/$pid/status" 2> /dev/null) && [ -n "$a" ]; do
		[ "$a" -gt "$peak" ] && peak=$a
		sleep 0.005
	done
	wait "$pid" || true
	echo "$peak"
}

# memory_row NAME FILE: exitreport's peak RSS on FILE (all of it, and private).
# Also keeps "NAME private_KiB" in $work/private.txt for the targets.
memory_row() {
	local name=$1 file=$2 anon
	anon=$(peak_anon "$exitreport" "$file")
	echo "$name $anon" >> "$work/private.txt"
	printf '| %s | %s | %s | %.1f | %.1f |\n' "$name" "$(events_total "$file")" "$(size_mb "$file")" \
		"$(awk -v k="$(rss exitreport "$name")" 'BEGIN { print k / 1024 }')" \
		"$(awk -v k="$anon" 'BEGIN { print k / 1024 }')"
}

# The number of events exitreport read (exits of the default source).
events_total() { "$exitreport" --json "$1" | jq -e -r '.exits'; }

# The median wall time / peak RSS of TOOL on FILE from $timings.
med() { awk -F'\t' -v t="$1" -v f="$2" '$1 == t && $2 == f { print $4 }' "$timings"; }
rss() { awk -F'\t' -v t="$1" -v f="$2" '$1 == t && $2 == f { print $6 }' "$timings"; }

# "lost: N events, N missing exit_seq" as exitreport counts them in FILE.
lost_of() {
	"$exitreport" --json "$1" |
		jq -e -r '.lost | "lost: \(.events) events, \(.seq_missing) missing exit_seq"'
}

# "N event, ..." per event name in FILE.
events_of() {
	perf script -i "$1" -F event 2> /dev/null | sort | uniq -c |
		awk '{ sub(/:$/, "", $2); printf "%s%s %s", sep, $1, $2; sep = ", " }'
}

# tools_table: the table of $timings, each median against cat's of the same file.
tools_table() {
	echo "| command | min s | median s | max s | peak RSS MB | median vs cat of same file |"
	echo "| --- | --- | --- | --- | --- | --- |"
	awk -F'\t' '{
		if ($1 == "cat") cat[$2] = $4
		ratio = ($2 in cat) ? sprintf("%.1f x", $4 / cat[$2]) : "-"
		printf "| %s %s | %.3f | %.3f | %.3f | %.1f | %s |\n", $1, $2, $3, $4, $5, $6 / 1024, ratio
	}' "$timings"
}

# tool_targets: the targets of part 2 from $timings and $work/private.txt.
tool_targets() {
	local big="synth-$((synth_big / 1000000))M"
	awk -v ps="$(med "perf script" T)" -v er="$(med exitreport T)" \
		-v kvm="$(med "perf kvm stat report" S)" -v ers="$(med "exitreport --stock" S)" \
		-v cat="$(med cat T)" -v r1="$(rss exitreport synth-1M)" -v r10="$(rss exitreport "$big")" \
		-v p1="$(awk '$1 == "synth-1M" { print $2 }' "$work/private.txt")" \
		-v p10="$(awk -v b="$big" '$1 == b { print $2 }' "$work/private.txt")" \
		-v big="$big" 'BEGIN {
		f = ps / er
		printf "- exitreport T is %.1f x faster than perf script T (target >= 20 x): %s\n", f, ((f >= 20) ? "met" : "NOT met")
		f = kvm / ers
		printf "- exitreport --stock S is %.1f x faster than perf kvm stat report S (target >= 5 x): %s\n", f, ((f >= 5) ? "met" : "NOT met")
		f = er / cat
		printf "- exitreport T takes %.1f x the time of cat T (target <= 3 x): %s\n", f, ((f <= 3) ? "met" : "NOT met")
		f = r10 / r1
		printf "- peak RSS of exitreport from synth-1M to %s: %.1f -> %.1f MB, %.2f x (target flat, <= 1.10 x): %s\n",
			big, r1 / 1024, r10 / 1024, f, ((f <= 1.10) ? "met" : "NOT met")
		f = p10 / p1
		printf "- peak private memory of exitreport from synth-1M to %s: %.1f -> %.1f MB, %.2f x (same target): %s\n",
			big, p1 / 1024, p10 / 1024, f, ((f <= 1.10) ? "met" : "NOT met")
	}'
}

part_tools() {
	local rec=$bench/record-$key timed all3 big=synth-$((synth_big / 1000000))M
	# About 4x a normal boot (180 s); the disk takes the 560 MB of recordings
	# (live.data and exitreport live's output for part 4 among them).
	host_run svm record 900 1600 "e2e.bench=record bench.exits=$rec_exits"
	timed=$rec/timed.data all3=$rec/all3.data
	synth 1000000
	synth "$synth_big"
	timings=$work/timings.txt
	: > "$timings"
	log "timing the tools on $timed and $all3 (this machine, side by side, in rounds)"
	time_tool cat T "$tool_reps" cat "$timed"
	time_tool exitreport T "$tool_reps" "$exitreport" "$timed"
	time_tool "perf script" T "$slow_reps" perf script -i "$timed"
	time_tool cat S "$tool_reps" cat "$all3"
	time_tool exitreport S "$tool_reps" "$exitreport" "$all3"
	time_tool "exitreport --stock" S "$tool_reps" "$exitreport" --stock "$all3"
	time_tool "perf script" S "$slow_reps" perf script -i "$all3"
	time_tool "perf kvm stat report" S "$slow_reps" perf kvm --input "$all3" stat report
	time_tool cat synth-1M "$tool_reps" cat "$bench/synth-1000000.data"
	time_tool exitreport synth-1M "$tool_reps" "$exitreport" "$bench/synth-1000000.data"
	time_tool exitreport "$big" "$slow_reps" "$exitreport" "$bench/synth-$synth_big.data"
	run_timings

	echo "## 2. Reading a recording: exitreport against perf and cat"
	echo
	echo "Files (recorded in the virtual SVM host; guest: a mix of exits, then $rec_exits x CPUID):"
	echo "- T = $(basename "$timed"), $(size_mb "$timed") MB, perf record -e kvm:exit_timed: $(events_of "$timed"); $(lost_of "$timed")"
	echo "- S = $(basename "$all3"), $(size_mb "$all3") MB, perf record -e kvm:exit_timed,kvm:kvm_exit,kvm:kvm_entry: $(events_of "$all3"); $(lost_of "$all3")"
	echo "- synth-N: N kvm:exit_timed events written by tests/unit/mkperfdata.c ($(size_mb "$bench/synth-1000000.data") MB and $(size_mb "$bench/synth-$synth_big.data") MB)"
	echo
	echo "Wall seconds on this machine ($(nproc) CPUs, shared), min / median / max of $tool_reps runs ($slow_reps for perf and synth-10M), taken in rounds of one run of each command, output to /dev/null, file in the page cache; peak RSS of the largest run."
	echo
	tools_table
	echo
	echo "Peak memory of exitreport: RSS (/usr/bin/time, includes the pages of the input file,"
	echo "which exitreport maps whole) and private memory (largest RssAnon, sampled every 5 ms):"
	echo
	echo "| file | exit_timed events | MB | peak RSS MB | peak private MB |"
	echo "| --- | --- | --- | --- | --- |"
	: > "$work/private.txt"
	memory_row T "$timed"
	memory_row synth-1M "$bench/synth-1000000.data"
	memory_row "$big" "$bench/synth-$synth_big.data"
	echo
	tool_targets
}
