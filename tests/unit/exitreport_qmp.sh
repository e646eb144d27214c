# exitreport_qmp.sh - tests of `exitreport stats --qmp`, sourced by run-exitreport.sh
# (uses its ER, BUILD, TMP, pass, fail).  A scripted QMP server (fake_qmp.c) serves
# replies made with jq from a model of known numbers; every expected figure is
# computed from the same model here, never copied from the tool's output.
#
#   json      per vCPU and reason: count, total, mean; VM sums; KVM's log2 histogram
#             (QEMU lists array stats last element first: the tool reverses them)
#   table     the rows and the histogram of the table, the same numbers
#   csv       the vCPU rows and histogram rows of the CSV
#   order     --lists-in-order with arrays served first to last: the same JSON
#   interval  --interval --count 2 over three snapshots: two objects of deltas
#   stock     --stock: KVM's stock counters, the model's exits
#   missing   a kernel without the exit stats: one line, status 2
#   hostile   no answer, closed socket, malformed JSON, QMP errors, wrong types,
#             wrong element counts, wrong schema: one line naming the socket, status 2,
#             within the timeout

QMP_FAKE=$BUILD/fake_qmp
QMP_SOCK=$TMP/qmp.sock
# vCPU 0 and 1 of an SVM VM: slots [count, cycles], log2 buckets; slot 0xa7 is NPF
# (0x400), 0xab VMEXIT_INVALID (-1), 0xaf "other"
QMP_MODEL='{"vcpus": [
 {"index": 0, "tid": 1000, "slots": {"114": [10, 1500], "123": [4, 4000], "167": [3, 900], "171": [1, 50]},
  "hist": {"6": 1, "8": 10, "10": 3, "12": 4}},
 {"index": 1, "tid": 1001, "slots": {"120": [2, 20000], "114": [5, 700], "175": [1, 7]},
  "hist": {"3": 1, "8": 5, "15": 2}}]}'
# the second and third snapshot of --interval: the model with more exits
QMP_MODEL2=$(jq -c '.vcpus[0].slots["114"] = [15, 2100] | .vcpus[1].slots["120"] = [3, 30000] | .vcpus[0].hist["8"] = 15 | .vcpus[1].hist["15"] = 3' <<<"$QMP_MODEL")
QMP_MODEL3=$(jq -c '.vcpus[0].slots["123"] = [6, 6500] | .vcpus[0].hist["12"] = 6' <<<"$QMP_MODEL2")

qmp_greeting() {
	echo 'G {"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "fake"}, "capabilities": ["oob"]}}'
	echo 'R qmp_capabilities {"return": {}}'
}

# the schema: JQ_EDIT applied to the vcpu stats list
qmp_schema() {
	jq -c "{\"return\": [{\"provider\": \"kvm\", \"target\": \"vm\", \"stats\": [{\"name\": \"pages_4k\", \"type\": \"instant\", \"exponent\": 0}]},
	  {\"provider\": \"kvm\", \"target\": \"vcpu\", \"stats\": ([
	    {\"name\": \"exits\", \"type\": \"cumulative\", \"exponent\": 0},
	    {\"name\": \"halt_exits\", \"type\": \"cumulative\", \"exponent\": 0},
	    {\"name\": \"halt_wait_hist\", \"unit\": \"seconds\", \"base\": 10, \"exponent\": -9, \"type\": \"log2-histogram\"},
	    {\"name\": \"exit_stats_count\", \"type\": \"cumulative\", \"exponent\": 0},
	    {\"name\": \"exit_stats_cycles\", \"unit\": \"cycles\", \"type\": \"cumulative\", \"exponent\": 0},
	    {\"name\": \"exit_cycles_hist\", \"unit\": \"cycles\", \"type\": \"log2-histogram\", \"exponent\": 0}] | ${1:-.})}]}" <<<null |
		sed 's/^/R query-stats-schemas /'
}

qmp_cpus() {
	jq -c '{"return": [.vcpus[] | {"cpu-index": .index, "qom-path": "/machine/unattached/device[\(.index)]", "thread-id": .tid, "target": "x86_64"}]}' <<<"$1" |
		sed 's/^/R query-cpus-fast /'
}

# query-stats of MODEL; ORDER "qemu" lists arrays last first, "kernel" first first;
# JQ_EDIT applied to each vCPU's stats list
qmp_stats() {
	jq -c --arg order "${2:-qemu}" '
	  def arr(n; f): [range(n) | f] | if $order == "qemu" then reverse else . end;
	  {"return": [.vcpus | reverse[] | . as $v | {"provider": "kvm", "qom-path": "/machine/unattached/device[\($v.index)]",
	    "stats": ([{"name": "exits", "value": ([$v.slots[][0]] | add)},
	      {"name": "halt_exits", "value": ($v.slots["120"][0] // 0)},
	      {"name": "exit_stats_count", "value": arr(176; $v.slots[tostring][0] // 0)},
	      {"name": "exit_stats_cycles", "value": arr(176; $v.slots[tostring][1] // 0)},
	      {"name": "exit_cycles_hist", "value": arr(32; $v.hist[tostring] // 0)}] | '"${3:-.}"')}]}' <<<"$1" |
		sed 's/^/R query-stats /'
}

# a script of one snapshot of MODEL
qmp_script() {
	{ qmp_greeting; qmp_schema; qmp_cpus "$QMP_MODEL"; qmp_stats "$QMP_MODEL" "$@"; } > "$TMP/qmp.script"
}

# run exitreport stats against the fake playing TMP/qmp.script: stdout in
# TMP/qmp.out, stderr in TMP/qmp.err, status in QMP_RC (124: it hung)
qmp_run() {
	local fake
	rm -f "$QMP_SOCK"
	"$QMP_FAKE" "$QMP_SOCK" "$TMP/qmp.script" 2>"$TMP/fake.err" & fake=$!
	for _ in $(seq 50); do [ -S "$QMP_SOCK" ] && break; sleep 0.05; done
	timeout 20 "$ER" stats --qmp "$QMP_SOCK" --isa svm --timeout 1 "$@" >"$TMP/qmp.out" 2>"$TMP/qmp.err"
	QMP_RC=$?
	kill "$fake" 2>/dev/null
	wait "$fake" 2>/dev/null
}

# "vcpu reason count total" of MODEL, with the slot map worked out here
qmp_model_rows() {
	jq -r '.vcpus[] | .index as $i | .slots | to_entries[] | (.key | tonumber) as $s |
	  (if $s < 167 then $s elif $s < 171 then 1024 + $s - 167 elif $s < 175 then 4294967295 - ($s - 171) else 2147483648 end) as $r |
	  "\($i) \($r) \(.value[0]) \(.value[1])"' <<<"$1" | sort
}

qmp_json_rows() {
	jq -r '.vms[0].vcpus[] | .vcpu as $i | .reasons[] | "\($i) \(.reason) \(.count) \(.total)"' "$1" | sort
}

qmp_tests() {
	local want got d ok
	qmp_script
	qmp_run --json
	if [ "$QMP_RC" != 0 ]; then
		fail "qmp: json" "status $QMP_RC: $(head -1 "$TMP/qmp.err")"
	else
		want=$(qmp_model_rows "$QMP_MODEL")
		got=$(qmp_json_rows "$TMP/qmp.out")
		[ -n "$want" ] && [ "$got" = "$want" ] && pass "qmp: json: every vCPU and reason: count and cycles" ||
			fail "qmp: json: rows" "want $(echo "$want" | tr '\n' '|') got $(echo "$got" | tr '\n' '|')"
		want=$(jq -r '[.vcpus[].slots[][0]] | add' <<<"$QMP_MODEL")" "$(jq -r '[.vcpus[].slots[][1]] | add' <<<"$QMP_MODEL")
		got=$(jq -r '"\(.vms[0].exits) \(.vms[0].total)"' "$TMP/qmp.out")
		[ "$got" = "$want" ] && pass "qmp: json: VM exits and cycles are the sums ($want)" || fail "qmp: json: VM sums" "want $want got $got"
		want=$(jq -c '[.vcpus[] | [range(32) as $b | .hist[$b | tostring] // 0]]' <<<"$QMP_MODEL")
		got=$(jq -c '[.vms[0].vcpus[].log2_hist]' "$TMP/qmp.out")
		[ "$got" = "$want" ] && pass "qmp: json: log2 histogram per vCPU, in the kernel's bucket order" ||
			fail "qmp: json: log2 histogram" "want $want got $got"
		ok=$(jq '[.vms[0].reasons[] | (.mean - .total / .count | fabs) < 0.001 and .min == null and .p99 == null] | all' "$TMP/qmp.out")
		[ "$ok" = true ] && pass "qmp: json: means are total/count, no min or percentiles pretended" ||
			fail "qmp: json: means" "$(jq -c '.vms[0].reasons[0]' "$TMP/qmp.out")"
		cp "$TMP/qmp.out" "$TMP/qmp-ref.json"
	fi

	qmp_run
	# the VM rows: name count cycles mean, from the model (VM sums per reason)
	want=$(jq -r '[.vcpus[].slots | to_entries[]] | group_by(.key)[] | "\(.[0].key) \([.[].value[0]] | add) \([.[].value[1]] | add)"' <<<"$QMP_MODEL" |
		while read -r s c t; do
			printf '%s %s %.1f\n' "$c" "$t" "$(echo "$t / $c" | bc -l)"
		done | sort)
	got=$(awk '/^  reason/ { on = 1; next } on && /^  total/ { exit } on { print $2, $4, $6 }' "$TMP/qmp.out" | sort)
	[ "$QMP_RC" = 0 ] && [ "$got" = "$want" ] && pass "qmp: table: the VM's rows (count, cycles, mean)" ||
		fail "qmp: table: rows" "status $QMP_RC want $(echo "$want" | tr '\n' '|') got $(echo "$got" | tr '\n' '|')"
	want=$(jq -r '[.vcpus[] | .hist | to_entries[]] | group_by(.key | tonumber)[] | "\(.[0].key) \([.[].value] | add)"' <<<"$QMP_MODEL" |
		while read -r b n; do
			if [ "$b" = 0 ]; then echo "0 $n"; else echo "$((1 << (b - 1)))-$(((1 << b) - 1)) $n"; fi
		done)
	got=$(awk '/KVM.s log2 histogram/ { on = 1; getline; next } on && NF == 0 { exit } on && $2 != 0 { print $1, $2 }' "$TMP/qmp.out")
	[ -n "$want" ] && [ "$got" = "$want" ] && pass "qmp: table: the log2 histogram's buckets" ||
		fail "qmp: table: histogram" "want $(echo "$want" | tr '\n' '|') got $(echo "$got" | tr '\n' '|')"

	qmp_run --csv
	want=$(qmp_model_rows "$QMP_MODEL")
	got=$(awk -F, '$1 == "vcpu" { print $3, $6, $9, $11 }' "$TMP/qmp.out" | sort)
	[ "$QMP_RC" = 0 ] && [ "$got" = "$want" ] && pass "qmp: csv: vCPU rows" || fail "qmp: csv: vCPU rows" "got $(echo "$got" | tr '\n' '|')"
	want=$(jq -r '.vcpus[] | .index as $i | range(32) as $b | "\($i) \($b) \(.hist[$b | tostring] // 0)"' <<<"$QMP_MODEL")
	got=$(awk -F, '$1 == "log2_hist" && $3 != "" { print $3, $6, $9 }' "$TMP/qmp.out")
	[ "$got" = "$want" ] && pass "qmp: csv: log2 histogram rows" || fail "qmp: csv: histogram" "$(echo "$got" | head -3 | tr '\n' '|')"

	qmp_script kernel
	qmp_run --json --lists-in-order
	[ "$QMP_RC" = 0 ] && [ -f "$TMP/qmp-ref.json" ] && [ "$(qmp_json_rows "$TMP/qmp.out")" = "$(qmp_json_rows "$TMP/qmp-ref.json")" ] &&
		[ "$(jq -c '.vms[0].vcpus[].log2_hist' "$TMP/qmp.out")" = "$(jq -c '.vms[0].vcpus[].log2_hist' "$TMP/qmp-ref.json")" ] &&
		pass "qmp: --lists-in-order reads arrays served first to last the same" || fail "qmp: --lists-in-order" "status $QMP_RC"

	{ qmp_greeting; qmp_schema
	  for m in "$QMP_MODEL" "$QMP_MODEL2" "$QMP_MODEL3"; do qmp_cpus "$m"; qmp_stats "$m"; done; } > "$TMP/qmp.script"
	qmp_run --json --interval 0.1 --count 2
	want=$( (qmp_model_rows "$QMP_MODEL" | sed 's/^/a /'; qmp_model_rows "$QMP_MODEL2" | sed 's/^/b /'; qmp_model_rows "$QMP_MODEL3" | sed 's/^/c /') |
		awk '{ k = $2 " " $3; c[$1, k] = $4; t[$1, k] = $5; keys[k] = 1 }
		     END { for (k in keys) { n = split("a b c", s, " ");
		           for (i = 2; i <= n; i++) { dc = c[s[i], k] - c[s[i-1], k]; dt = t[s[i], k] - t[s[i-1], k];
		             if (dc || dt) print i - 1, k, dc, dt } } }' | sort)
	got=$(jq -r --slurp 'to_entries[] | (.key + 1) as $n | .value.vms[0].vcpus[] | .vcpu as $i | .reasons[] | "\($n) \($i) \(.reason) \(.count) \(.total)"' "$TMP/qmp.out" | sort)
	[ "$QMP_RC" = 0 ] && [ -n "$want" ] && [ "$got" = "$want" ] && pass "qmp: --interval --count 2: two sets of deltas" ||
		fail "qmp: --interval" "status $QMP_RC $(head -1 "$TMP/qmp.err") want $(echo "$want" | tr '\n' '|') got $(echo "$got" | tr '\n' '|')"
	d=$(jq -r --slurp '[.[].vms[0].vcpus[0].log2_hist[8]] | join(" ")' "$TMP/qmp.out")
	[ "$d" = "5 0" ] && pass "qmp: --interval: histogram deltas" || fail "qmp: --interval: histogram deltas" "got '$d', want '5 0'"

	qmp_script
	qmp_run --stock --json
	want=$(jq -r '.vcpus[] | "\(.index) \(.tid) \([.slots[][0]] | add)"' <<<"$QMP_MODEL")
	got=$(jq -r '.vms[0].vcpus[] | "\(.vcpu) \(.tid) \(.exits)"' "$TMP/qmp.out")
	[ "$QMP_RC" = 0 ] && [ "$got" = "$want" ] && pass "qmp: --stock: KVM's exits per vCPU" || fail "qmp: --stock" "status $QMP_RC got $got"

	{ qmp_greeting; qmp_schema 'map(select(.name | startswith("exit_") | not))'; } > "$TMP/qmp.script"
	qmp_run
	qmp_expect_error "missing exit stats" "exit_stats_count"
	qmp_hostile
}

# the last run failed with status 2 and one line on stderr naming the socket and WHAT
qmp_expect_error() {
	local name=$1 what=$2 line
	line=$(head -c 400 "$TMP/qmp.err")
	if [ "$QMP_RC" = 2 ] && [ "$(wc -l < "$TMP/qmp.err")" = 1 ] && [[ $line == *"$QMP_SOCK"* ]] && [[ $line == *"$what"* ]]; then
		pass "qmp: $name -> ${line//$TMP\//}"
	else
		fail "qmp: $name" "status $QMP_RC (want 2, one line with '$what'): $(tr '\n' '|' < "$TMP/qmp.err" | head -c 300)"
	fi
}

qmp_hostile() {
	local t0 t1
	# no greeting at all: the read times out
	echo HANG > "$TMP/qmp.script"
	t0=$(date +%s); qmp_run; t1=$(date +%s)
	qmp_expect_error "no greeting (timeout 1 s, took $((t1 - t0)) s)" "no answer within 1000 ms"
	{ qmp_greeting; qmp_schema; qmp_cpus "$QMP_MODEL"; echo HANG; } > "$TMP/qmp.script"
	qmp_run
	qmp_expect_error "query-stats never answered" "query-stats: no answer"
	{ qmp_greeting; echo CLOSE; } > "$TMP/qmp.script"
	qmp_run
	qmp_expect_error "connection closed" "closed the connection"
	echo 'G {"hello": 1}' > "$TMP/qmp.script"
	qmp_run
	qmp_expect_error "not a QMP greeting" "not a QMP socket"
	{ qmp_greeting; echo 'RAW {"return": [1, 2'; } > "$TMP/qmp.script"
	qmp_run
	qmp_expect_error "truncated JSON" "not a JSON object"
	{ qmp_greeting; echo 'RAW not json at all'; } > "$TMP/qmp.script"
	qmp_run
	qmp_expect_error "not JSON" "not a JSON object"
	{ qmp_greeting; echo 'BIG 17000000'; } > "$TMP/qmp.script"
	qmp_run
	qmp_expect_error "a reply beyond the bound" "reply longer than"
	{ qmp_greeting; echo 'RAW {"return": [], "id": 99}'; } > "$TMP/qmp.script"
	qmp_run
	qmp_expect_error "a reply with another id" "without our id"
	{ qmp_greeting; qmp_schema; qmp_cpus "$QMP_MODEL"; echo 'R query-stats {"error": {"class": "GenericError", "desc": "stats are\nbroken"}}'; } > "$TMP/qmp.script"
	qmp_run
	qmp_expect_error "QMP error reply" "QEMU error GenericError: stats are broken"
	{ qmp_greeting; echo 'R query-stats-schemas {"error": {"class": "CommandNotFound", "desc": "The command query-stats-schemas has not been found"}}'; } > "$TMP/qmp.script"
	qmp_run
	qmp_expect_error "an old QEMU without query-stats-schemas" "CommandNotFound"
	qmp_hostile_schema 'map(if .name == "exit_stats_cycles" then .type = "instant" else . end)' "exit_stats_cycles has type instant"
	qmp_hostile_schema 'map(if .name == "exit_cycles_hist" then .unit = "seconds" else . end)' "exit_cycles_hist has unit seconds"
	qmp_hostile_schema 'map(select(.name != "exit_cycles_hist"))' "exit_cycles_hist is missing"
	qmp_hostile_schema 'map(select(.name != "exits"))' "no 'exits' stat"
	qmp_hostile_schema '{"x": 1}' "no stats array"
	qmp_hostile_stats 'map(if .name == "exits" then .value = "12" else . end)' 'exits is "12"'
	qmp_hostile_stats 'map(if .name == "exits" then .value = -1 else . end)' "exits is -1"
	qmp_hostile_stats 'map(if .name == "exit_stats_count" then .value = 5 else . end)' "exit_stats_count is not a list"
	qmp_hostile_stats 'map(if .name == "exit_stats_count" then .value |= .[1:] else . end)' "exit_stats_count has 175 elements, expected 176"
	qmp_hostile_stats 'map(if .name == "exit_cycles_hist" then .value += [0] else . end)' "exit_cycles_hist has 33 elements, expected 32"
	qmp_hostile_stats 'map(if .name == "exit_stats_cycles" then .value[3] = 1.5 else . end)' "exit_stats_cycles element 3 is not a non-negative integer"
	qmp_hostile_stats 'map(select(.name != "exit_stats_cycles"))' "no exit_stats_cycles"
	qmp_hostile_stats '. + [.[0]]' "exits twice"
	# a count in slot 100, which no VMX reason uses (QEMU's order: element 75)
	qmp_hostile_stats 'map(if .name == "exit_stats_count" then .value[75] = 9 else . end)' "slot 100 holds no vmx exit reason" --isa vmx
	{ qmp_greeting; qmp_schema; echo 'R query-cpus-fast {"return": []}'; qmp_stats "$QMP_MODEL"; } > "$TMP/qmp.script"
	qmp_run
	qmp_expect_error "vCPUs missing from query-cpus-fast" "2 vCPU results for 0 vCPUs"
	{ qmp_greeting; qmp_schema; qmp_cpus "$QMP_MODEL2"; qmp_stats "$QMP_MODEL2"; qmp_cpus "$QMP_MODEL"; qmp_stats "$QMP_MODEL"; } > "$TMP/qmp.script"
	qmp_run --interval 0.05 --count 1
	qmp_expect_error "a counter that went back" "exits went back from 23 to 18"
	rm -f "$QMP_SOCK"
	timeout 20 "$ER" stats --qmp "$QMP_SOCK" --isa svm >/dev/null 2>"$TMP/qmp.err"; QMP_RC=$?
	qmp_expect_error "no socket" "connect: "
}

qmp_hostile_schema() {
	{ qmp_greeting; qmp_schema "$1"; } > "$TMP/qmp.script"
	qmp_run
	qmp_expect_error "schema: $2" "$2"
}

qmp_hostile_stats() {
	{ qmp_greeting; qmp_schema; qmp_cpus "$QMP_MODEL"; qmp_stats "$QMP_MODEL" qemu "$1"; } > "$TMP/qmp.script"
	qmp_run "${@:3}"
	qmp_expect_error "stats: $2" "$2"
}
