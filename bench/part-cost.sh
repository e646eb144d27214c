# bench/part-cost.sh: part 1 of make bench, the exit-path cost (guest-timed
# round trip of cheap exits, stats off / on / on + exit_timed recorded /
# off + kvm_exit+kvm_entry recorded).  Sourced by bench/run.sh; the report
# functions (cost_samples, cost_table, cost_targets, cost_unpatched) also by
# tests/unit/bench-report.sh.
# shellcheck shell=bash disable=SC2154 # its variables are set by bench/run.sh and bench/host.sh

# TSV "config kind rep ticks_per_exit" from the guests' bench lines
# ("bench KIND rep R exits N tsc TICKS") in DIR/cost-CONFIG-serial.log,
# and, when UNPATCHED_DIR is given, from its cost-unpatched-serial.log (the
# host kernel without the series, booted on its own).
cost_samples() {
	local dir=$1 unpatched_dir=${2:-} config
	for config in off on timed stock; do
		tr -d '\r' < "$dir/cost-$config-serial.log" |
			awk -v c="$config" '$1 == "bench" && $3 == "rep" { print c, $2, $4, $8 / $6 }'
	done
	[ -n "$unpatched_dir" ] || return 0
	tr -d '\r' < "$unpatched_dir/cost-unpatched-serial.log" |
		awk '$1 == "bench" && $3 == "rep" { print "unpatched", $2, $4, $8 / $6 }'
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

# config_spread SAMPLES CONFIG KIND: "min median max" of a configuration's
# repetitions of one exit kind.
config_spread() {
	awk -v c="$2" -v k="$3" '$1 == c && $2 == k { print $4 }' "$1" | spread
}

# cost_table SAMPLES MEDIANS: the table of part 1 from the samples of
# cost_samples; the line per kind that cost_targets reads goes to MEDIANS.
cost_table() {
	local samples=$1 medians=$2 kind config lo m hi
	echo "| exit | off | on | on + exit_timed recorded | off + kvm_exit+kvm_entry recorded | on vs off | on + exit_timed rec. vs off | off + kvm_exit+entry rec. vs off |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
	: > "$medians"
	for kind in cpuid vmcall msr piok pio; do
		grep -q " $kind " "$samples" || continue
		declare -A m_of=() range_of=() min_of=()
		printf '| %s ' "$(kind_label "$kind")"
		for config in off on timed stock; do
			read -r lo m hi < <(config_spread "$samples" "$config" "$kind")
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
			"${range_of[on]} ${min_of[off]} ${min_of[on]}" >> "$medians"
		unset m_of range_of min_of
	done
}

# cost_unpatched SAMPLES: what the series costs with kvm.exit_stats off, its
# "off" against the same kernel without the series (both with static keys
# patched in, so off leaves a jump per hook), per exit kind on the medians
# and on the minima; target: unchanged, within 0.5%.  Nothing when SAMPLES
# has no unpatched rows.
cost_unpatched() {
	local samples=$1 kind config lo m hi out targets=''
	grep -q '^unpatched ' "$samples" || return 0
	echo "| exit | unpatched kernel | off | off vs unpatched (medians) | off vs unpatched (minima) |"
	echo "| --- | --- | --- | --- | --- |"
	for kind in cpuid vmcall msr piok pio; do
		grep -q "^unpatched $kind " "$samples" || continue
		declare -A m_of=() min_of=()
		printf '| %s ' "$(kind_label "$kind")"
		for config in unpatched off; do
			read -r lo m hi < <(config_spread "$samples" "$config" "$kind")
			m_of[$config]=$m min_of[$config]=$lo
			printf '| %.0f [%.0f-%.0f] ' "$m" "$lo" "$hi"
		done
		# The row's end, then the kind's target line.
		out=$(awk -v k="$kind" -v a="${m_of[off]}" -v b="${m_of[unpatched]}" \
			-v a0="${min_of[off]}" -v b0="${min_of[unpatched]}" 'BEGIN {
			on = (a - b) / b * 100; on0 = (a0 - b0) / b0 * 100
			printf "| %+.2f%% (%+.0f) | %+.2f%% (%+.0f) |\n", on, a - b, on0, a0 - b0
			d = (on < 0) ? -on : on; d0 = (on0 < 0) ? -on0 : on0
			printf "- %s: off against the unpatched kernel %+.2f%% on the medians, %+.2f%% on the minima (target: unchanged, within 0.5%%): %s\n",
				k, on, on0, ((d <= 0.5 && d0 <= 0.5) ? "met" : "NOT met")
		}')
		echo "${out%%$'\n'*}"
		targets+=${out#*$'\n'}$'\n'
		unset m_of min_of
	done
	echo
	printf '%s' "$targets"
}

# Targets of part 1, per exit kind.  (a) stats on against off, on the
# medians and on the minima (the repetition with the least interference:
# with instruction counts nothing makes a repetition cheaper than its
# exits); met only if both are.  Where the repetitions of "off" or "on"
# scatter more than their medians differ, the median comparison does not
# resolve the difference and the line says so.  (b) what recording
# exit_timed adds to "on" against what recording kvm_exit+kvm_entry adds to
# "off", on the medians.
# cost_targets MEDIANS; its lines: kind, medians off on timed stock,
# spreads off on, minima off on.
cost_targets() {
	awk '{
		on = ($3 - $2) / $2 * 100; on_min = ($9 - $8) / $8 * 100
		d = $3 - $2; d = (d < 0) ? -d : d
		blur = ($6 > d || $7 > d) ? sprintf(", not resolved: spreads %.0f and %.0f", $6, $7) : ""
		printf "- %s: stats on add %+.2f%% (%+.0f) on the medians%s, %+.2f%% (%+.0f) on the minima (target <= 2%%): %s; ",
			$1, on, $3 - $2, blur, on_min, $9 - $8, ((on <= 2 && on_min <= 2) ? "met" : "NOT met")
		rec_timed = $4 - $3; rec_stock = $5 - $2
		printf "recording exit_timed adds %.0f, recording kvm_exit+kvm_entry %.0f: %.2f x (target <= 0.5 x): %s",
			rec_timed, rec_stock, rec_timed / rec_stock, ((rec_timed <= rec_stock / 2) ? "met" : "NOT met")
		printf " (stats and exit_timed together: %.2f x)\n", ($4 - $2) / rec_stock
	}' "$1"
}

# part_cost VENDOR: part 1 for one virtual host.
part_cost() {
	# Wall-clock limits: about 4x a normal boot (SVM 70 s, VMX 290 s).
	local vendor=$1 name=cost-$1 samples=$work/cost-samples.txt s limit=300 dir unpatched_dir=''
	[ "$vendor" = vmx ] && limit=1200
	host_run "$vendor" "$name" "$limit" 520 "e2e.bench=cost bench.n=$n_per_rep bench.reps=$reps"
	dir=$host_out
	# The same kernel without the series (build_all), on SVM only: a Bochs
	# boot is 5 min.
	if [ "$vendor" = svm ]; then
		host_run svm cost-unpatched-svm "$limit" 520 \
			"e2e.bench=cost e2e.bench_configs=unpatched bench.n=$n_per_rep bench.reps=$reps" \
			"$unpatched_bzimage"
		unpatched_dir=$host_out
	fi
	cost_samples "$dir" "$unpatched_dir" > "$samples"
	case $vendor in
	svm)
		echo "### AMD SVM: QEMU $(qemu_version) TCG, -icount shift=0"
		echo
		echo "1 TSC tick = 1 instruction emulated by the whole virtual host (its one CPU: QEMU offers two, the test kernel brings up the first only)."
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
	cost_table "$samples" "$work/cost-medians.txt"
	s=$(tr -d '\r' < "$dir/cost-off-serial.log" | grep -m1 'bench pio unavailable' || true)
	if [ -n "$s" ]; then
		echo
		echo "OUT 0x80 from user space: ${s#bench pio unavailable: } in the guest (#GP; see README)."
	fi
	echo
	cost_targets "$work/cost-medians.txt"
	rm -f "$work/cost-medians.txt"
	if [ -n "$unpatched_dir" ]; then
		echo
		echo "The series with kvm.exit_stats=N against the same kernel without it (booted on its own, same guest):"
		echo
		cost_unpatched "$samples"
	fi
}
