# Scenario: an idle guest (the "exit rate of an idle guest over time"
# experiment): 20 seconds of sleep, bracketed by exitstat readings.
echo "@@BEGIN snapshot-first"
exitstat --json --all
echo "@@END snapshot-first rc=$?"
sleep 20
echo "@@BEGIN snapshot-last"
exitstat --json --all
echo "@@END snapshot-last rc=$?"
