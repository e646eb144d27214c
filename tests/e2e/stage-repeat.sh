# Stage: the guest stage's first scenario once more, with the same events
# and bound but without exitreport live, into /results/repeat.data and
# repeat-serial.log: two runs of one workload on one host, which
# `exitreport diff` must not tell apart (check-results.sh, check_repeat).
# shellcheck source=scripts/lib.sh
. /e2e/lib.sh	# scripts/lib.sh: arg
first=$(arg e2e.guests)
first=${first:-e2e:guest}
first=${first%%,*}
E2E_GUESTS="${first%%:*}:repeat" E2E_LIVE=0 exec sh /e2e/stage-guest.sh
