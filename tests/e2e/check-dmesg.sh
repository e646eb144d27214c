#!/bin/bash
# Judges a virtual host's kernel log (results/dmesg.log): any report of the
# kernel's checkers fails it, with the first lines of every report.  Reports:
# KASAN, UBSAN, lockdep and RCU-lockdep ("WARNING: possible circular locking
# dependency", "WARNING: suspicious RCU usage", ...), WARN() ("WARNING: CPU:
# ..."), BUG() and "BUG: ..." (sleeping in atomic context, soft lockups,
# page faults), Oopses, general protection faults, list corruption, SLUB's
# "BUG <cache> (...tainted)", debugobjects' "ODEBUG:", hung tasks, RCU
# stalls, panics.  The log must begin with the kernel's banner: a log that
# lost its beginning may have lost a report too.
# Prints "PASS: NAME..." or "FAIL: NAME...", NAME "dmesg" by default.
# Usage: check-dmesg.sh DMESG_LOG [NAME]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
log=$1 name=${2:-dmesg}
lines_per_report=12

[ -s "$log" ] || { fail "$name: no kernel log ($log)"; exit 0; }
# Without the timestamps and levels of "dmesg -r" or PRINTK_TIME.
text=$(sed -e 's/^<[0-9]*>//' -e 's/^\[ *[0-9]*\.[0-9]*\] //' "$log")
if ! head -n 1 <<< "$text" | grep -q '^Linux version '; then
	fail "$name: the log does not begin with the kernel's banner: it lost its beginning (log buffer too small), reports may be lost" \
		"first line '$(head -n 1 <<< "$text" | cut -c1-80)'"
	exit 0
fi
pattern='^(BUG: |BUG [^ ]+ \((Not tainted|Tainted)|kernel BUG at |WARNING: |UBSAN: |Oops: |Oops$|general protection fault|list_(add|del) corruption|ODEBUG: |INFO: task .* blocked for more than|INFO: rcu_|rcu: INFO: |Kernel panic|Unable to handle kernel)'
starts=$(grep -n -E "$pattern" <<< "$text" | cut -d: -f1)
if [ -z "$starts" ]; then
	pass "$name: no KASAN, UBSAN, lockdep, BUG, WARN or Oops report in the host's kernel log ($(wc -l <<< "$text") lines)"
	exit 0
fi
# One report may match twice (the WARNING line right after its list_add
# corruption line): a match on the line after the one before is the same.
n=0 last=-1000
reports=()
for at in $starts; do
	[ "$at" -gt $((last + 1)) ] && { n=$((n + 1)); reports+=("$at"); }
	last=$at
done
fail "$name: $n report(s) of the kernel's checkers in the host's kernel log" \
	"first: $(sed -n "${reports[0]}p" <<< "$text" | cut -c1-120)"
for at in "${reports[@]:0:5}"; do
	sed -n "${at},$((at + lines_per_report - 1))p" <<< "$text" | sed 's/^/    | /'
	echo "    | ..."
done
exit 0
