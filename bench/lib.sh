# bench/lib.sh: what the parts of make bench share (sourced by bench/run.sh
# and by tests/unit/test-bench-report.sh): messages and small statistics.
# shellcheck shell=bash disable=SC2154 # its variables are set by bench/run.sh

log() { printf '[%s] bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 2; }

# min median max of the numbers on standard input, one per line.
spread() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "- - -"; exit }
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		print v[1], m, v[NR] }'
}

size_mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.0f", b / 1e6 }'; }

qemu_version() { qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p'; }
