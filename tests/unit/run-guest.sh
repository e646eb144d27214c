#!/bin/sh
# run-guest.sh BUILD - host unit tests of the guest tools and the shared
# exit-reason table.  Built by `make -C guest check`.  Prints one line per
# test (PASS: / FAIL: name: why / SKIP: name: why); exits 1 if any failed.
build=${1:?usage: run-guest.sh BUILD-DIR}
tests=$build/tests
failed=0
out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT

# pass, fail (failed=1), skip
# shellcheck source=scripts/lib.sh
. "$(cd "$(dirname "$0")/../.." && pwd)/scripts/lib.sh"

# the C test programs print their own lines
for t in test_exit_reasons test_kernel_names test_presence test_read_diff test_cli; do
	if [ ! -x "$tests/$t" ]; then
		if [ $t = test_kernel_names ]; then
			skip "exit_reasons: names equal the kernel's" "no kernel source tree (KSRC)"
		else
			fail "$t" "not built"
		fi
		continue
	fi
	"$tests/$t" || failed=1
done
"$tests/test_format" "$out" || failed=1

# JSON samples: valid JSON of schema exitstat/1
name="format: JSON samples follow schema exitstat/1"
if ! command -v python3 >/dev/null 2>&1; then
	skip "$name" "no python3"
elif why=$(python3 - "$out"/*.json <<'PY' 2>&1
import json, sys
for path in sys.argv[1:]:
    d = json.load(open(path))
    assert d["schema"] == "exitstat/1" and d["mode"] in ("snapshot", "delta"), path
    assert d["isa"] in ("vmx", "svm") and isinstance(d["vendor"], str), path
    for r in d["reasons"]:
        assert set(r) == {"reason", "name", "status", "count", "cycles"}, r
        assert r["status"] in ("ok", "unhandled", "undefined", "invalid"), r
        assert all(isinstance(r[k], int) for k in ("reason", "count", "cycles")), r
    assert set(d["total"]) == {"count", "cycles"}, path
    delta = d["mode"] == "delta"
    assert delta == ("self" in d) == ("command" in d), path
    if delta:
        c = d["command"]
        assert isinstance(c["argv"], list) and isinstance(c["exited"], bool), c
        assert (c["exit_status"] is None) != (c["signal"] is None), c
PY
); then
	pass "$name"
else
	fail "$name" "$(echo "$why" | tail -n 1)"
fi

# the real binary on this machine
name="exitstat: on a host without the leaves prints one line and exits 1"
state=$("$tests/probe_leaves")
if [ "$state" = present ]; then
	skip "$name" "this machine has the exit-statistics leaves (patched host)"
else
	for args in "" "--json" "--csv --all" "-- /bin/sh -c touch\\ $out/ran"; do
		# shellcheck disable=SC2086
		eval "\"$build/exitstat\" $args" >"$out/stdout" 2>"$out/stderr"
		rc=$?
		lines=$(wc -l <"$out/stderr")
		if [ $rc -ne 1 ] || [ -s "$out/stdout" ] || [ "$lines" -ne 1 ] ||
			! grep -Eq '^exitstat: (KVM exit-statistics CPUID leaves 0x4FFFFFFD-0x4FFFFFFF not present|not running in a virtual machine)' "$out/stderr"; then
			fail "$name" "args '$args': rc=$rc stderr=$(cat "$out/stderr")"
			state=bad
		fi
	done
	[ -e "$out/ran" ] && { fail "$name" "diff mode ran the command"; state=bad; }
	[ "$state" = absent ] && pass "$name ($(cat "$out/stderr"))"
fi

# exitload: cpuid needs no privileges; its expectation lines parse
name="exitload: cpuid runs and prints expect lines for both ISAs"
if "$build/exitload" cpuid 1000 >"$out/load" 2>&1 &&
	grep -qx 'expect vmx CPUID 1000 exact # .*' "$out/load" &&
	grep -qx 'expect svm cpuid 1000 exact # .*' "$out/load"; then
	pass "$name"
else
	fail "$name" "$(tr '\n' '|' <"$out/load")"
fi
name="exitload: every expect line names a reason of the shared table"
bad=""
for w in "touch 1" "timer 3 10" "hlt 1"; do
	# shellcheck disable=SC2086
	"$build/exitload" $w >"$out/load" 2>&1 || bad="$bad [$w failed]"
	grep '^expect ' "$out/load" | grep -Evq '^expect (vmx|svm) [A-Za-z_-]+ [0-9]+ (exact|min|max|approx) # ' &&
		bad="$bad [$w: bad line]"
done
[ -z "$bad" ] && pass "$name" || fail "$name" "$bad"

exit $failed
