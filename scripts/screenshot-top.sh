#!/bin/bash
# scripts/screenshot-top.sh - renders docs/img/exitreport-top.png: the
# interactive view of `exitreport live` under tmux (80x24), replaying the
# svm-exit_timed fixture, drilled down to the reasons of VM 67's vCPU 0;
# the pane's text drawn with ImageMagick.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
make -s -C "$top" exitreport
er=$top/build/exitreport/exitreport
sock=exitreport-shot-$$
tmp=$(mktemp)
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -f "$tmp"' EXIT
cd "$top/tests/fixtures/exitreport"
tmux -L "$sock" new-session -d -s s -x 80 -y 24 "$er live --replay svm-exit_timed.data --speed max --interval 0.002; sleep 60"
sleep 1.5
tmux -L "$sock" send-keys -t s Enter
sleep 0.5
tmux -L "$sock" send-keys -t s Enter
sleep 1
tmux -L "$sock" capture-pane -p -t s > "$tmp"
convert -background '#101418' -fill '#d8dee9' -font /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf \
	-pointsize 15 -bordercolor '#101418' -border 12 label:"$(cat "$tmp")" "$top/docs/img/exitreport-top.png"
echo "wrote docs/img/exitreport-top.png"
