#!/usr/bin/env bash
# Runs the test suite on the other Beam versions HfIO supports (the build's own is 2.62.0, run by `mvn -B verify`):
# sdk, examples and runners-it (Direct, Flink [local], Spark local[2], the multi-process Spark cluster) with
# -Pbeam-2.70, then the offline Dataflow translation test with -Pbeam-2.70,dataflow. localhub does not use Beam: its
# tests are left out. Extra arguments go to Maven, e.g.
#   runners-it/beam-versions.sh -o -Pno-spark-cluster
# `clean`: classes compiled against another Beam version are not always recompiled (vendored protobuf differs).
# Result of the last run: README "Supported Beam versions".
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
run() {
  local name=$1
  shift
  local log
  log=$(mktemp)
  local start
  start=$(date +%s)
  local result=PASS
  if ! mvn -B clean verify -Dsurefire.failIfNoSpecifiedTests=false "$@" 2>&1 | tee "$log"; then
    result=FAIL
    status=1
  fi
  echo "== $name: $result in $(( $(date +%s) - start )) s; tests per module:"
  grep -E '^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$log" || true
  rm -f "$log"
}
run "Beam 2.70.0 suite" -Pbeam-2.70 -Dtest='dev.hfio.**,!dev.hfio.localhub.**' "$@"
run "Beam 2.70.0 Dataflow translation" -Pbeam-2.70,dataflow -pl localhub,sdk,sql,examples -Dtest=DataflowTranslationTest "$@"
exit $status
