#!/usr/bin/env bash
# bench/kit-overthink.sh — one overthink run on the shared kit (../shared/bench/run-cmd.sh): the
# workload JSONL as a custom dataset, budget none, one trial, concurrency $CONC, a fresh store, then
# `export --jsonl` to $RESULTS. Start-up, storage, scoring and export are all in the measured time.
# Env: the kit's knobs (N, CONC, LATENCY_MS, KEEP) and OT_CLIENT=http|sdk (the openai-compatible
# transport; default http). Prints the kit's summary line.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kit=${BENCH_KIT:-$here/../shared/bench}
[ -f "$here/dist/cli/main.js" ] || (cd "$here" && npm run build >/dev/null)
export OT_BIN="$here/bin/overthink.js" OT_CLIENT=${OT_CLIENT:-http}
# A config file rather than flags, so the transport can be chosen; otherwise the same as
# `run --model openai-compatible:mock --base-url … --budget-mode none --dataset … --budgets 0 --trials 1 -j …`.
cmd='D=$(mktemp -d); cat >"$D/bench.yaml" <<YAML
models: [{ id: "openai-compatible:mock", baseUrl: "$MOCK_BASE_URL", budgetMode: none, options: { client: $OT_CLIENT } }]
tasks: [{ id: custom, options: { path: "$WORKLOAD_JSONL" } }]
budgets: [0]
trials: 1
concurrency: $CONC
YAML
node "$OT_BIN" run -c "$D/bench.yaml" --db "$D/o.db" --no-report -q \
  && node "$OT_BIN" export --jsonl --db "$D/o.db" --out "$RESULTS"; rc=$?; rm -rf "$D"; exit $rc'
bash "$kit/run-cmd.sh" "overthink-$OT_CLIENT" "$cmd" | tail -n 1
