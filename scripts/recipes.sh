#!/usr/bin/env bash
# Trains each recipe (a partial config.ron) with seeds 1..N and prints, per
# recipe, validation and test accuracy: mean [min, max]. Choices are made
# on validation; test is only reported.
#   scripts/recipes.sh 5 assets/recipes/*.ron
# Needs MNIST (MNIST_DIR, assets/mnist, or a download) and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:?usage: scripts/recipes.sh SEEDS RECIPE.ron...}
shift
cargo build --release --quiet
bin=target/release/mnist-tui
out=$(mktemp)
for recipe in "$@"; do
  for seed in $(seq 1 "$seeds"); do
    log=$("$bin" --config "$recipe" train --seed "$seed" --no-save 2>/dev/null)
    val=$(grep '^validation:' <<<"$log" | sed 's/.*accuracy \([0-9.]*\)%, cost \([0-9.]*\).*/\1 \2/')
    test=$(grep '^test:' <<<"$log" | sed 's/.*accuracy \([0-9.]*\)%, cost \([0-9.]*\).*/\1 \2/')
    secs=$(grep -E 'after [0-9]+ epochs? in' <<<"$log" | sed 's/.* in \([0-9.]*\)s.*/\1/')
    echo "$(basename "$recipe" .ron) $seed $val $test $secs" | tee -a "$out" >&2
  done
done
echo "recipe | seeds | val acc mean [min, max] | val cost mean | test acc mean [min, max] | seconds per run"
awk '{
  r=$1; n[r]++; va[r]+=$3; vc[r]+=$4; ta[r]+=$5; s[r]+=$7
  if (!(r in vmin) || $3<vmin[r]) vmin[r]=$3; if (!(r in vmax) || $3>vmax[r]) vmax[r]=$3
  if (!(r in tmin) || $5<tmin[r]) tmin[r]=$5; if (!(r in tmax) || $5>tmax[r]) tmax[r]=$5
  if (!(r in order)) { order[r]=++k; names[k]=r }
} END {
  for (i=1;i<=k;i++) { r=names[i]
    printf "%s | %d | %.2f [%.2f, %.2f] | %.4f | %.2f [%.2f, %.2f] | %.1f\n", r, n[r], va[r]/n[r], vmin[r], vmax[r], vc[r]/n[r], ta[r]/n[r], tmin[r], tmax[r], s[r]/n[r]
  }
}' "$out"
rm -f "$out"
