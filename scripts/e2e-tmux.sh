#!/usr/bin/env bash
# End-to-end test of `blis tui` in detached tmux sessions (own server socket, 120×40, LANG=C.UTF-8).
# Usage: scripts/e2e-tmux.sh BIN        (make test passes .build/release/blis, the binary make run launches)
#   BLIS_RELEASE_BIN=path  also measure the CPU time of the splits view and `blis capacity --gpus 8` with this (release) binary;
#                          default: .build/release/blis next to BIN's .build, when it exists.
#   E2E_SCALE=n            multiply every wait limit by n (default 1).
# Every check waits for a condition on screen, with limits sized for a loaded 2-core machine
# (release build; a debug build passes too, given time), and prints how long it took. Prints one line per check, the measured timings,
# and a final "N passed, M failed" line; exits non-zero on any failure. Always kills its tmux server.
set -uo pipefail
BIN=${1:?usage: $0 path/to/blis}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
[[ -x $BIN ]] || { echo "not executable: $BIN"; exit 2; }
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 2; }
SCALE=${E2E_SCALE:-1}
RELEASE=${BLIS_RELEASE_BIN:-$(cd "$(dirname "$BIN")/.." 2>/dev/null && pwd)/release/blis}

SOCK=blis-e2e-$$
WORK=$(mktemp -d)
export LANG=C.UTF-8
T() { env -u TMUX tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() { T kill-server 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

PASSED=0; FAILED=0
pass() { PASSED=$((PASSED + 1)); echo "ok    $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL  $*"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
cap() { T capture-pane -t "$1" -p 2>/dev/null; }
WAITED=0
# wait_for SESSION REGEX SECONDS: polls the screen every 50 ms; sets WAITED (ms); returns 1 on timeout.
wait_for() {
  local session=$1 re=$2 start; start=$(now_ms)
  local end=$(( start + ${3:-10} * 1000 * SCALE ))
  until cap "$session" | grep -qE -- "$re"; do
    if (( $(now_ms) >= end )); then WAITED=$(( $(now_ms) - start )); return 1; fi
    sleep 0.05
  done
  WAITED=$(( $(now_ms) - start ))
}
# check NAME SESSION REGEX SECONDS: one waited-for check, with its time.
check() {
  local name=$1 session=$2 re=$3 limit=$4
  if wait_for "$session" "$re" "$limit"; then pass "$name ($(( WAITED / 1000 )).$(( WAITED % 1000 / 100 )) s)"
  else fail "$name (not within $(( limit * SCALE )) s)"; cap "$session" | head -12; fi
}
alt_on() { T display -p -t "$1" '#{alternate_on}'; }
# tty_sane SESSION: after exit, the pane's shell saw canonical mode, echo and a visible cursor.
tty_sane() {
  local f=$WORK/$1.stty end=$(( $(now_ms) + 3000 ))
  until [[ -f $f ]]; do (( $(now_ms) >= end )) && return 1; sleep 0.02; done
  grep -qE '(^| )icanon( |$)' "$f" && grep -qE '(^| )echo( |$)' "$f" && [[ $(T display -p -t "$1" '#{cursor_flag}') == 1 ]]
}
MODEL="--model meta-llama/llama-3.1-8b-instruct --hardware H100"
ARGS="tui $MODEL --tp 2 --num-instances 4 --rate 100"
# start SESSION ARGS [ENV...]: launches the TUI in a new session; the pane stays alive after exit.
start() {
  local session=$1 args=$2; shift 2
  T new-session -d -s "$session" -x 120 -y 40 -c "$WORK" \
    "sh -c 'echo \$\$ > $WORK/$session.pid; exec env LANG=C.UTF-8 $* $BIN $args'; echo EXIT=\$?; stty -a > $WORK/\$\$.stty 2>&1; mv $WORK/\$\$.stty $WORK/$session.stty; sleep 600"
}
quit() { T send-keys -t "$1" q; wait_for "$1" "^EXIT=" 10 >/dev/null; }
NUM='[0-9][0-9.]*k?'
BOTH_TTFT="^ TTFT +$NUM +$NUM +$NUM +$NUM +│TTFT +$NUM +$NUM +$NUM +$NUM"
BOTH_ITL="^ ITL +$NUM +$NUM +$NUM +$NUM +│ITL +$NUM +$NUM +$NUM +$NUM"
BOTH_E2E="^ E2E +$NUM +$NUM +$NUM +$NUM +│E2E +$NUM +$NUM +$NUM +$NUM"
BOTH_KV="^ i3 [█░]+ +[0-9]+% .* i3 [█░]+ +[0-9]+% "

# 1. Launch: first numbers in both columns, KV usage, the time series at 120×40.
t0=$(now_ms)
start main "$ARGS"
check "both columns show TTFT numbers" main "$BOTH_TTFT" 60
echo "      time to first numbers: $(( $(now_ms) - t0 )) ms (launch → TTFT in both columns)"
check "both columns show ITL numbers" main "$BOTH_ITL" 30
check "both columns show E2E numbers" main "$BOTH_E2E" 30
check "KV usage per instance in both columns" main "$BOTH_KV" 30
[[ $(alt_on main) == 1 ]] && pass "TUI is on the alternate screen" || fail "alternate screen"
check "verdict of the finished runs (within SLO at 100 req/s)" main "ROOFLINE  ✓ within SLO .*BLACKBOX  ✓ within SLO" 120
check "served vs offered over the measurement window" main "^ served $NUM of $NUM req/s \([0-9]+%\)" 10
check "time-series panel at 120×40" main "Over simulated time" 10
# A chart is drawn when the rows of its group (label row and the ones below) hold blocks.
chart_rows() { cap main | awk -v l="$1" '$0 ~ "^ " l {n=3} n>0 {print; n--}'; }
if wait_for main "^ TTFT ms " 30 && chart_rows "TTFT ms" | grep -q "[▁▂▃▄▅▆▇█░]"; then pass "time-series TTFT chart drawn"
else fail "time-series TTFT chart drawn"; chart_rows "TTFT ms"; fi
if chart_rows "req/s" | grep -q "[▁▂▃▄▅▆▇█░]"; then pass "time-series served vs offered chart drawn"
else fail "time-series served vs offered chart drawn"; chart_rows "req/s"; fi
# The playback cursor ▲ sits on the axis; at the start of playback it covers the 0.
check "time axis under the charts" main "^ sim time [0▲][─▲]" 10

# 2. Change TP with keys: header, field and numbers change.
before=$(cap main | grep -E "^ TTFT")
t1=$(now_ms)
T send-keys -t main j j +
if wait_for main "16×H100 TP4×4 · 100 req/s" 10; then
  echo "      key→effect latency (TP +, header): $(( $(now_ms) - t1 )) ms"
  pass "TP change shows in the header"
else fail "TP change shows in the header"; fi
check "TP field shows 4" main "TP 4   Instances 4" 5
end=$(( $(now_ms) + 60000 * SCALE ))
while :; do
  after=$(cap main | grep -E "$BOTH_TTFT")
  [[ -n $after && "$after" != "$before" ]] && break
  (( $(now_ms) >= end )) && break
  sleep 0.05
done
if [[ -n $after && "$after" != "$before" ]]; then
  echo "      restart latency (TP +, first new numbers): $(( $(now_ms) - t1 )) ms"
  pass "numbers changed after TP change"
else fail "numbers unchanged after TP change: $after"; fi
T send-keys -t main -
check "TP back to 2" main "8×H100 TP2×4 · 100 req/s" 10

# 3. r reruns with the next seed; help closes on any key, q included.
T send-keys -t main r
check "r reruns with a new seed" main "Seed 43" 5
T send-keys -t main '?'
check "help opens" main "any key closes" 5
T send-keys -t main q
# wait_gone SESSION REGEX SECONDS: polls until REGEX is no longer on screen.
wait_gone() {
  local end=$(( $(now_ms) + ${3:-5} * 1000 * SCALE ))
  while cap "$1" | grep -qE -- "$2"; do (( $(now_ms) >= end )) && return 1; sleep 0.05; done
}
if wait_gone main "any key closes help" 5 && sleep 0.3 && wait_for main "Seed 43" 5 && ! cap main | grep -q "^EXIT="; then
  pass "q closes help without quitting"
else fail "q closes help without quitting"; fi

# 4. The splits view: every split of 8 GPUs, cost, the answer bar; ★ only once every search finished.
T send-keys -t main v
check "splits view opens" main "TP vs replication" 5
t2=$(now_ms)
T send-keys -t main '?'
if wait_for main "any key closes" 5; then
  echo "      key→effect latency while the splits and capacity searches run (? help): $(( $(now_ms) - t2 )) ms"
  pass "UI responsive while the splits simulate"
else fail "UI responsive while the splits simulate"; fi
T send-keys -t main Escape
for split in TP1×8 TP2×4 TP4×2 TP8×1; do
  check "split $split simulated" main "^.{3}$split +roofline +$NUM" 300
done
# The searches may finish before the checks above are done with the view: watch their progress
# from the launch of a second planner instead (its answer bar), frame by frame.
start progress "$ARGS"
seen_progress=0; star_while_searching=0; finished=0
end=$(( $(now_ms) + 120000 * SCALE ))
while (( $(now_ms) < end )); do
  frame=$(cap progress)
  if grep -qE "searching… [0-9]+/8" <<<"$frame"; then
    seen_progress=1
    grep -q "★ Best" <<<"$frame" && star_while_searching=1
  elif grep -q "★ Best of 8" <<<"$frame"; then finished=1; break; fi
  sleep 0.02
done
if (( seen_progress && finished && !star_while_searching )); then pass "searching… n/m until every search finished, then ★"
else fail "searching… n/m until every search finished (progress seen: $seen_progress, finished: $finished, ★ early: $star_while_searching)"; fi
quit progress
check "★ on the best split once every search finished" main "^.★ TP[0-9]+×[0-9]+ " 1800
echo "      splits view → final ★ (all searches of 8 GPUs, machine as loaded as it is): $(( $(now_ms) - t2 )) ms"
check "cost columns (\$/h, \$/M tok)" main "roofline .* \\\$[0-9]+ +\\\$[0-9.]+ +✓" 10
check "flagged blackbox row marked ⚠ with its reason" main "⚠ TP4×2 blackbox: .*unphysical" 10
answer=$(cap main | grep -E "★ Best of 8 × H100" | head -1)
check "answer bar shows the best split, GPUs and cost" main "★ Best of 8 × H100: TP[0-9]+×[0-9]+ · $NUM req/s .* · 8 GPUs · \\\$[0-9.]+/h · \\\$[0-9.]+/M out tok" 5

# 5. The answer bar equals `blis capacity --gpus 8 --json` for the same inputs.
tc=$(now_ms)
"$BIN" capacity $MODEL --gpus 8 --latency-models roofline,blackbox --max-probe-requests 20000 \
  --slo-ttft-p99-ms 500 --slo-itl-p99-ms 50 --workload chatbot --seed 43 --routing-policy round-robin --quiet --json \
  > "$WORK/capacity.json" 2>"$WORK/capacity.err"
echo "      blis capacity --gpus 8 (same binary): $(( $(now_ms) - tc )) ms"
if command -v python3 >/dev/null; then
  read -r cli_split cli_cost < <(python3 -c '
import json,sys
d=json.load(open(sys.argv[1])); r=d["results"][d["best_index"]]
print("TP%d×%d" % (r["split"]["tp"], r["split"]["instances"]), "%.3f" % r["usd_per_million_output_tokens"])' "$WORK/capacity.json")
else
  cli_split=$(grep -A3 "\"best_index\"" "$WORK/capacity.json" | head -1); cli_cost=""
fi
tui_split=$(sed -nE 's/.*★ Best of 8 × H100: (TP[0-9]+×[0-9]+) .*/\1/p' <<<"$answer")
tui_cost=$(sed -nE 's/.*\$([0-9.]+)\/M out tok.*/\1/p' <<<"$answer")
[[ -n $tui_split && $tui_split == "$cli_split" ]] && pass "answer bar's best split = blis capacity's ($tui_split)" \
  || fail "answer bar's best split '$tui_split' vs blis capacity '$cli_split'"
[[ -n $tui_cost && $tui_cost == "$cli_cost" ]] && pass "answer bar's \$/M tokens = blis capacity's (\$$tui_cost)" \
  || fail "answer bar's \$/M tokens '$tui_cost' vs blis capacity '$cli_cost'"

# 6. Enter adopts the selected split into the dashboard; export carries the reproduce commands.
T send-keys -t main Down Enter
check "Enter adopts the split into the dashboard" main "adopted TP2×4 into the dashboard" 5
T send-keys -t main e
if wait_for main "exported exports/blis-plan-[0-9]{8}-[0-9]{6}\.md" 10; then
  md=$(ls "$WORK"/exports/blis-plan-*.md 2>/dev/null | head -1)
  [[ -n $md && -f ${md%.md}.json ]] && grep -q "blis run --model" "$md" && grep -q "blis capacity --model" "$md" \
    && grep -q '"version"' "${md%.md}.json" && pass "export wrote $(basename "$md") + .json with reproduce commands" \
    || fail "export files incomplete in $WORK/exports"
else fail "export path shown"; fi

# 7. Resize below the minimum and back.
T resize-window -t main -x 60 -y 20
check "too-small message" main "terminal too small: need 80×24" 5
T resize-window -t main -x 120 -y 40
check "view restored after resize" main "Over simulated time" 5

# 8. q quits: exit 0, alternate screen left.
T send-keys -t main q
if wait_for main "^EXIT=0$" 10; then pass "q exits with 0"; else fail "q exits with 0"; cap main | tail -5; fi
[[ $(alt_on main) == 0 ]] && pass "q left the alternate screen" || fail "q left the alternate screen"
tty_sane main && pass "q restored echo, canonical mode and the cursor" || fail "tty not restored after q"

# 9. Overload: the default TP1 × 4 at 400 req/s is OVERLOADED, not "within SLO".
start overload "tui $MODEL --rate 400"
check "OVERLOADED at 400 req/s on TP1×4 (both models)" overload "ROOFLINE  ✗ OVERLOADED .*BLACKBOX  ✗ OVERLOADED" 300
check "served well below offered (keep-up < 95 %)" overload "^ served [0-9]+(\.[0-9])? of 40[0-9] req/s \(([0-8]?[0-9]|9[0-4])%\)" 10
quit overload

# 10. The demo: its splits scene shows the final ★ and a caption written from the results.
start demo "tui --demo"
check "demo starts" demo "DEMO 1/6" 10
T send-keys -t demo Right Right Space
check "demo's splits scene, held (space)" demo "DEMO 3/6 \(held\)" 10
check "demo caption written from the answer" demo "DEMO 3/6 \(held\) · TP[0-9]+×[0-9]+ serves [0-9.]+× the traffic" 1800
check "demo's splits scene shows the final ★" demo "^.★ TP[0-9]+×[0-9]+ " 5
T send-keys -t demo x
check "any other key stops the demo" demo "demo stopped" 5
quit demo

# 11. Ctrl-C quits and restores the terminal.
start ctrlc "$ARGS"
wait_for ctrlc "$BOTH_TTFT" 60
T send-keys -t ctrlc C-c
check "Ctrl-C exits with 0" ctrlc "^EXIT=0$" 10
[[ $(alt_on ctrlc) == 0 ]] && pass "Ctrl-C left the alternate screen" || fail "Ctrl-C left the alternate screen"
tty_sane ctrlc && pass "Ctrl-C restored echo, canonical mode and the cursor" || fail "tty not restored after Ctrl-C"

# 12. SIGTERM restores the terminal.
start term "$ARGS"
wait_for term "$BOTH_TTFT" 60
kill -TERM "$(cat "$WORK/term.pid")" 2>/dev/null
# ncurses' own SIGTERM handler (chained after ours) restores the tty and exits 1; 143 if none is installed.
check "SIGTERM ends the TUI" term "^EXIT=(1|143)$" 10
[[ $(alt_on term) == 0 ]] && pass "SIGTERM left the alternate screen" || fail "SIGTERM left the alternate screen"
tty_sane term && pass "SIGTERM restored echo, canonical mode and the cursor" || fail "tty not restored after SIGTERM"

# 12b. Fatal signals restore the terminal too (shim handler: endwin, then the previous action).
# SIGSEGV is sent with Swift's backtracer disabled: a kill()ed SIGSEGV is not a real fault, and
# the backtracer returns from such a signal; with it disabled the shim chains to the default
# action, exactly as after a real fault.
for sig in SEGV QUIT; do
  session=crash$sig
  start "$session" "$ARGS" "SWIFT_BACKTRACE=enable=no"
  wait_for "$session" "$BOTH_TTFT" 60
  kill -$sig "$(cat "$WORK/$session.pid")" 2>/dev/null
  check "SIG$sig ends the TUI" "$session" "^EXIT=[1-9][0-9]*$" 20
  [[ $(alt_on "$session") == 0 ]] && pass "SIG$sig left the alternate screen" || fail "SIG$sig left the alternate screen"
  tty_sane "$session" && pass "SIG$sig restored echo, canonical mode and the cursor" || fail "tty not restored after SIG$sig"
done

# 13. Other TERM values, NO_COLOR, colour by default.
for term in xterm xterm-256color screen tmux-256color; do
  session=t${term//[^a-z0-9]/}
  start "$session" "$ARGS" "TERM=$term"
  if wait_for "$session" "$BOTH_TTFT" 60; then
    T send-keys -t "$session" q
    check "TERM=$term works" "$session" "^EXIT=0$" 10
  else fail "TERM=$term shows numbers"; cap "$session" | head -5; fi
done
start badterm "$ARGS" "TERM=no-such-terminal"
wait_for badterm "^EXIT=1$" 10 && cap badterm | grep -q "cannot open the terminal" \
  && pass "unknown TERM: clear message, exit 1" || fail "unknown TERM: $(cap badterm | grep -v '^$' | head -3)"
start colour "$ARGS"
wait_for colour "$BOTH_TTFT" 60
T capture-pane -t colour -p -e | grep -qP '\e\[(\d+;)*3[1-6](;\d+)*m' && pass "colour by default" || fail "colour by default"
quit colour
start nocolor "$ARGS" "NO_COLOR=1"
wait_for nocolor "$BOTH_TTFT" 60
T capture-pane -t nocolor -p -e | grep -qP '\e\[(\d+;)*3[1-6](;\d+)*m' && fail "NO_COLOR still coloured" || pass "NO_COLOR disables colour"
quit nocolor

# 14. Not a TTY: clear message, exit 1.
"$BIN" tui </dev/null >"$WORK/notty.out" 2>"$WORK/notty.err"; rc=$?
[[ $rc == 1 ]] && grep -q "blis run" "$WORK/notty.err" && pass "not a TTY: exit 1 suggesting blis run" \
  || fail "not a TTY (rc=$rc): $(cat "$WORK/notty.err")"

# 15. CPU time of the splits view and the answer bar for 8 GPUs (all searches, both models), and of the same
#     searches by `blis capacity --gpus 8`, printed.
measure() {
  local bin=$1 label=$2 TIMEFORMAT='%U %S %R' t
  t=$( { time "$bin" tui $MODEL --tp 2 --num-instances 4 --rate 100 --dump-frame --view splits --width 120 --height 44 \
           >"$WORK/splits-$label.txt" 2>&1; } 2>&1 )
  read -r user sys real <<<"$t"
  echo "      splits view + answer bar, 8 GPUs ($label build): $(awk "BEGIN { printf \"%.2f\", $user + $sys }") s CPU, ${real} s wall"
  grep -qE "^.★ TP" "$WORK/splits-$label.txt" && pass "splits view completes with a ★ ($label build)" || fail "splits view did not complete ($label)"
  t=$( { time "$bin" capacity $MODEL --gpus 8 --latency-models roofline,blackbox --max-probe-requests 20000 \
           --slo-ttft-p99-ms 500 --slo-itl-p99-ms 50 --workload chatbot --seed 43 --routing-policy round-robin --quiet --json \
           >"$WORK/capacity-$label.json" 2>&1; } 2>&1 )
  read -r user sys real <<<"$t"
  echo "      blis capacity --gpus 8 ($label build): $(awk "BEGIN { printf \"%.2f\", $user + $sys }") s CPU, ${real} s wall"
  cmp -s "$WORK/capacity-$label.json" "$WORK/capacity.json" && pass "the measured capacity search is the answer bar's ($label build)" \
    || fail "blis capacity --gpus 8 gave another result when measured ($label)"
}
[[ -x $RELEASE ]] && measure "$RELEASE" release || echo "      (no release binary at $RELEASE: build one with swift build -c release --product blis to measure it)"

echo "$PASSED passed, $FAILED failed"
(( FAILED == 0 ))
