#!/usr/bin/env bash
# Runs the test suite on the other Beam versions HfIO supports (the build's own is 2.62.0, run by `mvn -B verify`):
# sdk, examples and runners-it (Direct, Flink [local], Spark local[2], the multi-process Spark cluster) with
# -Pbeam-2.70. localhub does not use Beam: its tests are left out. Extra arguments go to Maven, e.g.
#   runners-it/beam-versions.sh -o -Pno-spark-cluster
# `clean`: classes compiled against another Beam version are not always recompiled (vendored protobuf differs).
# Result of the last run: README "Supported Beam versions".
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for profile in beam-2.70; do
  log=$(mktemp)
  start=$(date +%s)
  if mvn -B -P"$profile" clean verify -Dtest='dev.hfio.**,!dev.hfio.localhub.**' -Dsurefire.failIfNoSpecifiedTests=false \
    "$@" 2>&1 | tee "$log"; then
    result=PASS
  else
    result=FAIL
    status=1
  fi
  echo "== $profile: $result in $(( $(date +%s) - start )) s; per module:"
  grep -E '^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$log" || true
  rm -f "$log"
done
exit $status
