#!/bin/bash
# run-exitreport.sh BUILD_DIR - exitreport's host-only tests.
# Prints one line per test: "PASS: name", "FAIL: name: why" or "SKIP: name: why",
# then "N passed, N failed, N skipped"; exits 1 if any failed.
#
#   golden     tests/unit/exitreport.test: scenario (tests/fixtures/exitreport/*.scn, made
#              into perf.data by mkperfdata), options, exit status, expected stdout
#   variants   the same events in other byte orders / modes / layouts give the same CSV
#   perf       `perf script` of every synthetic and recorded fixture agrees with the CSV
#   bad-files  tests/bad-files/*: the one-line error of tests/bad-files/expected.txt, status 2
#   recorded   real perf recordings of this host (file and pipe mode), when perf can record
#   ubsan      the golden tests again with the tool built under -fsanitize=undefined
#   qmp        exitreport stats --qmp against a scripted QMP server (exitreport_qmp.sh)
#   nested     exit_timed's nested and userspace fields (exitreport_nested.sh)
#   units      the C unit tests (histogram accuracy, reorder, keymap, JSON, filters)
set -u
BUILD=${1:?usage: run-exitreport.sh BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
FIX=$TOP/tests/fixtures/exitreport
BAD=$TOP/tests/bad-files
ER=$BUILD/exitreport
MK=$BUILD/mkperfdata
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
npass=0 nfail=0 nskip=0

# pass, fail, skip (counting in npass, nfail, nskip)
# shellcheck source=scripts/lib.sh
. "$TOP/scripts/lib.sh"

# make TMP/NAME.data from FIX/NAME.scn
make_data() {
	[ -f "$TMP/$1.data" ] || "$MK" "$TMP/$1.data" < "$FIX/$1.scn" || return 1
}

# hostile NAME ARGS...: each ARGS (one string of options and files, split on
# spaces) makes exitreport fail with status 2 and a one-line message; a test
# "NAME: hostile: ARGS" each
hostile() {
	local name=$1 args out rc
	shift
	for args in "$@"; do
		# shellcheck disable=SC2086 # ARGS is a list of words
		out=$("$ER" $args 2>&1 >/dev/null); rc=$?
		if [ "$rc" = 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ]; then
			pass "$name: hostile: ${args//$TMP\//} -> $out"
		else
			fail "$name: hostile: $args" "status $rc: $out"
		fi
	done
}

# ---- golden tests ----
run_golden() {
	local name=$1 input=$2 args=$3 status=$4 expected=$5 got rc
	local data=${input%.scn}
	if ! make_data "$data"; then fail "${GOLDEN}golden: $name" "mkperfdata failed"; return; fi
	if [[ " $args " == *" - "* ]]; then
		got=$(cd "$TMP" && eval "\"$ER\" $args" < "$data.data" 2>/dev/null); rc=$?
	else
		got=$(cd "$TMP" && eval "\"$ER\" $args $data.data" 2>/dev/null); rc=$?
	fi
	if [ "$rc" != "$status" ]; then
		fail "${GOLDEN}golden: $name" "exit status $rc, expected $status"
	elif [ "$got" != "$expected" ]; then
		fail "${GOLDEN}golden: $name" "output differs: $(diff <(echo "$expected") <(echo "$got") | head -5 | tr '\n' '|')"
	else
		pass "${GOLDEN}golden: $name"
	fi
}

golden() {
	local name="" input="" args="" status=0 expected="" in_body=0 line
	GOLDEN=${1:+$1 }
	while IFS= read -r line || [ -n "$line" ]; do
		if [ $in_body = 0 ]; then
			case $line in
			"### "*) name=${line#\#\#\# }; input=""; args=""; status=0; expected="" ;;
			"input: "*) input=${line#input: } ;;
			"args:"*) args=${line#args:}; args=${args# } ;;
			"status: "*) status=${line#status: } ;;
			"expect:") in_body=1 ;;
			esac
		elif [ "$line" = "%%" ]; then
			run_golden "$name" "$input" "$args" "$status" "${expected%$'\n'}"
			in_body=0
		else
			expected+="$line"$'\n'
		fi
	done < "$HERE/exitreport.test"
}

# ---- the same events in every encoding ----
variants() {
	local base v
	make_data basic || { fail "variants" "mkperfdata failed"; return; }
	base=$(cd "$TMP" && "$ER" --csv basic.data | sed 1d)
	for v in basic-be-pipe basic-noid; do
		make_data $v || { fail "variants: $v" "mkperfdata failed"; continue; }
		if [ "$(cd "$TMP" && "$ER" --csv - < $v.data | sed 1d)" = "$base" ]; then
			pass "variants: $v equals basic"
		else
			fail "variants: $v equals basic" "CSV differs"
		fi
	done
	# perf record -z: the same records inside zstd-compressed ones, split
	# across them (every byte its own compressed record in the last)
	for v in "basic 40" "basic-be-pipe 100" "basic-noid 1"; do
		set -- $v
		{ echo "compress $2"; cat "$FIX/$1.scn"; } | "$MK" "$TMP/$1-z$2.data" ||
			{ fail "variants: $1 compressed" "mkperfdata failed"; continue; }
		if [ "$(cd "$TMP" && "$ER" --csv "$1-z$2.data" | sed 1d)" = "$base" ]; then
			pass "variants: $1 in compressed records of $2 bytes equals basic"
		else
			fail "variants: $1 in compressed records of $2 bytes equals basic" "CSV differs"
		fi
	done
	# perf record --threads: a directory of data and data.N (N = 0..), with
	# and without compression
	for v in "basic 3 0" "basic 1 0" "basic 2 50"; do
		set -- $v
		{ echo "threads $2"; [ "$3" = 0 ] || echo "compress $3"; cat "$FIX/$1.scn"; } |
			"$MK" "$TMP/$1-t$2-$3.data" || { fail "variants: $1 threads" "mkperfdata failed"; continue; }
		if [ "$(cd "$TMP" && "$ER" --csv "$1-t$2-$3.data" | sed 1d)" = "$base" ]; then
			pass "variants: $1 as a --threads directory of $2 data.N files (compress $3) equals basic"
		else
			fail "variants: $1 as a --threads directory of $2 data.N files (compress $3) equals basic" "CSV differs"
		fi
	done
	# an error in one of its files names that file
	head -c 100 "$TMP/basic-t3-0.data/data.1" > "$TMP/cut" && cp -r "$TMP/basic-t3-0.data" "$TMP/bad-t.data" &&
		mv "$TMP/cut" "$TMP/bad-t.data/data.1"
	out=$(cd "$TMP" && "$ER" bad-t.data 2>&1 >/dev/null); rc=$?
	if [ $rc = 2 ] && [ "$out" = "exitreport: bad-t.data/data.1: offset 0: record of 104 bytes crosses the end of the data section" ]; then
		pass "variants: a --threads directory with a broken data.1 is refused, naming data.1"
	else
		fail "variants: a --threads directory with a broken data.1 is refused, naming data.1" "status $rc, said: $out"
	fi
	# kvm_exit without vcpu_id (Linux before 5.7): the vCPU of the entry
	# that ends each exit on its thread; the same figures, and it says so
	make_data stock && { echo "oldkexit 1"; cat "$FIX/stock.scn"; } | "$MK" "$TMP/stock-old.data" ||
		{ fail "variants: kvm_exit without vcpu_id" "mkperfdata failed"; return; }
	if [ "$(cd "$TMP" && "$ER" --csv stock-old.data 2>/dev/null)" = "$(cd "$TMP" && "$ER" --csv stock.data 2>/dev/null)" ] &&
		(cd "$TMP" && "$ER" stock-old.data 2>/dev/null) | grep -q '^note: kvm:kvm_exit has no vcpu_id' &&
		[ "$(cd "$TMP" && "$ER" --json stock-old.data 2>/dev/null | jq .vcpu_from_entry)" = true ] &&
		[ "$(cd "$TMP" && "$ER" --json stock.data 2>/dev/null | jq .vcpu_from_entry)" = false ] &&
		[ "$(perf_exit_count "$TMP/stock-old.data")" = "$(report_exit_count "$TMP/stock-old.data")" ]; then
		pass "variants: kvm_exit without vcpu_id gives the same CSV, a note and vcpu_from_entry"
	else
		fail "variants: kvm_exit without vcpu_id gives the same CSV, a note and vcpu_from_entry" "differs"
	fi
	# and says so when they are broken
	for v in "compressed-cut:offset 554: the compressed records end inside a record (99 bytes left)" \
		"compressed-type:offset 256: compression type 2 is not zstd (1)"; do
		make_data "${v%%:*}" || { fail "variants: ${v%%:*}" "mkperfdata failed"; continue; }
		out=$(cd "$TMP" && "$ER" "${v%%:*}.data" 2>&1 >/dev/null); rc=$?
		if [ $rc = 2 ] && [ "$out" = "exitreport: ${v%%:*}.data: ${v#*:}" ]; then
			pass "variants: ${v%%:*} is refused in one line"
		else
			fail "variants: ${v%%:*} is refused in one line" "status $rc, said: $out"
		fi
	done
	if [ "$(cd "$TMP" && cat basic.data | "$ER" --csv - 2>&1)" = \
	     "exitreport: -: offset 8: file-mode perf.data cannot be read from a pipe" ]; then
		pass "variants: file mode through a pipe is refused"
	else
		fail "variants: file mode through a pipe is refused" "no clear error"
	fi
}

# ---- perf script as an independent oracle ----
# per pid and reason name: count, sum of cycles, min, max
perf_sums() {
	perf script -i "$1" -F pid,event,trace 2>/dev/null | awk '
	/exit_timed:/ {
		pid = $1; sub(/^.*reason /, ""); n = split($0, w, " cycles ");
		name = w[1]; split(w[2], v, " "); c = v[1] + 0
		k = pid "," name; cnt[k]++; sum[k] += c
		if (!(k in mn) || c < mn[k]) mn[k] = c
		if (!(k in mx) || c > mx[k]) mx[k] = c
	}
	END { for (k in cnt) printf "%s,%d,%.0f,%.0f,%.0f\n", k, cnt[k], sum[k], mn[k], mx[k] }' | sort
}

# the same per thread ("pid" of trace.dat's VMs) from trace-cmd report
tracecmd_sums() {
	trace-cmd report -i "$1" 2>/dev/null | awk '
	/ exit_timed: / {
		pid = $1; sub(/^.*-/, "", pid); sub(/^.*reason /, ""); n = split($0, w, " cycles ");
		name = w[1]; split(w[2], v, " "); c = v[1] + 0
		k = pid "," name; cnt[k]++; sum[k] += c
		if (!(k in mn) || c < mn[k]) mn[k] = c
		if (!(k in mx) || c > mx[k]) mx[k] = c
	}
	END { for (k in cnt) printf "%s,%d,%.0f,%.0f,%.0f\n", k, cnt[k], sum[k], mn[k], mx[k] }' | sort
}

# stock recordings: every kvm_exit is either paired with its kvm_entry or
# reported as unpaired
perf_exit_count() {
	perf script -i "$1" -F event 2>/dev/null | grep -c 'kvm:kvm_exit:'
}

report_exit_count() {
	"$ER" --json "$1" 2>/dev/null | jq '.exits + .warnings.unpaired_exits'
}

report_sums() {
	"$ER" --csv "$1" 2>/dev/null | awk -F, '$1 == "vm" {
		name = $7; gsub(/"/, "", name)
		# perf prints a reason its print format does not name as 0x<hex>
		if (name ~ /^UNKNOWN\(/) {
			v = substr(name, 9, length(name) - 9)
			name = v ~ /^0x/ ? v : sprintf("0x%x", v)
		}
		printf "%s,%s,%s,%s,%s,%s\n", $2, name, $9, $11, $13, $19 }' | sort
}

perf_oracle() {
	local f name
	if ! perf version >/dev/null 2>&1; then skip "perf oracle" "perf is not installed"; return; fi
	for name in basic basic-noid lost svm reorder guest check-ok; do
		make_data $name || continue
		f=$TMP/$name.data
		if [ "$(perf_sums "$f")" = "$(report_sums "$f")" ] && [ -n "$(perf_sums "$f")" ]; then
			pass "perf oracle: $name"
		else
			fail "perf oracle: $name" "perf script and exitreport disagree"
		fi
	done
	# perf reads mkperfdata's compressed records and --threads directories
	# too: both agree on them
	for v in "svm compress 300" "reorder compress 300" "svm threads 2" "guest threads 3"; do
		set -- $v
		f=$TMP/$1-$2.data
		{ echo "$2 $3"; cat "$FIX/$1.scn"; } | "$MK" "$f" || continue
		if [ "$(perf_sums "$f")" = "$(report_sums "$f")" ] && [ -n "$(perf_sums "$f")" ]; then
			pass "perf oracle: $1 ($2 $3)"
		else
			fail "perf oracle: $1 ($2 $3)" "perf script and exitreport disagree"
		fi
	done
	for f in "$FIX"/*.data; do
		[ -e "$f" ] || continue
		case "$f" in *-stock.data)
			if [ "$(perf_exit_count "$f")" = "$(report_exit_count "$f")" ] && [ -n "$(perf_exit_count "$f")" ]; then
				pass "perf oracle: recorded $(basename "$f") (kvm_exit count = paired + unpaired)"
			else
				fail "perf oracle: recorded $(basename "$f")" "perf script counts $(perf_exit_count "$f") kvm_exit, exitreport $(report_exit_count "$f")"
			fi
			continue ;;
		esac
		if [ "$(perf_sums "$f")" = "$(report_sums "$f")" ]; then
			pass "perf oracle: recorded $(basename "$f")"
		else
			fail "perf oracle: recorded $(basename "$f")" "perf script and exitreport disagree"
		fi
	done
}

# trace-cmd's trace.dat, recorded in the virtual hosts: trace-cmd report
# and exitreport agree, the report says VMs are threads, and --check works
tracedat_oracle() {
	local f
	out=$(cd "$TMP" && printf '\027\010\104tracing6' > bad.dat && "$ER" bad.dat 2>&1 >/dev/null); rc=$?
	[ $rc = 2 ] && [ "$out" = "exitreport: bad.dat: not a readable trace.dat file (libtracecmd refused it)" ] &&
		pass "trace.dat: a truncated file is refused in one line" ||
		fail "trace.dat: a truncated file is refused in one line" "status $rc: $out"
	if ! command -v trace-cmd >/dev/null; then skip "trace.dat" "trace-cmd is not installed"; return; fi
	for f in "$FIX"/*.dat; do
		[ -e "$f" ] || { skip "trace.dat" "no recorded *.dat fixture"; return; }
		if [ "$(tracecmd_sums "$f")" = "$(report_sums "$f")" ] && [ -n "$(tracecmd_sums "$f")" ]; then
			pass "trace.dat: recorded $(basename "$f"): trace-cmd report and exitreport agree"
		else
			fail "trace.dat: recorded $(basename "$f")" "trace-cmd report and exitreport disagree"
		fi
		"$ER" "$f" 2>/dev/null | grep -q '^note: trace.dat records threads' &&
			[ "$("$ER" --json "$f" 2>/dev/null | jq .vm_per_thread)" = true ] &&
			pass "trace.dat: $(basename "$f"): the report says each thread is a VM" ||
			fail "trace.dat: $(basename "$f")" "no note or vm_per_thread"
		# cut anywhere: one line, status 2, never a crash or a hang
		bad=""
		for n in 64 500 4096 $(($(stat -c %s "$f") - 100)); do
			head -c "$n" "$f" > "$TMP/cut.dat"
			out=$(timeout 10 "$ER" "$TMP/cut.dat" 2>&1 >/dev/null); rc=$?
			[ $rc = 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || bad+=" $n:$rc"
		done
		[ -z "$bad" ] && pass "trace.dat: $(basename "$f") cut at 4 places: refused in one line each" ||
			fail "trace.dat: $(basename "$f") cut" "status or message wrong at$bad"
	done
}

# ---- hostile files ----
bad_files() {
	local file expected got rc
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in ''|'#'*) continue ;; esac
		file=${line%% -> *}; expected=${line#* -> }
		got=$(cd "$BAD" && timeout 10 "$ER" "$file" 2>&1 >/dev/null); rc=$?
		if [ $rc = 2 ] && [ "$got" = "$expected" ]; then
			pass "bad file: $file"
		else
			fail "bad file: $file" "status $rc, said: $got"
		fi
	done < "$BAD/expected.txt"
}

# ---- real recordings of this host ----
recorded() {
	local out
	if ! perf record -e sched:sched_switch -a -o "$TMP/rec.data" -- sleep 0.1 >/dev/null 2>&1; then
		skip "recorded" "perf cannot record tracepoints here"
		return
	fi
	out=$(cd "$TMP" && "$ER" rec.data 2>&1); rc=$?
	[ $rc = 2 ] && [[ $out == "exitreport: rec.data: offset "*": no kvm:exit_timed (or kvm:kvm_exit + kvm:kvm_entry) events recorded" ]] \
		&& pass "recorded: file mode, no kvm events" || fail "recorded: file mode, no kvm events" "$out"
	perf record -e sched:sched_switch -a -o - -- sleep 0.1 2>/dev/null > "$TMP/recp.data"
	out=$("$ER" - < "$TMP/recp.data" 2>&1); rc=$?
	[ $rc = 2 ] && [[ $out == *"no kvm:exit_timed"* ]] \
		&& pass "recorded: pipe mode, no kvm events" || fail "recorded: pipe mode, no kvm events" "$out"
	if ! perf record -e kvm:kvm_exit -e kvm:kvm_entry -e sched:sched_switch -a -o "$TMP/kvm.data" \
		-- sleep 0.1 >/dev/null 2>&1; then
		skip "recorded: kvm events" "no kvm tracepoints on this host"
		return
	fi
	out=$("$ER" --json "$TMP/kvm.data" 2>&1); rc=$?
	[ $rc = 0 ] && [[ $out == *'"source": "kvm_exit_entry"'* ]] \
		&& pass "recorded: kvm_exit/kvm_entry with other events" || fail "recorded: kvm_exit/kvm_entry with other events" "status $rc"
	perf record -e kvm:kvm_exit -e kvm:kvm_entry -a -o - -- sleep 0.1 2>/dev/null > "$TMP/kvmp.data"
	out=$("$ER" --csv - < "$TMP/kvmp.data" 2>&1); rc=$?
	[ $rc = 0 ] && [[ $out == scope,pid* ]] \
		&& pass "recorded: kvm events, pipe mode" || fail "recorded: kvm events, pipe mode" "status $rc: $out"
	# perf record --threads: a directory, one data.N per reading thread
	rm -rf "$TMP/kvmt.data"
	if perf record --threads -e kvm:kvm_exit -e kvm:kvm_entry -e sched:sched_switch -a \
		-o "$TMP/kvmt.data" -- sleep 0.2 >/dev/null 2>&1 && [ -f "$TMP/kvmt.data/data.0" ]; then
		out=$("$ER" --json "$TMP/kvmt.data" 2>&1); rc=$?
		[ $rc = 0 ] && [[ $out == *'"source": "kvm_exit_entry"'* ]] \
			&& pass "recorded: perf record --threads ($(ls "$TMP/kvmt.data" | grep -c '^data\.') data.N files)" \
			|| fail "recorded: perf record --threads" "status $rc: $out"
	else
		skip "recorded: perf record --threads" "this perf cannot record with --threads"
	fi
	# perf record -z: every ring-buffer read in zstd-compressed records
	if ! perf record -z -e kvm:kvm_exit -e kvm:kvm_entry -e sched:sched_switch -a \
		-o "$TMP/kvmz.data" -- sleep 0.2 >/dev/null 2>&1; then
		skip "recorded: perf record -z" "perf cannot compress here (built without zstd)"
		return
	fi
	perf report -i "$TMP/kvmz.data" --header-only 2>/dev/null | grep -q '^# compressed : Zstd' ||
		{ fail "recorded: perf record -z" "perf wrote no compressed header"; return; }
	out=$("$ER" --json "$TMP/kvmz.data" 2>&1); rc=$?
	[ $rc = 0 ] && [[ $out == *'"source": "kvm_exit_entry"'* ]] \
		&& pass "recorded: perf record -z, file mode" || fail "recorded: perf record -z, file mode" "status $rc: $out"
	perf record -z -e kvm:kvm_exit -e kvm:kvm_entry -e sched:sched_switch -a -o - -- sleep 0.2 \
		2>/dev/null > "$TMP/kvmzp.data"
	out=$("$ER" --csv - < "$TMP/kvmzp.data" 2>&1); rc=$?
	[ $rc = 0 ] && [[ $out == scope,pid* ]] \
		&& pass "recorded: perf record -z, pipe mode" || fail "recorded: perf record -z, pipe mode" "status $rc: $out"
}

# ---- plots ----
plots() {
	local f missing=""
	if ! command -v gnuplot >/dev/null; then skip "plot" "gnuplot is not installed"; return; fi
	make_data basic || return
	(cd "$TMP" && "$ER" --plot plots basic.data >/dev/null 2>&1)
	for f in counts cycles hist rate; do
		for ext in png svg; do
			[ -s "$TMP/plots/$f.$ext" ] || missing+=" $f.$ext"
		done
	done
	grep -q '"CPUID" 3 330' "$TMP/plots/reasons.dat" || missing+=" reasons.dat"
	# the cycles chart's rows: all of them, the most time first
	[ "$(sort "$TMP/plots/reasons.dat" | md5sum)" = "$(sort "$TMP/plots/reasons-by-time.dat" | md5sum)" ] &&
		awk 'NR > 1 { if (NR > 2 && $3 > last) bad = 1; last = $3 } END { exit bad || NR < 3 }' \
			"$TMP/plots/reasons-by-time.dat" || missing+=" reasons-by-time.dat (not the rows by time)"
	# the distribution of each top reason rises from 0 to 100% and never falls
	awk 'NR > 1 { if ($2 < last) bad = 1; last = $2 } END { exit bad || last != 100 }' \
		"$TMP/plots/hist_1.dat" || missing+=" hist_1.dat (not a distribution function)"
	# a recording shorter than one 1 ms bucket: 4 exits in 3 us are 1.33 M/s
	make_data reorder || return
	(cd "$TMP" && "$ER" --plot short reorder.data >/dev/null 2>&1)
	[ "$(sed -n 2p "$TMP/short/rate.dat")" = "0.000000 1333333.333" ] &&
		[ "$(sed -n 3p "$TMP/short/rate.dat")" = "3.000000 1333333.333" ] &&
		grep -q '^# us_' "$TMP/short/rate.dat" || missing+=" short/rate.dat (wrong rate or axis)"
	[ -z "$missing" ] && pass "plot: charts and data" || fail "plot: charts and data" "missing$missing"
	# scripts in a directory whose name a shell would split and run: the
	# charts must still come out, and nothing may run the name
	missing=""
	mkdir -p "$TMP/p s;touch INJECTED;"
	cp "$TOP"/plots/*.gp "$TMP/p s;touch INJECTED;/"
	(cd "$TMP" && EXITREPORT_PLOTS="$TMP/p s;touch INJECTED;" "$ER" --plot "out dir" basic.data \
		>/dev/null 2>&1)
	for f in counts cycles hist rate; do
		[ -s "$TMP/out dir/$f.png" ] || missing+=" $f.png"
	done
	[ -e "$TMP/INJECTED" ] && missing+=" (a shell ran the scripts path)"
	[ -z "$missing" ] && pass "plot: scripts and output paths with spaces, no shell" ||
		fail "plot: scripts and output paths with spaces, no shell" "missing$missing"
}

units() {
	local t
	for t in test_hist test_units; do
		if [ -x "$BUILD/$t" ]; then
			"$BUILD/$t" && true
			[ $? = 0 ] || nfail=$((nfail + 1))
		else
			fail "$t" "not built"
		fi
	done | tee "$TMP/units.out"
	npass=$((npass + $(grep -c '^PASS' "$TMP/units.out")))
	nfail=$((nfail + $(grep -c '^FAIL' "$TMP/units.out")))
}

. "$HERE/exitreport_diff.sh"
. "$HERE/exitreport_by.sh"
. "$HERE/exitreport_slow.sh"
. "$HERE/exitreport_vmm.sh"
. "$HERE/exitreport_qmp.sh"
. "$HERE/exitreport_nested.sh"

golden
# UBSan's report exits 99, which no golden test expects
ER=$BUILD/exitreport-ubsan UBSAN_OPTIONS=exitcode=99:print_stacktrace=1 golden ubsan
variants
perf_oracle
tracedat_oracle
bad_files
recorded
plots
diff_tests
by_tests
slow_tests
vmm_tests
qmp_tests
nested_tests
units
echo "$npass passed, $nfail failed, $nskip skipped"
[ $nfail = 0 ]
