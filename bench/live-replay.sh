#!/bin/bash
# bench/live-replay.sh [N] - events per second of `exitreport live --replay
# FILE --speed max --json` on a synthesized recording of N kvm:exit_timed
# events (default 2000000 over 1 s of trace, cut into 0.1 s intervals; 4 VMs,
# 2 vCPUs each, 3 reasons), next to plain
# `exitreport FILE` on the same file, and the CPU share per 100k exits/s.
# Target: >= 1M events/s, judged on its line ("met" or "NOT met").
# Not part of the unit tests: it takes seconds of CPU.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
n=${1:-2000000}
make -s -C "$top" exitreport > /dev/null
make -s -C "$top/tools/exitreport" BUILD="$build/exitreport" "$build/exitreport/mkperfdata" > /dev/null
er=$build/exitreport/exitreport
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -v n="$n" 'BEGIN {
	print "endian le"; print "mode file"; print "events exit_timed"
	print "cpudesc AMD EPYC Processor @ 2.60GHz"
	split("114 124 1024", rs, " ")
	for (i = 1; i <= n; i++) {
		vm = i % 4; vc = int(i / 4) % 2
		printf "exit time=%d pid=%d tid=%d cpu=%d vcpu=%d isa=2 reason=%d cycles=%d seq=%d\n",
			1000000000 + i * 500, 100 + vm, 1000 + vm * 10 + vc, vc, vc, rs[1 + i % 3],
			2000 + (i * 7919) % 3000, int(i / 8) + 1
		if (i % 10000 == 0) print "round"
	}
}' | "$build/exitreport/mkperfdata" "$tmp/synth.data"
secs() { local t0 t1; t0=$(date +%s%N); "$@" > /dev/null; t1=$(date +%s%N); echo $(((t1 - t0) / 1000)); }
plain_us=$(secs "$er" --json "$tmp/synth.data")
live_us=$(secs "$er" live --replay "$tmp/synth.data" --speed max --interval 0.1 --json)
lines=$("$er" live --replay "$tmp/synth.data" --speed max --interval 0.1 --json | wc -l)
exits=$("$er" live --replay "$tmp/synth.data" --speed max --json | tail -1 | jq .since_start.exits)
[ "$exits" = "$n" ] || { echo "live-replay: counted $exits of $n events" >&2; exit 1; }
# CPU (user + sys) of the live consumer per event, as the share of one core
# that 100k exits/s would cost it
cpu=$( { /usr/bin/time -f '%U %S' "$er" live --replay "$tmp/synth.data" --speed max --interval 0.1 --json > /dev/null; } 2>&1 | tail -1)
awk -v n="$n" -v c="$cpu" 'BEGIN { split(c, a, " "); t = a[1] + a[2]
	printf "CPU: %.3f s for %d events: %.2f%% of a core per 100k exits/s\n", t, n, 100 * t / n * 100000 }'
awk -v n="$n" -v l="$live_us" -v p="$plain_us" -v k="$lines" 'BEGIN {
	printf "live --replay --speed max --json: %d events, %d intervals in %.3f s: %.2f M events/s (target >= 1 M events/s): %s\n",
		n, k, l / 1e6, n / l, ((n / l >= 1.0) ? "met" : "NOT met")
	printf "plain exitreport --json:          %d events in %.3f s: %.2f M events/s\n", n, p / 1e6, n / p
}'
