# bench/part-cost.sh: part 1 of make bench, the exit-path cost (guest-timed
# round trip of cheap exits, stats off / on / on + exit_timed recorded /
# off + kvm_exit+kvm_entry recorded).  Sourced by bench/run.sh; the report
# functions (cost_samples, cost_table) also by tests/unit/test-bench-report.sh.
# shellcheck shell=bash disable=SC2154 # its variables are set by bench/run.sh

# TSV "config kind rep ticks_per_exit" from the guests' bench lines
# ("bench KIND rep R exits N tsc TICKS") in DIR/cost-CONFIG-serial.log.
cost_samples() {
	local dir=$1 config
	for config in off on timed stock; do
		tr -d '\r' < "$dir/cost-$config-serial.log" |
			awk -v c="$config" '$1 == "bench" && $3 == "rep" { print c, $2, $4, $8 / $6 }'
	done
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
			"${range_of[on]} ${min_of[off]} ${min_of[on]}" >> "$medians"
		unset m_of range_of min_of
	done
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
	local vendor=$1 name=cost-$1 samples=$work/cost-samples.txt s limit=300
	[ "$vendor" = vmx ] && limit=1200
	host_run "$vendor" "$name" "$limit" 520 "e2e.bench=cost bench.n=$n_per_rep bench.reps=$reps"
	cost_samples "$bench/$name-$key" > "$samples"
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
	s=$(tr -d '\r' < "$bench/$name-$key/cost-off-serial.log" | grep -m1 'bench pio unavailable' || true)
	if [ -n "$s" ]; then
		echo
		echo "OUT 0x80 from user space: ${s#bench pio unavailable: } in the guest (#GP; see README)."
	fi
	echo
	cost_targets "$work/cost-medians.txt"
	rm -f "$work/cost-medians.txt"
}
