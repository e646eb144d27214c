#!/bin/bash
# Copies what README.md shows of a make demo run from its results into the
# repository: the pictures into docs/img/, and the texts the README includes
# (through scripts/readme-samples.sh) into docs/demo/:
#   VENDOR-timings.txt        what the run took (make demo's timings.txt)
#   svm-nested-paging.txt     exitreport diff, nested paging on vs off
#   svm-boot-by-msr.txt       exitreport --by msr of the guest boot
#   svm-exitstat.txt          the guest's own exitstat table (workloads)
#   svm-qmp-stats.txt         exitreport stats --qmp after a guest boot
# then runs readme-samples.sh.  Each vendor whose results are there is
# copied whole; one whose results are missing is left as it is.
# Usage: scripts/demo-docs.sh [RESULTS_DIR]   (default results/, as make demo)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
results=$(realpath -m "${1:-$top/results}")
img=$top/docs/img demo=$top/docs/demo
mkdir -p "$img" "$demo"

# copy FROM TO: one file of the run, which must be there.
copy() {
	[ -s "$1" ] || { echo "demo-docs: $1: missing or empty (an incomplete make demo run?)" >&2; exit 1; }
	cp "$1" "$2"
}

copied=0
if [ -f "$results/svm/timings.txt" ]; then
	r=$results/svm
	copy "$r/nested-paging/diff.png" "$img/svm-nested-paging.png"
	copy "$r/boot/plots/counts.png" "$img/svm-boot-counts.png"
	copy "$r/idle/plots/rate.png" "$img/svm-idle-rate.png"
	copy "$r/workloads/plots/hist.png" "$img/svm-workloads-hist.png"
	copy "$r/nested-paging.txt" "$demo/svm-nested-paging.txt"
	copy "$r/boot/by-msr.txt" "$demo/svm-boot-by-msr.txt"
	copy "$r/workloads/exitstat.txt" "$demo/svm-exitstat.txt"
	copy "$r/qmp/stats.txt" "$demo/svm-qmp-stats.txt"
	copy "$r/timings.txt" "$demo/svm-timings.txt"
	copied=$((copied + 1))
fi
if [ -f "$results/vmx/timings.txt" ]; then
	r=$results/vmx
	copy "$r/boot/plots/counts.png" "$img/vmx-boot-counts.png"
	copy "$r/boot/plots/cycles.png" "$img/vmx-boot-cycles.png"
	copy "$r/nested-paging/diff.png" "$img/vmx-nested-paging.png"
	copy "$r/timings.txt" "$demo/vmx-timings.txt"
	copied=$((copied + 1))
fi
[ "$copied" -gt 0 ] || { echo "demo-docs: no make demo results in $results (svm/ or vmx/ with timings.txt)" >&2; exit 1; }
bash "$top/scripts/readme-samples.sh"
echo "demo-docs: copied $copied vendor(s) from $results; look at docs/img/ before committing"
