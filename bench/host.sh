# bench/host.sh: building what the runs need, and the boots of the virtual
# host, cached in $bench by the key of their inputs.  Sourced by bench/run.sh.
# shellcheck shell=bash disable=SC2154 # its variables are set by bench/run.sh

build_all() {
	log "building the patched kernel (cached), exitreport, mkperfdata, the guest programs"
	tree=$(bash "$top/kernel/build.sh" "$build")
	bzimage=$tree/arch/x86/boot/bzImage
	# part 1's baseline on the SVM host: the same kernel without the series
	case " $vendors " in
	*" svm "*)
		log "building the unpatched kernel (cached)"
		# shellcheck disable=SC2034 # read by part_cost
		unpatched_bzimage=$(UNPATCHED=1 bash "$top/kernel/build.sh" "$build")/arch/x86/boot/bzImage
		;;
	esac
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
			"$e2e/l2-init.sh" "$e2e/run-l1.sh" "$e2e/build-initramfs.sh" "$e2e/lib.sh" \
			"$top/scripts/lib.sh"
	} | key_of
}

# The initramfs of the virtual host, built only when a run is needed.
ensure_initramfs() {
	local dir=$bench/initramfs
	key_matches "$dir/key" "$key" && return 0
	log "building the virtual host's initramfs"
	rm -rf "$dir"
	bash "$e2e/build-initramfs.sh" "$tree" "$bench/guest" "$dir" 2> /dev/null
	echo "$key" > "$dir/key"
}

# host_run VENDOR NAME LIMIT CYLINDERS CMDLINE [BZIMAGE]: one boot of the
# virtual host (svm: QEMU with -icount; vmx: Bochs, whose clock is
# instruction-driven already) with plan "bench", of the patched kernel or of
# BZIMAGE; results in host_out=$bench/NAME-KEY (KEY covers BZIMAGE too),
# reused when there.
# A boot that fails or hits its wall-clock limit is tried once more: rarely
# (about one SVM recording boot in six so far) the emulated host stops making
# progress for good, and a second boot does not.
host_run() {
	local vendor=$1 name=$2 limit=$3 cyls=$4 cmdline=$5 image=${6:-$bzimage} out old qemu_opts='' try
	out=$bench/$name-$key
	[ -n "${6:-}" ] && out=$bench/$name-$({ echo "$key"; cat "$image"; } | key_of)
	# shellcheck disable=SC2034 # read by the caller
	host_out=$out
	if [ -f "$out/done" ] && [ -z "${BENCH_FRESH:-}" ]; then
		log "$name: cached ($out)"
		boots_cached+=("$name")
		return 0
	fi
	boots_fresh+=("$name")
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
			bash "$e2e/run-l1.sh" "$vendor" bench "$image" "$bench/initramfs/l1.cpio.gz" \
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
