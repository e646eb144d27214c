# Stage: the guest stage's first scenario E2E_REPEATS times more (e2e.repeats,
# default 4), with the same events and bound but without exitreport live (it
# would load the host in some runs and not in others), into
# /results/repeatN.data and repeatN-serial.log: runs of one workload on one
# host, which `exitreport diff repeat1 repeat3 vs repeat2 repeat4` must not
# tell apart (check-results.sh, check_repeat).
# shellcheck source=scripts/lib.sh
. /e2e/lib.sh	# scripts/lib.sh: arg
first=$(arg e2e.guests)
first=${first:-e2e:guest}
first=${first%%,*}
n=$(arg e2e.repeats)
runs=
for i in $(seq 1 "${n:-4}"); do
	runs="$runs${runs:+,}${first%%:*}:repeat$i"
done
E2E_GUESTS=$runs E2E_LIVE=0 exec sh /e2e/stage-guest.sh
