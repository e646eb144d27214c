#!/bin/bash
# Compares two runs of the same workload from exitreport --csv: exits and
# cycles per reason side by side, with the change; writes the table to
# standard output and a clustered bar chart (PNG and SVG) into PLOT_DIR.
# Usage: compare-runs.sh A.csv B.csv "label A" "label B" PLOT_DIR
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
a=$1 b=$2 label_a=$3 label_b=$4 plotdir=$5
mkdir -p "$plotdir"

# name count cycles, from the per-reason total rows of a CSV
totals() {
	awk -F, '$1 == "total" && $7 != "" { gsub(/"/, "", $7); gsub(/ /, "_", $7); print $7, $9, $11 }' "$1"
}
totals "$a" | sort > "$plotdir/a.txt"
totals "$b" | sort > "$plotdir/b.txt"
join -a1 -a2 -e0 -o 0,1.2,1.3,2.2,2.3 "$plotdir/a.txt" "$plotdir/b.txt" |
	sort -k4,4nr -k2,2nr > "$plotdir/compare.dat"
rm -f "$plotdir/a.txt" "$plotdir/b.txt"

awk -v la="$label_a" -v lb="$label_b" '
	BEGIN { printf "%-22s %12s %12s %9s %16s %16s\n", "reason", "exits A", "exits B", "B/A", "cycles A", "cycles B" }
	{
		if ($2 > 0)
			ratio = sprintf("%.2f", $4 / $2)
		else
			ratio = "new"
		printf "%-22s %12d %12d %9s %16.0f %16.0f\n", $1, $2, $4, ratio, $3, $5
		ea += $2; eb += $4; ca += $3; cb += $5
	}
	END {
		ratio = "-"
		if (ea > 0)
			ratio = sprintf("%.2f", eb / ea)
		printf "%-22s %12d %12d %9s %16.0f %16.0f\n", "total", ea, eb, ratio, ca, cb
		printf "A = %s, B = %s\n", la, lb
	}' "$plotdir/compare.dat"

for fmt in png svg; do
	gnuplot -e "datadir='$plotdir'; outfmt='$fmt'; label_a='$label_a'; label_b='$label_b'" \
		"$top/plots/compare.gp"
done
