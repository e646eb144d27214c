#!/bin/bash
# run-fuzz.sh [SECONDS] - build the libFuzzer harness and run it for a bounded time
# (default 60 s, one job) from a seed corpus of synthetic and hostile perf.data files.
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
cd "$BUILD"
export LSAN_OPTIONS=suppressions=$TOP/tests/fuzz/lsan.supp:print_suppressions=0
exec ./fuzz_perf_file -max_total_time="$SECS" -max_len=65536 -rss_limit_mb=1024 -timeout=10 \
	-print_final_stats=1 "$CORPUS" "$SEEDS"
