#!/usr/bin/env bash
# npm run bench:peer — overthink and promptfoo on the same workload, mock and knobs (../shared/bench).
# Env knobs as in ../shared/bench/README.md: N, CONC, LATENCY_MS. Prints both summary lines and ratios.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kit=${BENCH_KIT:-$here/../shared/bench}
[ -f "$kit/run-cmd.sh" ] || { echo "bench: needs the benchmark kit at $kit (the shared bench folder beside the repository, or set BENCH_KIT)" >&2; exit 2; }
# The measured command (bench/kit-overthink.sh) includes start-up, storage, scoring and export, as promptfoo's does.
ours=$(bash "$here/bench/kit-overthink.sh")
echo "$ours"
peer=$(bash "$kit/peer-promptfoo.sh" | tail -n 1)
echo "$peer"
field() { sed -E "s|.* $1=([0-9.]+).*|\1|" <<<"$2"; }
awk -v a="$(field 'req/s' "$ours")" -v b="$(field 'req/s' "$peer")" -v c="$(field cpu_ms_per_sample "$ours")" \
    -v d="$(field cpu_ms_per_sample "$peer")" -v r="$(field rss "$ours")" -v s="$(field rss "$peer")" \
  'BEGIN { printf "ratio overthink/promptfoo: samples/s %.1fx, CPU per sample %.2fx, peak RSS %.2fx\n", a / b, c / d, r / s }'
