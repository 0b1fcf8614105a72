#!/usr/bin/env bash
# Regenerates the README's screenshots (assets/screens/*.png): the real app
# in a true-colour tmux pane, photographed by a tool that renders a pane,
# colours included, to PNG (`SHOT=/path/to/tool`, called as
# `tool -L SOCKET -t TARGET out.png`; the maintainers use a small
# ansi2html + headless-chromium script).
#   SHOT=... scripts/screenshots.sh [WIDTHxHEIGHT]      default 160x48
# Needs tmux and MNIST (MNIST_DIR or assets/mnist).
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-160x48}
w=${size%x*}; h=${size#*x}
shot=${SHOT:?set SHOT to a program that photographs a tmux pane (see the top of this script)}
export MNIST_DIR=${MNIST_DIR:-$PWD/assets/mnist}
cargo build --release --quiet
bin=$PWD/target/release/mnist-tui
out=$PWD/assets/screens
mkdir -p "$out"
work=$(mktemp -d)
# A checkout-like folder: the shipped model (built in) stands in.
cp assets/default-config.ron "$work/config.ron"
mkdir -p "$work/saves"
touch "$work/saves/.welcomed"
# A few hundred sweep trials for the Tune screen (stopped after 40 s).
(cd "$work" && timeout -s INT 40 "$bin" tune >/dev/null 2>&1 || true)
sock=shots-$$
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$work"' EXIT
tm new-session -d -s app -x "$w" -y "$h" \
  "cd $work && COLORTERM=truecolor $bin"
sleep 3
snap() { sleep "${2:-1}"; "$shot" -L "$sock" -t app "$out/$1.png"; echo "$out/$1.png"; }
keys() { tm send-keys -t app "$@"; }
# Train: a few epochs in (z: past the slow-motion first epoch).
keys s; sleep 1; keys z; snap train 12
keys s; sleep 1
# Play: one round guessed.
keys F2; sleep 1; keys 7; snap play 2
# Tune: the partial sweep.
keys F3; snap tune 2
# Network: a hidden-2 neuron in focus, the weights, hidden layer 2's top
# digits, the mistakes.
keys F4; keys ']' ']' Down Down; snap network-neurons 2
keys Escape v; snap network-weights 2
keys ']' ']' x; snap network-layer2 3
keys v; snap network-mistakes 3
# Learn: three ways, the gradient, a mini-batch.
keys F5 3; snap learn-three-ways 2
keys 5; snap learn-gradient 2
keys 6 Right Right Right Right Right Right Right; snap learn-batch 3
keys 1; snap learn-cost 2
keys q; sleep 1; keys y
