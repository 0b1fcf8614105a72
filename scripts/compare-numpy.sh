#!/usr/bin/env bash
# Side-by-side epoch timing: this project's `bench` against the NumPy reference,
# run alternately (the machine is shared and noisy), medians reported.
# usage: scripts/compare-numpy.sh [runs] [batch sizes...]    e.g. scripts/compare-numpy.sh 5 32 128
# Needs: python3 with numpy (pip install numpy) and MNIST in MNIST_DIR (default
# assets/mnist, where the app downloads it). The reference is
# scripts/numpy_reference.py (NUMPY_REFERENCE=path for another one).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
batches=${*:-32 128}
export MNIST_DIR=${MNIST_DIR:-assets/mnist}
reference=${NUMPY_REFERENCE:-scripts/numpy_reference.py}
cargo build --release --quiet
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { sed -n 's/.*epoch_s_median=\([0-9.]*\).*/\1/p'; }
for b in $batches; do
  ours=(); theirs=()
  for ((i = 1; i <= runs; i++)); do
    # OpenBLAS tuning variables some machines set would hold NumPy back.
    t=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$reference" --batch "$b" --epochs 5 --data "$MNIST_DIR" | tail -1 | field)
    o=$(./target/release/mnist-tui bench --batch "$b" --epochs 5 | tail -1 | field)
    echo "batch $b run $i: numpy $t s  mnist-tui $o s"
    theirs+=("$t"); ours+=("$o")
  done
  t=$(printf '%s\n' "${theirs[@]}" | median)
  o=$(printf '%s\n' "${ours[@]}" | median)
  echo "batch $b: numpy median $t s, mnist-tui median $o s, ratio $(awk -v t="$t" -v o="$o" 'BEGIN {printf "%.1f", t / o}')x"
done
