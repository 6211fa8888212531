#!/usr/bin/env bash
# End-to-end test of `blis tui` in a detached tmux session (own server socket, 120×40, LANG=C.UTF-8).
# Usage: scripts/e2e-tmux.sh BIN        (e.g. .build/debug/blis)
# Prints one line per check, the measured time to first numbers and key→effect latencies, and a
# final "N passed, M failed" line; exits non-zero on any failure. Always kills its tmux server.
set -uo pipefail
BIN=${1:?usage: $0 path/to/blis}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
[[ -x $BIN ]] || { echo "not executable: $BIN"; exit 2; }
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 2; }

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
# wait_for SESSION REGEX [SECONDS]: polls capture-pane every 20 ms; returns 1 on timeout.
wait_for() {
  local session=$1 re=$2 end=$(( $(now_ms) + ${3:-10} * 1000 ))
  until cap "$session" | grep -qE -- "$re"; do
    (( $(now_ms) >= end )) && return 1
    sleep 0.02
  done
}
alt_on() { T display -p -t "$1" '#{alternate_on}'; }
# tty_sane SESSION: after exit, the pane's shell saw canonical mode, echo and a visible cursor.
tty_sane() {
  local f=$WORK/$1.stty end=$(( $(now_ms) + 3000 ))
  until [[ -f $f ]]; do (( $(now_ms) >= end )) && return 1; sleep 0.02; done
  grep -qE '(^| )icanon( |$)' "$f" && grep -qE '(^| )echo( |$)' "$f" && [[ $(T display -p -t "$1" '#{cursor_flag}') == 1 ]]
}
ARGS="tui --model meta-llama/llama-3.1-8b-instruct --hardware H100 --tp 2 --num-instances 4 --rate 100"
# start SESSION [ENV...]: launches the TUI in a new session; the pane stays alive after exit.
start() {
  local session=$1; shift
  T new-session -d -s "$session" -x 120 -y 40 -c "$WORK" \
    "sh -c 'echo \$\$ > $WORK/$session.pid; exec env LANG=C.UTF-8 $* $BIN $ARGS'; echo EXIT=\$?; stty -a > $WORK/\$\$.stty 2>&1; mv $WORK/\$\$.stty $WORK/$session.stty; sleep 120"
}
NUM='[0-9][0-9.]*k?'
BOTH_TTFT="^ TTFT +$NUM +$NUM +$NUM +$NUM +│TTFT +$NUM +$NUM +$NUM +$NUM"
BOTH_ITL="^ ITL +$NUM +$NUM +$NUM +$NUM +│ITL +$NUM +$NUM +$NUM +$NUM"
BOTH_E2E="^ E2E +$NUM +$NUM +$NUM +$NUM +│E2E +$NUM +$NUM +$NUM +$NUM"
BOTH_KV="^ i3 [█░]+ +[0-9]+% .* i3 [█░]+ +[0-9]+% "

# 1. Launch, first numbers in both columns, KV usage.
t0=$(now_ms)
start main
if wait_for main "$BOTH_TTFT" 10; then
  first_ms=$(( $(now_ms) - t0 ))
  pass "both columns show TTFT numbers"
  echo "      time to first numbers: ${first_ms} ms (launch → TTFT in both columns)"
else fail "both columns show TTFT numbers"; cap main; fi
wait_for main "$BOTH_ITL" 5 && pass "both columns show ITL numbers" || fail "both columns show ITL numbers"
wait_for main "$BOTH_E2E" 5 && pass "both columns show E2E numbers" || fail "both columns show E2E numbers"
wait_for main "$BOTH_KV" 5 && pass "KV usage per instance in both columns" || fail "KV usage per instance"
[[ $(alt_on main) == 1 ]] && pass "TUI is on the alternate screen" || fail "alternate screen"

# 2. Change TP with keys: header and numbers change.
wait_for main "✓ done" 20
before=$(cap main | grep -E "^ TTFT")
t1=$(now_ms)
T send-keys -t main j j +
if wait_for main "TP4 × 4 · 100 req/s" 5; then
  echo "      key→effect latency (TP +, header): $(( $(now_ms) - t1 )) ms"
  pass "TP change shows in the header"
else fail "TP change shows in the header"; fi
wait_for main "TP 4   Instances 4" 2 && pass "TP field shows 4" || fail "TP field shows 4"
# The old runs are cancelled and new ones publish: wait for a TTFT row with numbers that differs.
end=$(( $(now_ms) + 10000 ))
while :; do
  after=$(cap main | grep -E "$BOTH_TTFT")
  [[ -n $after && "$after" != "$before" ]] && break
  (( $(now_ms) >= end )) && break
  sleep 0.02
done
if [[ -n $after && "$after" != "$before" ]]; then
  echo "      restart latency (TP +, first new numbers): $(( $(now_ms) - t1 )) ms"
  pass "numbers changed after TP change"
else fail "numbers unchanged after TP change: $after"; fi
T send-keys -t main -
wait_for main "TP2 × 4 · 100 req/s" 5 && pass "TP back to 2" || fail "TP back to 2"

# 3. TP-vs-replication view: every split of 8 GPUs, best highlighted; responsiveness while it runs.
T send-keys -t main v
wait_for main "TP vs replication" 3 && pass "TP-vs-replication view opens" || fail "TP-vs-replication view opens"
t2=$(now_ms)
T send-keys -t main '?'
if wait_for main "Help" 2; then
  echo "      key→effect latency while the splits and capacity searches run (? help): $(( $(now_ms) - t2 )) ms"
  pass "UI responsive while the splits simulate"
else fail "UI responsive while the splits simulate"; fi
T send-keys -t main Escape
for split in "TP1 × 8" "TP2 × 4" "TP4 × 2" "TP8 × 1"; do
  wait_for main "^.{2}$split +roofline +$NUM" 30 && pass "split $split simulated" || fail "split $split simulated"
done
wait_for main "^★ TP" 30 && pass "best split highlighted" || fail "best split highlighted"
wait_for main "TTFT p99 \(ms\) vs offered req/s" 5 && pass "split chart drawn" || fail "split chart drawn"
# The frontier chart plots each split's run (and later its capacity probes) with its TP digit.
wait_for main "┤ *[1248]([^0-9.k┤]|$)" 10 && pass "split chart has points" || fail "split chart has points"
# The max-rate column (the library's capacity search, one probe at a time) shows a rate.
if wait_for main "[0-9] +(≥ )?[0-9][0-9.]*k? +✓" 90; then
  echo "      first max-rate value (capacity probe passed) after: $(( $(now_ms) - t2 )) ms in the splits view"
  pass "max rate column shows a rate"
else fail "max rate column shows a rate"; cap main | sed -n 3,12p; fi

# 4. Export: Markdown + JSON named with a timestamp, path shown.
T send-keys -t main e
if wait_for main "exported exports/blis-plan-[0-9]{8}-[0-9]{6}\.md" 5; then
  md=$(ls "$WORK"/exports/blis-plan-*.md 2>/dev/null | head -1)
  [[ -n $md && -f ${md%.md}.json ]] && grep -q "TP vs replication" "$md" \
    && pass "export wrote $(basename "$md") + .json" || fail "export files missing in $WORK/exports"
else fail "export path shown"; fi

# 5. Resize below the minimum and back.
T resize-window -t main -x 60 -y 20
wait_for main "terminal too small: need 80×24" 3 && pass "too-small message" || fail "too-small message"
T resize-window -t main -x 120 -y 40
wait_for main "TP vs replication" 3 && pass "view restored after resize" || fail "view restored after resize"

# 6. q quits: exit 0, alternate screen left.
T send-keys -t main q
if wait_for main "^EXIT=0$" 5; then pass "q exits with 0"; else fail "q exits with 0"; cap main | tail -5; fi
[[ $(alt_on main) == 0 ]] && pass "q left the alternate screen" || fail "q left the alternate screen"
tty_sane main && pass "q restored echo, canonical mode and the cursor" || fail "tty not restored after q"

# 7. Ctrl-C quits and restores the terminal.
start ctrlc
wait_for ctrlc "$BOTH_TTFT" 10
T send-keys -t ctrlc C-c
wait_for ctrlc "^EXIT=0$" 5 && pass "Ctrl-C exits with 0" || fail "Ctrl-C exits with 0"
[[ $(alt_on ctrlc) == 0 ]] && pass "Ctrl-C left the alternate screen" || fail "Ctrl-C left the alternate screen"
tty_sane ctrlc && pass "Ctrl-C restored echo, canonical mode and the cursor" || fail "tty not restored after Ctrl-C"

# 8. SIGTERM restores the terminal.
start term
wait_for term "$BOTH_TTFT" 10
kill -TERM "$(cat "$WORK/term.pid")" 2>/dev/null
# ncurses' own SIGTERM handler (chained after ours) restores the tty and exits 1; 143 if none is installed.
wait_for term "^EXIT=(1|143)$" 5 && pass "SIGTERM ends the TUI ($(cap term | grep -oE '^EXIT=[0-9]+'))" || fail "SIGTERM ends the TUI"
[[ $(alt_on term) == 0 ]] && pass "SIGTERM left the alternate screen" || fail "SIGTERM left the alternate screen"
tty_sane term && pass "SIGTERM restored echo, canonical mode and the cursor" || fail "tty not restored after SIGTERM"

# 8b. Fatal signals restore the terminal too (shim handler: endwin, then the previous action).
# SIGSEGV is sent with Swift's backtracer disabled: a kill()ed SIGSEGV is not a real fault, and
# the backtracer returns from such a signal; with it disabled the shim chains to the default
# action, exactly as after a real fault.
for sig in SEGV QUIT; do
  session=crash$sig
  start "$session" "SWIFT_BACKTRACE=enable=no"
  wait_for "$session" "$BOTH_TTFT" 10
  kill -$sig "$(cat "$WORK/$session.pid")" 2>/dev/null
  if wait_for "$session" "^EXIT=[1-9][0-9]*$" 10; then pass "SIG$sig ends the TUI ($(cap "$session" | grep -oE '^EXIT=[0-9]+'))"
  else fail "SIG$sig ends the TUI: $(cap "$session" | tail -3)"; fi
  [[ $(alt_on "$session") == 0 ]] && pass "SIG$sig left the alternate screen" || fail "SIG$sig left the alternate screen"
  tty_sane "$session" && pass "SIG$sig restored echo, canonical mode and the cursor" || fail "tty not restored after SIG$sig"
done

# 9. Other TERM values, NO_COLOR, colour by default.
for term in xterm xterm-256color screen tmux-256color; do
  session=t${term//[^a-z0-9]/}
  start "$session" "TERM=$term"
  if wait_for "$session" "$BOTH_TTFT" 10; then
    T send-keys -t "$session" q
    wait_for "$session" "^EXIT=0$" 5 && pass "TERM=$term works" || fail "TERM=$term quit"
  else fail "TERM=$term shows numbers"; cap "$session" | head -5; fi
done
start badterm "TERM=no-such-terminal"
wait_for badterm "^EXIT=1$" 5 && cap badterm | grep -q "cannot open the terminal" \
  && pass "unknown TERM: clear message, exit 1" || fail "unknown TERM: $(cap badterm | grep -v '^$' | head -3)"
start colour
wait_for colour "$BOTH_TTFT" 10
T capture-pane -t colour -p -e | grep -qP '\e\[(\d+;)*3[1-6](;\d+)*m' && pass "colour by default" || fail "colour by default"
T send-keys -t colour q
start nocolor "NO_COLOR=1"
wait_for nocolor "$BOTH_TTFT" 10
T capture-pane -t nocolor -p -e | grep -qP '\e\[(\d+;)*3[1-6](;\d+)*m' && fail "NO_COLOR still coloured" || pass "NO_COLOR disables colour"
T send-keys -t nocolor q

# 10. Not a TTY: clear message, exit 1.
"$BIN" tui </dev/null >"$WORK/notty.out" 2>"$WORK/notty.err"; rc=$?
[[ $rc == 1 ]] && grep -q "blis run" "$WORK/notty.err" && pass "not a TTY: exit 1 suggesting blis run" \
  || fail "not a TTY (rc=$rc): $(cat "$WORK/notty.err")"

echo "$PASSED passed, $FAILED failed"
(( FAILED == 0 ))
