#!/bin/bash
# run-fuzz.sh [SECONDS] - build the libFuzzer harness and run it for a bounded time
# (default 60 s, one job) from a seed corpus of synthetic and hostile perf.data files
# and QMP replies.
# Crashes are left as crash-* files in the build directory; exit status is libFuzzer's.
set -eu
SECS=${1:-60}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$TOP/build/exitreport}
make -s -C "$TOP/tools/exitreport" BUILD="$BUILD" fuzz all "$BUILD/mkperfdata"
SEEDS=$BUILD/fuzz-seeds
CORPUS=$BUILD/fuzz-corpus
mkdir -p "$SEEDS" "$CORPUS"
for s in "$TOP"/tests/fixtures/exitreport/*.scn; do
	"$BUILD/mkperfdata" "$SEEDS/$(basename "${s%.scn}").data" < "$s"
done
cp "$TOP"/tests/bad-files/*.data "$SEEDS/"
# QMP replies for exitreport stats' snapshot parser (inputs starting with '{')
jq -n -c '{stats: [{provider: "kvm", "qom-path": "/machine/unattached/device[0]", stats: [
	{name: "exits", value: 3}, {name: "halt_exits", value: 1},
	{name: "exit_stats_count", value: ([range(176) | 0] | .[60] = 2 | .[55] = 1)},
	{name: "exit_stats_cycles", value: ([range(176) | 0] | .[60] = 900 | .[55] = 40)},
	{name: "exit_cycles_hist", value: ([range(32) | 0] | .[22] = 3)}]}],
	cpus: [{"cpu-index": 0, "qom-path": "/machine/unattached/device[0]", "thread-id": 7}]}' > "$SEEDS/qmp.json"
cd "$BUILD"
export LSAN_OPTIONS=suppressions=$TOP/tests/fuzz/lsan.supp:print_suppressions=0
exec ./fuzz_perf_file -max_total_time="$SECS" -max_len=65536 -rss_limit_mb=1024 -timeout=10 \
	-print_final_stats=1 "$CORPUS" "$SEEDS"
