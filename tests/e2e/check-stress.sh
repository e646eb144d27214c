#!/bin/bash
# Judges the stress stage of a virtual host (tests/e2e/stage-stress.sh):
# every VM ended in time, the phases' traces have no exit_seq twice and lose
# nothing perf did not report lost, the VMs of the steady phase lived with
# accounting on all their life (by the noted switch times and lifetimes),
# and their guests' snapshots and reads equal the trace exactly (exitreport
# --check).  Prints PASS/FAIL lines like check-results.sh, then the stress
# figures as an INFO line.
# Usage: check-stress.sh svm|vmx OUT_DIR
#        check-stress.sh --notes NOTES   the lifetime check of a notes file alone
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
exitreport=${EXITREPORT:-$top/build/exitreport/exitreport}

# lifetimes NOTES: the off intervals (from an "off" note to the next "on")
# against the phases and VM lifetimes.  Prints "switches N", then a line
# per VM "NAME PHASE START END RC overlaps-off|on-all-life", then for each
# phase "phase NAME START END OFFS" (OFFS: off intervals overlapping it).
lifetimes() {
	awk '
	$2 == "off" { off[++noff] = $1; on[noff] = -1 }
	$2 == "on" { if (noff && on[noff] < 0) on[noff] = $1 }
	$2 == "vm-start" { vs[$4] = $1; vp[$4] = $3; order[++nvm] = $4 }
	$2 == "vm-end" { ve[$4] = $1; vrc[$4] = $5 }
	$2 == "phase-start" { ps[$3] = $1; porder[++nph] = $3 }
	$2 == "phase-end" { pe[$3] = $1 }
	$2 == "stage-end" { stage_end = $1 }
	$2 == "stage-start" { limit = $3 }
	function overlaps(s, e,    i, n, o) {
		n = 0
		for (i = 1; i <= noff; i++) {
			o = on[i] < 0 ? (stage_end ? stage_end : 1e18) : on[i]
			if (off[i] <= e && o >= s)
				n++
		}
		return n
	}
	END {
		print "switches", noff
		for (i = 1; i <= nvm; i++) {
			v = order[i]
			e = v in ve ? ve[v] : 1e18
			# A VM its timeout ended: QEMU exits 0 on SIGTERM.
			rc = v in vrc ? vrc[v] : "none"
			if (limit && v in ve && ve[v] - vs[v] >= limit)
				rc = "timeout"
			printf "%s %s %s %s %s %s\n", v, vp[v], vs[v], v in ve ? ve[v] : "none", \
				rc, overlaps(vs[v], e) ? "overlaps-off" : "on-all-life"
		}
		for (i = 1; i <= nph; i++) {
			p = porder[i]
			e = p in pe ? pe[p] : 1e18
			printf "phase %s %s %s %d\n", p, ps[p], p in pe ? pe[p] : "none", overlaps(ps[p], e)
		}
	}' "$1"
}

if [ "${1:-}" = --notes ]; then
	lifetimes "$2"
	exit 0
fi

vendor=$1 out=$2
# shellcheck disable=SC2034 # read by pass, fail, skip (scripts/lib.sh)
result_prefix="${E2E_LABEL:-$vendor}: stress: "
notes=$out/stress-events.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rc=$(awk '$1 == "stress" { print $2 }' "$out/stages" 2>/dev/null)
secs=$(awk '$1 == "stress" { print $3 }' "$out/stages" 2>/dev/null)
if [ ! -s "$notes" ]; then
	fail "the stage left no notes (stage rc ${rc:-none})"
	e2e_tail "$out/stress.log" 10
	exit 0
fi
lifetimes "$notes" > "$work/life"
switches=$(awk '$1 == "switches" { print $2 }' "$work/life")
# QEMU VMs per phase the stage was given (e2e.stress_vms; 0: vmchurn's alone)
qvms=$(sed -n 's/^stress: \([0-9]*\) VMs x.*/\1/p' "$out/stress.log" 2>/dev/null)

# 1. Every VM ended, by itself and in time (timeout: rc 124), its guest done.
nvm=0 bad=0
while read -r name phase _ _ vrc _; do
	nvm=$((nvm + 1))
	serial=$out/stress-$name-serial.log
	guest=ended
	grep -q 'E2E-GUEST done' "$serial" 2>/dev/null || guest='not ended'
	if [ "$vrc" != 0 ] || [ "$guest" != ended ]; then
		bad=$((bad + 1))
		why=
		[ "$vrc" = 124 ] || [ "$vrc" = timeout ] && why=': did not end within its bound (a hang, or too slow a host)'
		fail "VM $name ($phase phase): rc $vrc$why, guest $guest"
		e2e_tail "$serial" 6
	fi
done < <(grep -v -e '^switches ' -e '^phase ' "$work/life")
if [ "$qvms" = 0 ]; then
	[ "$nvm" -eq 0 ] || fail "$nvm QEMU VMs started, but the stage was given none (e2e.stress_vms=0)"
elif [ "$nvm" -gt 0 ] && [ "$bad" -eq 0 ]; then
	pass "all $nvm QEMU VMs booted, ran their exit mixes and ended in time (stage ${secs:-?} s, rc ${rc:-none})"
elif [ "$nvm" -eq 0 ]; then
	fail "no VM was started (stage rc ${rc:-none})"
	e2e_tail "$out/stress.log" 10
fi
[ "$rc" = 0 ] || { fail "stage rc ${rc:-none}"; e2e_tail "$out/stress.log" 10; }

# 2. The churn of small VMs, per phase.
created=0 destroyed=0 killed=0
for p in switch steady; do
	line=$(grep '^vmchurn: [0-9]* VMs created' "$out/stress-churn-$p.txt" 2>/dev/null)
	if [ -n "$line" ] && ! grep -q -v '^vmchurn: [0-9]* VMs created' "$out/stress-churn-$p.txt"; then
		read -r c d k < <(sed 's/^vmchurn: \([0-9]*\) VMs created, \([0-9]*\) destroyed (\([0-9]*\) killed.*/\1 \2 \3/' <<< "$line")
		created=$((created + c)) destroyed=$((destroyed + d)) killed=$((killed + k))
		if [ "$c" -gt 0 ] && [ "$c" = "$d" ]; then
			pass "$p phase: $c small VMs created and destroyed ($k killed in KVM_RUN)"
		else
			fail "$p phase: $line"
		fi
	else
		fail "$p phase: vmchurn failed or did not report" "$(head -n 2 "$out/stress-churn-$p.txt" 2>/dev/null | tr '\n' ' ')"
	fi
done

# 3. The steady phase and its VMs lived with accounting on; the switch
# phase did switch.
read -r _ _ _ _ steady_offs < <(grep '^phase steady ' "$work/life")
read -r _ _ _ _ switch_offs < <(grep '^phase switch ' "$work/life")
nsteady=$(awk '$1 != "phase" && $2 == "steady" && $6 == "on-all-life"' "$work/life" | wc -l)
nsteady_all=$(awk '$1 != "phase" && $2 == "steady"' "$work/life" | wc -l)
if [ "$qvms" = 0 ] && [ "${steady_offs:-x}" = 0 ]; then
	pass "steady phase: no switch-off during it: its small VMs lived with accounting on all their life"
elif [ "${steady_offs:-x}" = 0 ] && [ "$nsteady" -gt 0 ] && [ "$nsteady" = "$nsteady_all" ]; then
	pass "steady phase: no switch-off during it; its $nsteady VMs lived with accounting on all their life"
else
	fail "steady phase: ${steady_offs:-no phase} switch-offs overlap it; $nsteady of $nsteady_all VMs lived with accounting on"
fi
if [ "${switch_offs:-0}" -gt 0 ] && [ "$switches" -gt 0 ]; then
	pass "switch phase: kvm.exit_stats switched off and on $switches times while its VMs ran"
else
	fail "switch phase: kvm.exit_stats was not switched (${switches:-0} switches)"
fi

# 4. The traces: no exit_seq twice in any vCPU; in the steady phase every
# vCPU's exit_seq from 1 on, nothing missing beyond what perf lost.
exits=0 fast=0 tvms=0 tvcpus=0
for p in switch steady; do
	data=$out/stress-$p.data
	if ! "$exitreport" --json "$data" > "$work/$p.json" 2> "$work/$p.err"; then
		fail "$p phase: exitreport cannot read its trace: $(tail -n 1 "$work/$p.err")"
		continue
	fi
	read -r ev lost dup missing late nv nc fp < <(jq -r '[.exits, .lost.events + .lost.samples,
		.warnings.seq_duplicate, .lost.seq_missing,
		([.vms[].vcpus[] | select(.seq_first != 1)] | length),
		(.vms | length), ([.vms[].vcpus[]] | length),
		([.reasons[].fastpath // 0] | add // 0)] | @tsv' "$work/$p.json")
	exits=$((exits + ev)) fast=$((fast + fp)) tvms=$((tvms + nv)) tvcpus=$((tvcpus + nc))
	if [ "$ev" -eq 0 ]; then
		fail "$p phase: no kvm:exit_timed events in the trace"
	elif [ "$dup" -ne 0 ]; then
		fail "$p phase: $dup exit_seq values traced twice"
	elif [ "$p" = switch ]; then
		pass "$p phase: $ev exits ($fp in the fastpath) of $nv VMs, $nc vCPUs traced, no exit_seq twice ($missing not traced while accounting was off or switching, perf lost $lost)"
	elif [ "$missing" -gt "$lost" ] || [ "$late" -ne 0 ]; then
		fail "$p phase: $missing exit_seq values missing and $late vCPUs not traced from their first exit, beyond the $lost events perf reports lost"
	else
		pass "$p phase: $ev exits ($fp in the fastpath) of $nv VMs, $nc vCPUs traced, every vCPU's exit_seq from 1 on, $missing missing, perf lost $lost"
	fi
done

# 5. Exact: the steady guests' snapshots (before and after their mixes, the
# other vCPUs offline) and every read of the leaves in the steady phase
# (the small VMs read 0x4FFFFFFF at every round) against its trace.
: > "$work/steady.json"
nsnap=0
for name in $(awk '$1 != "phase" && $2 == "steady" { print $1 }' "$work/life"); do
	for snap in snapshot-first snapshot-last; do
		block_out "$out/stress-$name-serial.log" "$snap" | sed -n '/^{/,/^}/p' > "$work/one.json"
		[ -s "$work/one.json" ] && nsnap=$((nsnap + 1))
		cat "$work/one.json" >> "$work/steady.json"
	done
done
if [ "$qvms" = 0 ]; then
	# the small VMs' reads of 0x4FFFFFFF (kvm:kvm_cpuid), every one checked
	if "$exitreport" --check "$out/stress-steady.data" > "$work/check.txt" 2>&1; then
		pass "steady phase: every read of the leaves by the small VMs equals the trace exactly: $(grep '^check:' "$work/check.txt" | cut -c8-)"
	else
		fail "steady phase: exitreport --check: the small VMs' reads differ from the trace, or none was checked"
		e2e_tail "$work/check.txt" 12
	fi
elif [ "$nsnap" -ne $((2 * nsteady_all)) ] || [ "$nsnap" -eq 0 ]; then
	fail "steady phase: $nsnap exitstat snapshots in the guests' logs, expected $((2 * nsteady_all))"
elif "$exitreport" --check="$work/steady.json" "$out/stress-steady.data" > "$work/check.txt" 2>&1; then
	pass "steady phase: the $nsnap guest snapshots and every read equal the trace exactly: $(grep '^check:' "$work/check.txt" | cut -c8-)"
else
	fail "steady phase: exitreport --check: the guests' counts differ from the trace"
	e2e_tail "$work/check.txt" 12
fi

reads=$(cat "$out"/stress-switch-*-serial.log 2>/dev/null | tr -d '\r' | sed -n 's/^reader: \([0-9]*\) reads$/\1/p' | awk '{ n += $1 } END { print n + 0 }')
vcpus_per_vm=$(sed -n 's/^stress: [0-9]* VMs x \([0-9]*\) vCPUs.*/\1/p' "$out/stress.log" 2>/dev/null)
echo "INFO: ${E2E_LABEL:-$vendor} stress: ${secs:-?} s; $nvm QEMU VMs x ${vcpus_per_vm:-?} vCPUs and $created small VMs x 2 vCPUs created and destroyed ($killed killed while running); traced $tvms VMs, $tvcpus vCPUs, $exits exits ($fast fastpath); $switches switch-offs; $reads guest reads of the leaves while switching"
exit 0
