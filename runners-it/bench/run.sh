#!/usr/bin/env bash
# Runs the HfIO benchmark (see runners-it/bench/README.md). Arguments go to dev.hfio.bench.BenchMain, e.g.
#   runners-it/bench/run.sh --scale=0.25 [--runner=flink|spark] [--jfr] [--xmx=1g]
# Writes runners-it/bench/RESULTS.md and runners-it/bench/ratios.svg. Not part of the default build or test run.
set -euo pipefail
cd "$(dirname "$0")/../.."
export BENCH_COMMAND="runners-it/bench/run.sh $*"
# The DuckDB baseline (what users would pick instead): the pinned @duckdb/node-api of bench/duckdb/package-lock.json.
if command -v npm >/dev/null; then
  (cd runners-it/bench/duckdb && npm ci --no-audit --no-fund --silent) || echo "[bench] npm ci failed: DuckDB baseline skipped"
else
  echo "[bench] npm not found: DuckDB baseline skipped"
fi
exec mvn -B -pl runners-it -am verify -Pbench -DskipTests -Dbench.args="$*"
