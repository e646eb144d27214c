#!/bin/bash
# Rewrites the generated parts of README.md from the files they come from,
# so that its samples and figures cannot drift:
#   <!-- BEGIN NAME --> ... <!-- END NAME -->   a block, indented as code
#                              (bench-*: markdown, not indented)
#     report-svm, report-vmx   exitreport on the committed recordings in
#                              tests/fixtures/exitreport/ (built if needed)
#     bench-svm                part 1's SVM table and targets, bench/RESULTS.md
#     bench-tools              part 2's targets, bench/RESULTS.md
#     test-timings             tests/TIMINGS.txt: the timings a cold make test
#                              wrote (build/test-logs/timings.txt, copied)
#     demo-nested-paging       docs/demo/svm-nested-paging.txt, demo-by-msr
#     demo-by-msr              the first rows of docs/demo/svm-boot-by-msr.txt,
#     demo-exitstat            docs/demo/svm-exitstat.txt, demo-qmp-stats
#     demo-qmp-stats           docs/demo/svm-qmp-stats.txt: texts of the make
#                              demo run that scripts/demo-docs.sh copied
#     bench-live               part 4's targets, bench/RESULTS.md
#   <!--count:regress-svm-->N<!--/count-->      tests in tests/e2e/regress-svm.list
#   <!--count:regress-vmx-->N<!--/count-->      (and -vmx): lines not blank or #
#   <!--count:cold-total-->N<!--/count-->       the total seconds of tests/TIMINGS.txt
#   <!--count:bench-seconds-->N<!--/count-->    what the make bench of
#                                               bench/RESULTS.md took
#   <!--count:demo-V-total-->N<!--/count-->     what make demo VENDOR=V took, and
#   <!--count:demo-V-kernel-->N<!--/count-->    its kernel build, in the run of
#                                               docs/demo/V-timings.txt
# Usage: scripts/readme-samples.sh [--check]   (--check: a PASS or FAIL line,
# exit 1 if README.md is not what this script would write; changes nothing)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
exitreport=$build/exitreport/exitreport
readme=$top/README.md
check=0
[ "${1:-}" = --check ] && check=1

[ -x "$exitreport" ] || make -s -C "$top/tools/exitreport" BUILD="$build/exitreport" > /dev/null

# block NAME: the lines of block NAME, unindented.
block() {
	case $1 in
	report-svm) (cd "$top" && "$exitreport" tests/fixtures/exitreport/svm-exit_timed.data) ;;
	report-vmx) (cd "$top" && "$exitreport" tests/fixtures/exitreport/vmx-exit_timed.data) ;;
	bench-svm)
		sed -n '/^### AMD SVM/,/^### Intel VMX/p' "$top/bench/RESULTS.md" |
			awk '/^\| exit / { t = 1 } t && /^\|/ { print; next } t { exit }'
		echo
		sed -n '/^### AMD SVM/,/^### Intel VMX/p' "$top/bench/RESULTS.md" | grep '^- '
		;;
	bench-tools) sed -n '/^## 2\./,/^## 3\./p' "$top/bench/RESULTS.md" | grep '^- ' ;;
	bench-live) sed -n '/^## 4\./,$p' "$top/bench/RESULTS.md" | grep '^- ' ;;
	test-timings) cat "$top/tests/TIMINGS.txt" ;;
	demo-nested-paging) cat "$top/docs/demo/svm-nested-paging.txt" ;;
	demo-by-msr) head -n 16 "$top/docs/demo/svm-boot-by-msr.txt" ;;
	demo-exitstat) cat "$top/docs/demo/svm-exitstat.txt" ;;
	demo-qmp-stats) cat "$top/docs/demo/svm-qmp-stats.txt" ;;
	*) echo "readme-samples: README.md names an unknown block '$1'" >&2; return 2 ;;
	esac
}

# count NAME: the inline figure NAME; "?" when its source does not hold it.
count() {
	local v
	case $1 in
	regress-*) v=$(grep -cv '^[[:space:]]*\(#\|$\)' "$top/tests/e2e/$1.list") ;;
	cold-total) v=$(awk '$1 == "total" { print $2 }' "$top/tests/TIMINGS.txt") ;;
	bench-seconds) v=$(sed -n 's/^make bench took \([0-9]*\) s.*/\1/p' "$top/bench/RESULTS.md") ;;
	demo-*-total | demo-*-kernel)
		local f=${1#demo-}
		f=$top/docs/demo/${f%-*}-timings.txt
		if [ "${1##*-}" = total ]; then
			v=$(awk '$1 == "total" { print $2 }' "$f" 2> /dev/null)
		else
			v=$(awk '$1 ~ /^kernel\(/ { print $2 }' "$f" 2> /dev/null)
		fi
		;;
	*) echo "readme-samples: README.md names an unknown figure '$1'" >&2; exit 2 ;;
	esac
	echo "${v:-?}"
}

out=$(mktemp)
trap 'rm -f "$out" "$out.block"' EXIT
name=
while IFS= read -r line; do
	if [ -n "$name" ]; then
		if [ "$line" = "<!-- END $name -->" ]; then
			rc=0
			block "$name" > "$out.block" || rc=$?
			if [ "$rc" = 0 ] && [ "${name#bench-}" != "$name" ]; then
				cat "$out.block" >> "$out"	# markdown as it is
			elif [ "$rc" = 0 ]; then
				sed 's/^\(.\)/    \1/' "$out.block" >> "$out"	# as code
			else
				echo "readme-samples: block $name: its source does not hold it (status $rc)" >&2
				exit 2
			fi
			echo "$line" >> "$out"
			name=
		fi
		continue
	fi
	if [[ $line =~ ^\<!--\ BEGIN\ ([a-z0-9-]+)\ --\>$ ]]; then
		name=${BASH_REMATCH[1]}
	fi
	while [[ $line =~ \<!--count:([a-z0-9-]+)--\>[^\<]*\<!--/count--\> ]]; do
		line=${line/"${BASH_REMATCH[0]}"/"<!--count:${BASH_REMATCH[1]}-->$(count "${BASH_REMATCH[1]}")<!--/cnt-->"}
	done
	line=${line//<!--\/cnt-->/<!--/count-->}
	echo "$line" >> "$out"
done < "$readme"
[ -z "$name" ] || { echo "readme-samples: block $name has no END marker" >&2; exit 2; }

if [ "$check" = 1 ]; then
	name="README.md: its samples, bench figures and list counts are those of their sources"
	if ! diff -u "$readme" "$out" > "$out.block"; then
		echo "FAIL: $name: stale, run scripts/readme-samples.sh"
		head -n 30 "$out.block" | sed 's/^/    | /'
		exit 1
	fi
	if grep -q -- '-->?<!--/count-->' "$out"; then
		echo "FAIL: $name: a figure's source does not hold it: $(grep -o -- '<!--count:[a-z0-9-]*-->?' "$out" | tr '\n' ' ')"
		exit 1
	fi
	echo "PASS: $name"
	exit 0
fi
cmp -s "$readme" "$out" || cp "$out" "$readme"
