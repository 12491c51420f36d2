#!/usr/bin/env bash
# The Dataflow Flex Template jar, run the way the template launcher runs it, without Google Cloud:
#   1. build examples/target/hfio-examples-bundled.jar (-Pdataflow; skipped with --no-build);
#   2. start the standalone localhub on 127.0.0.1 and fill dev/my_dataset with the Quickstart (DirectRunner),
#      both from the built jars;
#   3. run `java -jar hfio-examples-bundled.jar` (main class CopyDataset) with --runner=DataflowRunner and
#      --templateLocation on a local file: the runner stages the jar and the pipeline to a local directory and
#      writes the job instead of submitting it (no project, credentials or network: no-op credential factory
#      and path validator);
#   4. check the job names HfIO's DoFns and coders, and stop the localhub.
# Offline once the Maven cache holds the Dataflow runner. Usage: .ci/dataflow-template-dry-run.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" != "--no-build" ]]; then
  mvn -B -q -Pdataflow -pl localhub,sdk,sql,examples -DskipTests package
fi
JAR=examples/target/hfio-examples-bundled.jar
HUB_JAR=$(ls localhub/target/hfio-localhub-*-standalone.jar)
ADD_OPENS=$(sed -n 's:.*<hfio.addOpens>\(.*\)</hfio.addOpens>.*:\1:p' pom.xml)

WORK=$(mktemp -d)
HUB_PID=
cleanup() {
  if [[ -n "$HUB_PID" ]]; then
    kill "$HUB_PID" 2>/dev/null || true
    wait "$HUB_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
TOKEN=hf_dataflow_dry_run_token_0123456789
java -jar "$HUB_JAR" --host 127.0.0.1 --port "$PORT" --data "$WORK/hub" --token "$TOKEN" > "$WORK/hub.log" 2>&1 &
HUB_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/api/whoami-v2" -H "Authorization: Bearer $TOKEN" > /dev/null && break
  sleep 0.5
done
HUB=(--hfEndpoint="http://127.0.0.1:$PORT" --hfToken="$TOKEN")

echo "== seed dev/my_dataset with the Quickstart (DirectRunner) from the bundled jar"
# shellcheck disable=SC2086
java $ADD_OPENS -cp "$JAR" dev.hfio.examples.Quickstart "${HUB[@]}" --repoId=dev/my_dataset --rows=200 \
  > "$WORK/seed.log" 2>&1 || { cat "$WORK/seed.log"; exit 1; }
grep 'Round trip' "$WORK/seed.log"

echo "== CopyDataset on DataflowRunner, job written to a local file"
start=$(date +%s)
# shellcheck disable=SC2086
java $ADD_OPENS -jar "$JAR" \
  --runner=DataflowRunner --project=hfio-offline --region=europe-west1 --jobName=hfio-copy-dry-run \
  --tempLocation="$WORK/temp" --gcpTempLocation="$WORK/temp" --stagingLocation="$WORK/staging" \
  --templateLocation="$WORK/job.json" \
  --credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory \
  --pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator \
  --source=dev/my_dataset --destination=dev/my_dataset_copy --split=train "${HUB[@]}" \
  > "$WORK/launch.log" 2>&1 || { cat "$WORK/launch.log"; exit 1; }
echo "launcher finished in $(( $(date +%s) - start )) s; staged: $(ls "$WORK/staging" | tr '\n' ' ')"

for want in dev.hfio.ShardDescriptorCoder dev.hfio.ReadShardFn dev.hfio.WriteBundlesFn dev.hfio.ShardResultCoder \
  dev.hfio.CommitFn dev.hfio.WriteResultCoder '"Read/PlannedFiles/Read(CreateSource)"' '"Write/Commit"'; do
  if ! grep -q "$want" "$WORK/job.json"; then
    echo "MISSING in the job: $want"
    exit 1
  fi
done
if ! ls "$WORK/staging" | grep -q '^hfio-examples-bundled'; then
  echo "the bundled jar was not staged"
  exit 1
fi
echo "Dataflow dry run OK: $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["steps"]))' "$WORK/job.json") steps, HfIO's DoFns and coders in the job."
