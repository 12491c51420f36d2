#!/usr/bin/env bash
# Runs the HfIO benchmark (see runners-it/bench/README.md). Arguments go to dev.hfio.bench.BenchMain, e.g.
#   runners-it/bench/run.sh --scale=0.25 [--runner=flink] [--jfr] [--xmx=1g]
# Writes runners-it/bench/RESULTS.md and runners-it/bench/ratios.svg. Not part of the default build or test run.
set -euo pipefail
cd "$(dirname "$0")/../.."
export BENCH_COMMAND="runners-it/bench/run.sh $*"
exec mvn -B -pl runners-it -am verify -Pbench -DskipTests -Dbench.args="$*"
