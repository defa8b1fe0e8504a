#!/usr/bin/env bash
# bench/kit-overthink.sh — one overthink run on the shared kit (../shared/bench/run-cmd.sh): the
# workload JSONL as a custom dataset, budget none, one trial, concurrency $CONC, a fresh store, and the
# scored samples exported as JSON lines to $RESULTS. Start-up, storage, scoring and export are all in the
# measured time.
# Env: the kit's knobs (N, CONC, LATENCY_MS, KEEP); OT_CLIENT=http|sdk (the openai-compatible transport;
# default http); OT_EXPORT=run|command: export with `run --export` in the same process (default), or
# with a second process, `overthink export --jsonl`. Prints the kit's summary line.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kit=${BENCH_KIT:-$here/../shared/bench}
[ -f "$kit/run-cmd.sh" ] || { echo "bench: needs the benchmark kit at $kit (the shared bench folder beside the repository, or set BENCH_KIT)" >&2; exit 2; }
[ -f "$here/dist/bundle/main.cjs" ] || (cd "$here" && npm run build >/dev/null)
export OT_BIN="$here/bin/overthink.js" OT_CLIENT=${OT_CLIENT:-http} OT_EXPORT=${OT_EXPORT:-run}
# A config file rather than flags, so the transport can be chosen; otherwise the same as
# `run --model openai-compatible:mock --base-url … --budget-mode none --dataset … --budgets 0 --trials 1 -j …`.
cmd='D=$(mktemp -d); cat >"$D/bench.yaml" <<YAML
models: [{ id: "openai-compatible:mock", baseUrl: "$MOCK_BASE_URL", budgetMode: none, options: { client: $OT_CLIENT } }]
tasks: [{ id: custom, options: { path: "$WORKLOAD_JSONL" } }]
budgets: [0]
trials: 1
concurrency: $CONC
YAML
if [ "$OT_EXPORT" = run ]; then
  node "$OT_BIN" run -c "$D/bench.yaml" --db "$D/o.db" --no-report -q --export "$RESULTS"
else
  node "$OT_BIN" run -c "$D/bench.yaml" --db "$D/o.db" --no-report -q \
    && node "$OT_BIN" export --jsonl --db "$D/o.db" --out "$RESULTS"
fi; rc=$?; rm -rf "$D"; exit $rc'
case $OT_EXPORT in run | command) ;; *) echo "OT_EXPORT: run or command, got '$OT_EXPORT'" >&2; exit 2 ;; esac
bash "$kit/run-cmd.sh" "overthink-$OT_CLIENT-export-$OT_EXPORT" "$cmd" | tail -n 1
