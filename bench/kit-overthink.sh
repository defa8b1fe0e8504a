#!/usr/bin/env bash
# bench/kit-overthink.sh — one overthink run on the shared kit (../shared/bench/run-cmd.sh): the
# workload JSONL as a custom dataset, budget none, one trial, concurrency $CONC, a fresh store, and the
# scored samples exported as JSON lines to $RESULTS. Start-up, storage, scoring and export are all in the
# measured time.
# Env: the kit's knobs (N, CONC, LATENCY_MS, KEEP, and for the mock REASONING_CHARS, TEXT, DELTA_CHARS);
# OT_CLIENT=http|sdk (the openai-compatible transport; default http); OT_EXPORT=run|command|none: export
# with `run --export` in the same process (default), with a second process, `overthink export --jsonl`,
# or not at all (then $RESULTS is written from the store by a separate query, outside the measured
# time, so the kit can still count the samples); OT_PROVIDER=compat|anthropic (openai-compatible, the
# default, or the Anthropic provider on the mock's /v1/messages); OT_STREAM=1 (options.stream: true);
# OT_KEEP_DB=FILE (move the store there afterwards, for its size). Prints the kit's summary line.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kit=${BENCH_KIT:-$here/../shared/bench}
[ -f "$kit/run-cmd.sh" ] || { echo "bench: needs the benchmark kit at $kit (the shared bench folder beside the repository, or set BENCH_KIT)" >&2; exit 2; }
[ -f "$here/dist/bundle/main.cjs" ] || (cd "$here" && npm run build >/dev/null)
export OT_BIN="$here/bin/overthink.js" OT_CLIENT=${OT_CLIENT:-http} OT_EXPORT=${OT_EXPORT:-run}
export OT_PROVIDER=${OT_PROVIDER:-compat} OT_STREAM=${OT_STREAM:-0} OT_KEEP_DB=${OT_KEEP_DB:-}
export OT_DUMP="$here/bench/kit-dump.mjs"
case $OT_PROVIDER in
  compat) model_line='{ id: "openai-compatible:mock", baseUrl: "$MOCK_BASE_URL", budgetMode: none, options: { client: $OT_CLIENT, stream: $STREAM } }' ;;
  # Any key: the mock takes any. Budget 0 disables thinking, which the mock ignores (it always thinks).
  anthropic) model_line='{ id: "anthropic:claude-sonnet-4-6", baseUrl: "$MOCK_BASE_URL", options: { stream: $STREAM } }'; export ANTHROPIC_API_KEY=bench-dummy ;;
  *) echo "OT_PROVIDER: compat or anthropic, got '$OT_PROVIDER'" >&2; exit 2 ;;
esac
case $OT_STREAM in 1) STREAM=true ;; 0) STREAM=false ;; *) echo "OT_STREAM: 0 or 1, got '$OT_STREAM'" >&2; exit 2 ;; esac
export STREAM
# A config file rather than flags, so the transport can be chosen; otherwise the same as
# `run --model openai-compatible:mock --base-url … --budget-mode none --dataset … --budgets 0 --trials 1 -j …`.
# The config and the store go beside $RESULTS, in the kit's work folder, which the kit removes after
# timing the run (the floor's results with it): deleting a 40 MB store is not overthink's work.
cmd='D=${RESULTS%/*}; cat >"$D/bench.yaml" <<YAML
models: ['"$model_line"']
tasks: [{ id: custom, options: { path: "$WORKLOAD_JSONL" } }]
budgets: [0]
trials: 1
concurrency: $CONC
YAML
if [ "$OT_EXPORT" = run ]; then
  node "$OT_BIN" run -c "$D/bench.yaml" --db "$D/o.db" --no-report -q --yes --export "$RESULTS"
elif [ "$OT_EXPORT" = command ]; then
  node "$OT_BIN" run -c "$D/bench.yaml" --db "$D/o.db" --no-report -q --yes \
    && node "$OT_BIN" export --jsonl --db "$D/o.db" --out "$RESULTS"
else
  node "$OT_BIN" run -c "$D/bench.yaml" --db "$D/o.db" --no-report -q --yes
fi; rc=$?
if [ $rc = 0 ] && [ "$OT_EXPORT" = none ]; then node "$OT_DUMP" "$D/o.db" "$RESULTS"; fi
if [ -n "$OT_KEEP_DB" ] && [ -f "$D/o.db" ]; then mv "$D/o.db" "$OT_KEEP_DB"; fi
exit $rc'
case $OT_EXPORT in run | command | none) ;; *) echo "OT_EXPORT: run, command or none, got '$OT_EXPORT'" >&2; exit 2 ;; esac
label="overthink-$OT_PROVIDER-$OT_CLIENT-stream$OT_STREAM-export-$OT_EXPORT"
bash "$kit/run-cmd.sh" "$label" "$cmd" | tail -n 1
