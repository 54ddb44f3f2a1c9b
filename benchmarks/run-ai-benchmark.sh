#!/usr/bin/env bash
# The AI services' serving benchmarks (docs/benchmarks.md), measured in one run against the platform on its embedded
# default (H2, demo data), the server as bin/run-platform provisions it:
#   benchmarks/run-ai-benchmark.sh                 # WARMUP=10 s, MEASURE=10 s per side, ROUNDS=3, 32 clients
#   CLIENTS=32 WIDE=1024,1024 DELAY=2 benchmarks/run-ai-benchmark.sh
#   BENCH=training benchmarks/run-ai-benchmark.sh  # training time of payment-delay-risk on ROWS=100000 rows vs DJL's own
#                                                  # training loop on the same rows (ROUNDS=3); no server
#   MVN_FLAGS=-o SKIP_BUILD=true ...               # Maven offline; no build (the modules are installed already)
# 1. one row at a time over HTTP vs DJL's own Predictor in the driver's JVM, on the same model directory;
# 2. CLIENTS concurrent clients of one row each: rows/s with batch_size=CLIENTS (max_batch_delay=DELAY ms) vs batch_size=1.
# Everything runs on loopback: WildFly on ports 8280/10190, the driver beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mvn_flags=${MVN_FLAGS:-}
offset=200
if [[ "${SKIP_BUILD:-}" != "true" ]]; then
  mvn -B -q $mvn_flags install -DskipTests
fi
if [[ "${BENCH:-serving}" == "training" ]]; then
  classpath="$root/benchmarks/target/classes:$(mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=/dev/stdout $mvn_flags)"
  java -cp "$classpath" -Dai.djl.offline=true -DDJL_CACHE_DIR="$root/benchmarks/target/djl-cache" \
    -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
    de.deutschlandstack.benchmarks.AiTrainingBenchmark "${ROWS:-100000}" "${ROUNDS:-3}" | tee "$root/benchmarks/target/ai-training.txt"
  exit 0
fi
server="$root/platform-ear/target/server"
base="$root/benchmarks/target/ai-server-base"
rm -rf "$base"
mkdir -p "$base/deployments"
cp -r "$server/standalone/configuration" "$base/configuration"
cp "$root/platform-ear/target/platform.ear" "$base/deployments/"
cleanup() {
  if [[ -n "${server_pid:-}" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT INT TERM
# No rate limit of the platform's or the AI services' quotas between the clients and the model: what is measured is
# serving, not admission.
PLATFORM_RATE_LIMIT_USER_PER_MINUTE=100000000 PLATFORM_RATE_LIMIT_TENANT_PER_MINUTE=100000000 \
PLATFORM_RATE_LIMIT_TENANT_CONCURRENT=1000 PLATFORM_AI_TENANT_CONCURRENT_INFERENCES=1000 \
PLATFORM_AI_TENANT_DEVICE_SHARE_PERCENT=100 \
JAVA_OPTS="-Xms1g -Xmx2g -Djava.net.preferIPv4Stack=true" LAUNCH_JBOSS_IN_BACKGROUND=1 \
  "$server/bin/standalone.sh" -Djboss.server.base.dir="$base" -Djboss.socket.binding.port-offset=$offset \
  -Djboss.bind.address=127.0.0.1 -Djboss.bind.address.management=127.0.0.1 > "$base/console.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  if [[ -f "$base/deployments/platform.ear.deployed" ]]; then break; fi
  if [[ -f "$base/deployments/platform.ear.failed" ]]; then cat "$base/deployments/platform.ear.failed" >&2; exit 1; fi
  sleep 1
done
url="http://127.0.0.1:$((8080 + offset))"
# The demo tenants are seeded after the deployment: wait for Anna's account.
for _ in $(seq 1 300); do
  if curl -fs -u anna@stadt-muenchen:demo "$url/ai/v1/models" >/dev/null; then break; fi
  sleep 1
done
classpath="$root/benchmarks/target/classes:$(mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=/dev/stdout $mvn_flags)"
java -cp "$classpath" -Dai.djl.offline=true -DDJL_CACHE_DIR="$root/benchmarks/target/djl-cache" \
  -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  -Dclients="${CLIENTS:-32}" -Dwide="${WIDE:-1024,1024}" -Ddelay="${DELAY:-2}" \
  de.deutschlandstack.benchmarks.AiServingBenchmark "$url" "${WARMUP:-10}" "${MEASURE:-10}" "${ROUNDS:-3}" \
  | tee "$root/benchmarks/target/ai-benchmark.txt"
