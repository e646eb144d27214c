#!/bin/bash
# make bench: the figures of bench/README.md, measured side by side in one run.
#   1. exit-path cost: guest-timed round trip of cheap exits on the virtual
#      SVM host (QEMU TCG with -icount) and VMX host (Bochs), whose TSCs
#      count emulated instructions, with kvm.exit_stats off / on / on +
#      exit_timed recorded / off + kvm_exit+kvm_entry recorded
#   2. exitreport's throughput and peak RSS against perf script,
#      perf kvm stat report and cat, on recordings of >= 1M exits
#   3. agreement of exit_timed's per-reason cycles with the exit-to-entry
#      times of kvm_exit/kvm_entry, from one recording holding both
# The tables go to standard output and into bench/RESULTS.md; progress goes
# to standard error.  Emulator runs and synthesized files are cached in
# build/bench/, keyed by everything they depend on; the tools are timed anew
# on every run.
#
# Environment (defaults in brackets):
#   BENCH_N [2000] exits per repetition    BENCH_REPS [5] repetitions per exit kind
#   BENCH_EXITS [1000000] CPUIDs recorded  BENCH_SYNTH [10000000] events synthesized
#   BENCH_TOOL_REPS [5] timed runs per tool (BENCH_SLOW_REPS [3] for perf)
#   BENCH_VENDORS ["svm vmx"] hosts of part 1 (svm alone saves the ~5 min Bochs boot)
#   BENCH_FRESH=1 ignore the cache         BUILD [./build]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
bench=$build/bench
work=$bench/work	# scratch files of the last run
e2e=$top/tests/e2e
exitreport=$build/exitreport/exitreport
mkperfdata=$build/exitreport/mkperfdata
results_md=$top/bench/RESULTS.md

n_per_rep=${BENCH_N:-2000}
reps=${BENCH_REPS:-5}
rec_exits=${BENCH_EXITS:-1000000}
synth_big=${BENCH_SYNTH:-10000000}
tool_reps=${BENCH_TOOL_REPS:-5}
vendors=${BENCH_VENDORS:-svm vmx}
slow_reps=${BENCH_SLOW_REPS:-3}
# -icount shift=0: the virtual host's clock, and so every TSC in it, advances
# by exactly one tick per emulated instruction; TSC rate is then 1 GHz of
# virtual time, which the host kernel is told instead of the real rate.
icount_opts="-icount shift=0"
icount_cmdline="tsc_early_khz=1000000"
t_start=$(date +%s)

log() { printf '[%s] bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 2; }

check_deps() {
	local c
	for c in perf qemu-system-x86_64 gcc sha256sum awk; do
		command -v "$c" > /dev/null || die "$c not found (make deps)"
	done
	[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install time; make deps)"
}

# ---------------------------------------------------------------- building

build_all() {
	log "building the patched kernel (cached), exitreport, mkperfdata, the guest programs"
	tree=$(bash "$top/kernel/build.sh" "$build")
	bzimage=$tree/arch/x86/boot/bzImage
	make -s -C "$top/tools/exitreport" BUILD="$build/exitreport" \
		"$exitreport" "$mkperfdata"
	# A guest build of our own: build/guest belongs to make test and demo.
	make -s -C "$top/guest" BUILD="$bench/guest"
}

# The key of an emulator run: every input that can change what it measures.
inputs_key() {
	{
		echo "n=$n_per_rep reps=$reps exits=$rec_exits icount=$icount_opts"
		qemu-system-x86_64 --version | head -n 1
		dpkg-query -W -f '${Version}\n' bochs 2> /dev/null || true
		perf version
		cat "$bzimage" "$bench/guest/exitload" "$bench/guest/exitstat" \
			"$e2e/stage-bench.sh" "$e2e/scenarios"/bench-*.sh "$e2e/l1-init.sh" \
			"$e2e/l2-init.sh" "$e2e/run-l1.sh" "$e2e/build-initramfs.sh"
	} | sha256sum | cut -c1-16
}

# The initramfs of the virtual host, built only when a run is needed.
ensure_initramfs() {
	local dir=$bench/initramfs
	[ -f "$dir/key" ] && [ "$(cat "$dir/key")" = "$key" ] && return 0
	log "building the virtual host's initramfs"
	rm -rf "$dir"
	bash "$e2e/build-initramfs.sh" "$tree" "$bench/guest" "$dir" 2> /dev/null
	echo "$key" > "$dir/key"
}

# host_run VENDOR NAME LIMIT CYLINDERS CMDLINE: one boot of the virtual host
# (svm: QEMU with -icount; vmx: Bochs, whose clock is instruction-driven
# already) with plan "bench"; results in $bench/NAME-KEY, reused when there.
# A boot that fails or hits its wall-clock limit is tried once more: rarely
# (about one SVM recording boot in six so far) the emulated host stops making
# progress for good, and a second boot does not.
host_run() {
	local vendor=$1 name=$2 limit=$3 cyls=$4 cmdline=$5 out=$bench/$2-$key old qemu_opts='' try
	if [ -f "$out/done" ] && [ -z "${BENCH_FRESH:-}" ]; then
		log "$name: cached ($out)"
		return 0
	fi
	ensure_initramfs
	for old in "$bench/$name"-*; do
		[ -d "$old" ] && rm -rf "$old"
	done
	if [ "$vendor" = svm ]; then
		qemu_opts=$icount_opts cmdline="$icount_cmdline $cmdline"
	fi
	for try in 1 2; do
		log "$name: booting the virtual $vendor host (limit ${limit}s, try $try)"
		if E2E_QEMU_OPTS=$qemu_opts E2E_DISK_CYLINDERS=$cyls \
			bash "$e2e/run-l1.sh" "$vendor" bench "$bzimage" "$bench/initramfs/l1.cpio.gz" \
			"$out" "$limit" "$cmdline" && grep -q '^bench 0 ' "$out/stages"; then
			log "$name: host run took $(cat "$out/wall-seconds") s"
			touch "$out/done"
			return 0
		fi
		log "$name: try $try failed; console: $(tr -d '\r' < "$out/console.log" | grep -a 'E2E-' | tail -n 2 | tr '\n' ' ')"
		[ -f "$out/bench.log" ] && tail -n 5 "$out/bench.log" >&2
		[ "$try" = 1 ] && cp "$out/console.log" "$bench/$name-failed-console.log" 2> /dev/null
	done
	die "$name: the virtual host failed twice (see $out)"
}

# ---------------------------------------------------------------- statistics

# min median max of the numbers on standard input, one per line.
spread() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "- - -"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		print v[1], m, v[NR] }'
}

# ---------------------------------------------------------------- part 1

# TSV "config kind rep ticks_per_exit" from the guests' bench lines.
cost_samples() {
	local dir=$1 config
	for config in off on timed stock; do
		tr -d '\r' < "$dir/cost-$config-serial.log" |
			awk -v c="$config" '$1 == "bench" && $3 == "rep" { print c, $2, $4, $8 / $6 }'
	done
}

# part_cost VENDOR: the table of part 1 for one virtual host.
part_cost() {
	# Wall-clock limits: about 4x a normal boot (SVM 70 s, VMX 290 s).
	local vendor=$1 name=cost-$1 samples=$work/cost-samples.txt kind config s limit=300
	[ "$vendor" = vmx ] && limit=1200
	host_run "$vendor" "$name" "$limit" 520 "e2e.bench=cost bench.n=$n_per_rep bench.reps=$reps"
	cost_samples "$bench/$name-$key" > "$samples"
	case $vendor in
	svm)
		echo "### AMD SVM: QEMU $(qemu_version) TCG, -icount shift=0"
		echo
		echo "1 TSC tick = 1 instruction emulated by the whole virtual host (both vCPUs)."
		;;
	vmx)
		echo "### Intel VMX: Bochs, clock: sync=none"
		echo
		echo "1 TSC tick = 1 instruction emulated by the virtual host (Bochs' clock counts"
		echo "instructions; idle time is skipped in ticks too)."
		;;
	esac
	echo "$reps repetitions of $n_per_rep exits each; median [min-max] ticks per exit."
	echo
	echo "| exit | off | on | on + exit_timed recorded | off + kvm_exit+kvm_entry recorded | on vs off | on + exit_timed rec. vs off | off + kvm_exit+entry rec. vs off |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
	: > "$work/cost-medians.txt"
	for kind in cpuid vmcall msr piok pio; do
		grep -q " $kind " "$samples" || continue
		declare -A m_of=() range_of=() min_of=()
		printf '| %s ' "$(kind_label "$kind")"
		for config in off on timed stock; do
			read -r lo m hi < <(awk -v c="$config" -v k="$kind" '$1 == c && $2 == k { print $4 }' \
				"$samples" | spread)
			m_of[$config]=$m min_of[$config]=$lo
			range_of[$config]=$(awk -v a="$lo" -v b="$hi" 'BEGIN { print b - a }')
			printf '| %.0f [%.0f-%.0f] ' "$m" "$lo" "$hi"
		done
		for config in on timed stock; do
			printf '| %+.2f%% ' "$(awk -v a="${m_of[$config]}" -v b="${m_of[off]}" \
				'BEGIN { print (a - b) / b * 100 }')"
		done
		echo "|"
		echo "$kind ${m_of[off]} ${m_of[on]} ${m_of[timed]} ${m_of[stock]} ${range_of[off]}" \
			"${range_of[on]} ${min_of[off]} ${min_of[on]}" >> "$work/cost-medians.txt"
		unset m_of range_of min_of
	done
	s=$(tr -d '\r' < "$bench/$name-$key/cost-off-serial.log" | grep -m1 'bench pio unavailable' || true)
	if [ -n "$s" ]; then
		echo
		echo "OUT 0x80 from user space: ${s#bench pio unavailable: } in the guest (#GP; see README)."
	fi
	echo
	cost_targets
}

kind_label() {
	case $1 in
	cpuid) echo "CPUID leaf 0 (user)" ;;
	vmcall) echo "VMMCALL/VMCALL (user, -KVM_EPERM)" ;;
	msr) echo "RDMSR 0x8B (kernel, pread /dev/cpu/0/msr)" ;;
	piok) echo "OUT 0x80 (kernel, pwrite /dev/port)" ;;
	pio) echo "OUT 0x80 (user, ioperm)" ;;
	esac
}

# Targets of part 1, per exit kind.  (a) stats on against off, on the
# medians and on the minima (the repetition with the least interference:
# with instruction counts nothing makes a repetition cheaper than its
# exits); met only if both are.  Where the repetitions of "off" or "on"
# scatter more than their medians differ, the median comparison does not
# resolve the difference and the line says so.  (b) what recording
# exit_timed adds to "on" against what recording kvm_exit+kvm_entry adds to
# "off", on the medians.
# Input lines: kind, medians off on timed stock, spreads off on, minima off on.
cost_targets() {
	awk '{
		on = ($3 - $2) / $2 * 100; on_min = ($9 - $8) / $8 * 100
		d = $3 - $2; d = d < 0 ? -d : d
		blur = ($6 > d || $7 > d) ? sprintf(", not resolved: spreads %.0f and %.0f", $6, $7) : ""
		printf "- %s: stats on add %+.2f%% (%+.0f) on the medians%s, %+.2f%% (%+.0f) on the minima (target <= 2%%): %s; ",
			$1, on, $3 - $2, blur, on_min, $9 - $8, (on <= 2 && on_min <= 2 ? "met" : "NOT met")
		rec_timed = $4 - $3; rec_stock = $5 - $2
		printf "recording exit_timed adds %.0f, recording kvm_exit+kvm_entry %.0f: %.2f x (target <= 0.5 x): %s",
			rec_timed, rec_stock, rec_timed / rec_stock, (rec_timed <= rec_stock / 2 ? "met" : "NOT met")
		printf " (stats and exit_timed together: %.2f x)\n", ($4 - $2) / rec_stock
	}' "$work/cost-medians.txt"
	rm -f "$work/cost-medians.txt"
}

qemu_version() { qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p'; }

# ---------------------------------------------------------------- part 2

# A synthesized exit_timed recording of N events (mkperfdata, tests/unit):
# one VM, one vCPU, CPUID exits with varied cycles, a round every 10000.
synth() {
	local n=$1 out=$bench/synth-$1.data skey
	# Keyed by the writer and by this very function (the events it makes).
	skey=$({ cat "$mkperfdata"; declare -f synth; } | sha256sum | cut -c1-16)
	if [ -f "$out" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$skey" ]; then
		return 0
	fi
	log "synthesizing $n exit_timed events (mkperfdata)"
	awk -v n="$n" 'BEGIN {
		print "endian le"; print "mode file"; print "events exit_timed"
		print "cpudesc AMD EPYC Processor @ 2.60GHz"
		for (i = 1; i <= n; i++) {
			printf "exit time=%d pid=100 tid=101 cpu=0 vcpu=0 isa=2 reason=114 cycles=%d seq=%d\n",
				1000000000 + i * 1000, 2000 + (i * 7919) % 3000, i
			if (i % 10000 == 0) print "round"
		}
	}' | "$mkperfdata" "$out.tmp"
	mv "$out.tmp" "$out"
	echo "$skey" > "$out.key"
}

# time_tool TOOL FILE REPS CMD...: REPS timed runs of CMD (after one untimed
# warm-up that also puts FILE in the page cache), output to /dev/null.
# Appends "TOOL<tab>FILE<tab>min<tab>median<tab>max<tab>peak RSS KiB" to
# $timings.
time_tool() {
	local tool=$1 file=$2 n=$3 i t0 t1 rss=0 r
	shift 3
	"$@" > /dev/null 2>&1 || die "$tool $file: '$*' failed"
	: > "$work/times.tmp"
	for ((i = 0; i < n; i++)); do
		t0=$(date +%s%N)
		/usr/bin/time -f %M -o "$work/rss.tmp" "$@" > /dev/null 2>&1
		t1=$(date +%s%N)
		echo "$(((t1 - t0) / 1000))" >> "$work/times.tmp"
		r=$(tail -n 1 "$work/rss.tmp")
		[ "$r" -gt "$rss" ] && rss=$r
	done
	printf '%s\t%s\t%s\t%s\n' "$tool" "$file" \
		"$(awk '{ print $1 / 1e6 }' "$work/times.tmp" | spread | tr ' ' '\t')" "$rss" >> "$timings"
	rm -f "$work/times.tmp" "$work/rss.tmp"
	log "  $tool $file: median $(med "$tool" "$file") s"
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
events_total() { "$exitreport" --json "$1" | sed -n 's/^  "exits": *\([0-9]*\).*/\1/p' | head -n 1; }

# The median wall time / peak RSS of TOOL on FILE from $timings.
med() { awk -F'\t' -v t="$1" -v f="$2" '$1 == t && $2 == f { print $4 }' "$timings"; }
rss() { awk -F'\t' -v t="$1" -v f="$2" '$1 == t && $2 == f { print $6 }' "$timings"; }

# "lost: N events, N missing exit_seq" as exitreport counts them in FILE.
lost_of() {
	"$exitreport" --json "$1" | sed -n 's/^  "lost": {"any": [a-z]*, "records": [0-9]*, "events": \([0-9]*\),.*"seq_missing": \([0-9]*\)}.*/lost: \1 events, \2 missing exit_seq/p'
}

# "N event, ..." per event name in FILE.
events_of() {
	perf script -i "$1" -F event 2> /dev/null | sort | uniq -c |
		awk '{ sub(/:$/, "", $2); printf "%s%s %s", sep, $1, $2; sep = ", " }'
}

part_tools() {
	local rec=$bench/record-$key timed all3 big=synth-$((synth_big / 1000000))M
	# About 3x a normal boot (180 s); the disk takes the 440 MB of recordings.
	host_run svm record 600 1300 "e2e.bench=record bench.exits=$rec_exits"
	timed=$rec/timed.data all3=$rec/all3.data
	synth 1000000
	synth "$synth_big"
	timings=$work/timings.txt
	: > "$timings"
	log "timing the tools on $timed and $all3 (this machine, side by side)"
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

	echo "## 2. Reading a recording: exitreport against perf and cat"
	echo
	echo "Files (recorded in the virtual SVM host; guest: a mix of exits, then $rec_exits x CPUID):"
	echo "- T = $(basename "$timed"), $(size_mb "$timed") MB, perf record -e kvm:exit_timed: $(events_of "$timed"); $(lost_of "$timed")"
	echo "- S = $(basename "$all3"), $(size_mb "$all3") MB, perf record -e kvm:exit_timed,kvm:kvm_exit,kvm:kvm_entry: $(events_of "$all3"); $(lost_of "$all3")"
	echo "- synth-N: N kvm:exit_timed events written by tests/unit/mkperfdata.c ($(size_mb "$bench/synth-1000000.data") MB and $(size_mb "$bench/synth-$synth_big.data") MB)"
	echo
	echo "Wall seconds on this machine ($(nproc) CPUs, shared), min / median / max of $tool_reps runs ($slow_reps for perf), output to /dev/null, file in the page cache; peak RSS of the largest run."
	echo
	echo "| command | min s | median s | max s | peak RSS MB | median vs cat of same file |"
	echo "| --- | --- | --- | --- | --- | --- |"
	awk -F'\t' '{
		if ($1 == "cat") cat[$2] = $4
		ratio = ($2 in cat) ? sprintf("%.1f x", $4 / cat[$2]) : "-"
		printf "| %s %s | %.3f | %.3f | %.3f | %.1f | %s |\n", $1, $2, $3, $4, $5, $6 / 1024, ratio
	}' "$timings"
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

size_mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.0f", b / 1e6 }'; }

tool_targets() {
	local big="synth-$((synth_big / 1000000))M"
	awk -v ps="$(med "perf script" T)" -v er="$(med exitreport T)" \
		-v kvm="$(med "perf kvm stat report" S)" -v ers="$(med "exitreport --stock" S)" \
		-v cat="$(med cat T)" -v r1="$(rss exitreport synth-1M)" -v r10="$(rss exitreport "$big")" \
		-v p1="$(awk '$1 == "synth-1M" { print $2 }' "$work/private.txt")" \
		-v p10="$(awk -v b="$big" '$1 == b { print $2 }' "$work/private.txt")" \
		-v big="$big" 'BEGIN {
		f = ps / er
		printf "- exitreport T is %.1f x faster than perf script T (target >= 20 x): %s\n", f, (f >= 20 ? "met" : "NOT met")
		f = kvm / ers
		printf "- exitreport --stock S is %.1f x faster than perf kvm stat report S (target >= 5 x): %s\n", f, (f >= 5 ? "met" : "NOT met")
		f = er / cat
		printf "- exitreport T takes %.1f x the time of cat T (target <= 3 x): %s\n", f, (f <= 3 ? "met" : "NOT met")
		f = r10 / r1
		printf "- peak RSS of exitreport from synth-1M to %s: %.1f -> %.1f MB, %.2f x (target flat, <= 1.10 x): %s\n",
			big, r1 / 1024, r10 / 1024, f, (f <= 1.10 ? "met" : "NOT met")
		f = p10 / p1
		printf "- peak private memory of exitreport from synth-1M to %s: %.1f -> %.1f MB, %.2f x (same target): %s\n",
			big, p1 / 1024, p10 / 1024, f, (f <= 1.10 ? "met" : "NOT met")
	}'
}

# ---------------------------------------------------------------- part 3

# "reason mean p50 p99 count" of the per-reason total rows of exitreport
# --csv, sorted for join (names with spaces get underscores).  Its warnings
# (a vCPU's last kvm_exit has no kvm_entry) are expected here: not shown.
csv_reasons() {
	"$exitreport" --csv "$@" 2> /dev/null | awk -F, 'NR > 1 && $1 == "total" && $6 != "" {
		gsub(/"/, "", $7); gsub(/ /, "_", $7); print $7, $14, $15, $17, $9 }' | LC_ALL=C sort
}

# "reason samples avg_ns" from perf kvm stat report, which prints its table
# on standard error: "reason samples samples% time% min max avg ( +- x% )",
# times in us with two decimals.
perf_kvm_reasons() {
	perf kvm --input "$1" stat report 2>&1 > /dev/null | awk '$2 ~ /^[0-9]+$/ && $NF == ")" {
		avg = $7; sub(/us$/, "", avg); print $1, $2, avg * 1000 }' | LC_ALL=C sort
}

part_agreement() {
	local rec=$bench/record-$key mhz
	csv_reasons "$rec/all3.data" > "$work/agree-timed.txt"
	csv_reasons --stock "$rec/all3.data" > "$work/agree-stock.txt"
	perf_kvm_reasons "$rec/all3.data" > "$work/agree-perf.txt"
	csv_reasons "$rec/timed.data" | awk '{ print $1, $2 }' > "$work/agree-t.txt"
	mhz=$("$exitreport" --json "$rec/all3.data" | sed -n 's/^  "tsc_mhz": *\([0-9.]*\).*/\1/p')
	echo "## 3. Agreement: exit_timed against kvm_exit -> kvm_entry, one run (S)"
	echo
	echo "Per reason with at least 20 exits in S; times in ns.  exit_timed cycles are converted"
	echo "at the host's TSC rate from the recording (${mhz:-?} MHz: under -icount shift=0 one TSC"
	echo "cycle = one ns of perf clock = one emulated instruction, so no rate error enters)."
	echo "exit-to-entry: exitreport --stock S (mean, p50, p99) and perf kvm --input S stat report"
	echo "(avg; perf prints us with two decimals).  Last column: exit_timed mean in T, the run"
	echo "that recorded exit_timed alone."
	echo
	echo "| reason | exits | exit_timed mean | p50 | p99 | exit-to-entry mean | p50 | p99 | perf kvm stat avg (exits) | to-entry minus timed (mean) | ratio | exit_timed mean in T |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
	# A reason missing from one source shows as "-" (join -e).
	jn() { LC_ALL=C join -a 1 -e - -o auto "$@"; }
	jn "$work/agree-timed.txt" "$work/agree-stock.txt" | jn - "$work/agree-perf.txt" |
		jn - "$work/agree-t.txt" |
		awk -v f="$(awk -v m="${mhz:-1000}" 'BEGIN { print 1000 / m }')" '
		function ns(c) { return c == "-" ? "-" : sprintf("%.0f", c * f) }
		function n(x) { return x == "-" ? "-" : sprintf("%.0f", x) }
		$5 >= 20 {
			# fields: 1 reason, 2-5 timed mean p50 p99 count, 6-9 stock mean
			# p50 p99 count, 10-11 perf kvm samples avg, 12 mean in T
			d = $6 == "-" ? "-" : sprintf("%+.0f", $6 - $2 * f)
			r = $6 == "-" ? "-" : sprintf("%.2f", $6 / ($2 * f))
			printf "| %s | %d | %s | %s | %s | %s | %s | %s | %s (%s) | %s | %s | %s |\n",
				$1, $5, ns($2), ns($3), ns($4), n($6), n($7), n($8), n($11), $10, d, r, ns($12)
		}'
	echo
	echo "Why they differ: bench/README.md, \"Agreement\"."
}

# ---------------------------------------------------------------- main

main() {
	check_deps
	mkdir -p "$bench" "$work"
	build_all
	key=$(inputs_key)
	log "inputs key $key"
	{
		echo "# Benchmark results"
		echo
		echo "Generated by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d) from commit"
		echo "$(git -C "$top" rev-parse --short HEAD 2> /dev/null || echo '?')$(git -C "$top" diff --quiet HEAD 2> /dev/null || echo ' (with local changes)');"
		echo "kernel $(basename "$(dirname "$tree")"), $(perf version), QEMU $(qemu_version), inputs key $key."
		echo "What is measured and how: bench/README.md."
		echo
		log "part 1: exit-path cost"
		echo "## 1. Exit-path cost (instructions per exit, guest-timed)"
		echo
		for vendor in $vendors; do
			part_cost "$vendor"
			echo
		done
		log "part 2: exitreport throughput"
		part_tools
		echo
		log "part 3: agreement"
		part_agreement
	} > "$work/RESULTS.md.tmp"
	mv "$work/RESULTS.md.tmp" "$results_md"
	cat "$results_md"
	log "done in $(($(date +%s) - t_start)) s; written to bench/RESULTS.md"
}

main "$@"
