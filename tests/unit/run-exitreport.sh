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
