#!/usr/bin/env bash
# OData vs plain JDBC + Jackson on 1M sales orders in PostgreSQL, measured in one run (see docs/benchmarks.md).
#   benchmarks/run-odata-benchmark.sh   # 1M orders, 15 s warm-up, 5 alternating rounds of 8 s, 1 and 16 clients
#   ORDERS=200000 MEASURE=10 LEVELS=1,4,16 benchmarks/run-odata-benchmark.sh
#   BENCH=get,batch,apply,expand benchmarks/run-odata-benchmark.sh   # also the benchmarks of issue 6 (default: get)
#   BENCH=token benchmarks/run-odata-benchmark.sh   # GET with a bearer token vs with HTTP Basic
#   BENCH=twonodes benchmarks/run-odata-benchmark.sh   # the GET through HAProxy on two nodes vs one node directly
#   BENCH=freshness benchmarks/run-odata-benchmark.sh   # the data lake's freshness: changes written through OData at
#                                       # RATES=100,1000 changes/s (WARMUP=15 s, MEASURE=60 s each), the lake started beside
#                                       # the server (bin/run-lake), commit-to-lake p50/p99 per rate
#   BENCH=soak ORDERS=20000 benchmarks/run-odata-benchmark.sh   # the soak: peak of a mixed load of both tenants
#                                       # (PEAK=60 s, CLIENTS=8), then 80 % of it for SOAK=600 s: errors, p99, RSS
#   BENCH_DB_USER=dba ...               # the platform on PostgreSQL's superuser, which row-level security does not
#                                       # bind: compared with a run as "platform", what the policies cost
#   MVN_FLAGS=-o SKIP_BUILD=true ...    # Maven offline; no build (the modules are installed already)
# Everything runs on loopback: a PostgreSQL in /tmp, WildFly on ports 8280/10190, the load driver.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
orders=${ORDERS:-1000000}
warmup=${WARMUP:-15}
measure=${MEASURE:-8}
rounds=${ROUNDS:-5}
levels=${LEVELS:-1,16}
bench=${BENCH:-get}
mvn_flags=${MVN_FLAGS:-}
pg_port=15433
offset=200
pg="$root/platform-ear/src/test/postgres/pg-test-server.sh"

if [[ "${SKIP_BUILD:-}" != "true" ]]; then
  mvn -B -q $mvn_flags install -DskipTests
fi

base="$root/benchmarks/target/server-base"
server="$root/platform-ear/target/server"
pids=()
cleanup() {
  if [[ -n "${lake_pid:-}" ]]; then kill "$lake_pid" 2>/dev/null || true; wait "$lake_pid" 2>/dev/null || true; fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  "$pg" stop "$pg_port" || true
}
trap cleanup EXIT INT TERM

if [[ ",$bench," == *",expand,"* ]]; then
  # The expand benchmark counts the statements PostgreSQL runs; the module must be loaded when the server starts.
  export PG_SERVER_OPTIONS="-c shared_preload_libraries=pg_stat_statements"
fi
"$pg" start "$pg_port"
# start_node BASE OFFSET NAME: the provisioned server with the EAR (and the baseline servlets) on the benchmark database.
start_node() {
  local node_base=$1 node_offset=$2 name=$3
  rm -rf "$node_base"
  mkdir -p "$node_base/deployments"
  cp -r "$server/standalone/configuration" "$node_base/configuration"
  cp "$root/platform-ear/target/platform.ear" "$root/benchmarks/target/benchmark-baseline.war" "$node_base/deployments/"
  PLATFORM_DB_DRIVER=postgresql PLATFORM_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/platform?reWriteBatchedInserts=true" \
  PLATFORM_DB_USER="${BENCH_DB_USER:-platform}" PLATFORM_DB_PASSWORD=platform PLATFORM_DB_ALLOW_RLS_BYPASS=true \
  PLATFORM_DB_OWNER_USER=platform_owner PLATFORM_DB_OWNER_PASSWORD=platform_owner PLATFORM_DB_POOL_SIZE=32 \
  PLATFORM_RATE_LIMIT_USER_PER_MINUTE=100000000 PLATFORM_RATE_LIMIT_TENANT_PER_MINUTE=100000000 PLATFORM_RATE_LIMIT_TENANT_CONCURRENT=1000 \
  PLATFORM_TOKEN_LIFETIME_SECONDS=7200 \
  JAVA_OPTS="-Xms1g -Xmx1g -Djava.net.preferIPv4Stack=true" LAUNCH_JBOSS_IN_BACKGROUND=1 \
    "$server/bin/standalone.sh" -Djboss.server.base.dir="$node_base" -Djboss.socket.binding.port-offset=$node_offset \
    -Djboss.bind.address=127.0.0.1 -Djboss.bind.address.management=127.0.0.1 -Djboss.node.name="$name" \
    -Djboss.tx.node.id="$name" > "$node_base/console.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 180); do
    if [[ -f "$node_base/deployments/platform.ear.deployed" && -f "$node_base/deployments/benchmark-baseline.war.deployed" ]]; then break; fi
    if ls "$node_base/deployments/"*.failed >/dev/null 2>&1; then cat "$node_base/deployments/"*.failed >&2; exit 1; fi
    sleep 1
  done
}
lake_port=18291
if [[ "$bench" == "freshness" ]]; then
  # The platform's lake account, and where the platform finds the lake (its analyses; not used by this benchmark).
  export PLATFORM_LAKE_PASSWORD=lake-benchmark-secret PLATFORM_LAKE_URL="http://127.0.0.1:$lake_port"
fi
start_node "$base" "$offset" bench-1
pid=${pids[0]}
balanced=""
if [[ ",$bench," == *",twonodes,"* ]]; then
  # A second node on the same database, and HAProxy balancing both (docs/operations.md).
  start_node "$root/benchmarks/target/server-base-2" $((offset + 40)) bench-2
  cat > "$root/benchmarks/target/haproxy.cfg" <<CFG
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
backend nodes
    balance roundrobin
    server bench-1 127.0.0.1:$((8080 + offset))
    server bench-2 127.0.0.1:$((8080 + offset + 40))
frontend platform
    bind 127.0.0.1:18280
    default_backend nodes
CFG
  haproxy -db -f "$root/benchmarks/target/haproxy.cfg" > "$root/benchmarks/target/haproxy.log" 2>&1 &
  pids+=($!)
  balanced="http://127.0.0.1:18280"
fi

classpath="$root/benchmarks/target/classes:$(mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=/dev/stdout $mvn_flags)"
if [[ "$bench" == "freshness" ]]; then
  # The lake as bin/run-platform starts it (local Spark on all cores), on a lake of its own.
  rm -rf "$root/benchmarks/target/lake" "$root/benchmarks/target/lake.lock"
  LAKE_PLATFORM_PASSWORD=$PLATFORM_LAKE_PASSWORD LAKE_PLATFORM_URL="http://127.0.0.1:$((8080 + offset))" \
  LAKE_ROOT="$root/benchmarks/target/lake" LAKE_HTTP_PORT=$lake_port LAKE_JAVA_OPTS="${LAKE_JAVA_OPTS:--Xmx2g}" \
    "$root/bin/run-lake" > "$root/benchmarks/target/lake.log" 2>&1 &
  lake_pid=$!
  java -cp "$classpath" -Dfreshness.batch="${PER_BATCH:-20}" -Dfreshness.clients="${CLIENTS:-8}" \
    de.deutschlandstack.benchmarks.FreshnessDriver "http://127.0.0.1:$((8080 + offset))" "http://127.0.0.1:$lake_port" \
    "$PLATFORM_LAKE_PASSWORD" "jdbc:postgresql://127.0.0.1:$pg_port/platform" "${RATES:-100,1000}" "${WARMUP:-15}" "${MEASURE:-60}" \
    | tee "$root/benchmarks/target/freshness.txt"
  exit 0
fi
java -cp "$classpath" de.deutschlandstack.benchmarks.SalesOrderLoader \
  "jdbc:postgresql://127.0.0.1:$pg_port/platform" dba "" "$orders"
if [[ "${KEEP_RUNNING:-}" == "true" ]]; then
  echo "Server on http://127.0.0.1:$((8080 + offset)), PostgreSQL on 127.0.0.1:$pg_port; Ctrl+C stops both."
  wait "$pid"
fi
if [[ "$bench" == "soak" ]]; then
  jvm=""
  for candidate in $(pgrep -f -- "jboss.server.base.dir=$base"); do
    if [[ "$(cat /proc/$candidate/comm 2>/dev/null)" == java ]]; then jvm=$candidate; fi
  done
  java -cp "$classpath" de.deutschlandstack.benchmarks.SoakDriver "http://127.0.0.1:$((8080 + offset))" "$jvm" \
    "${PEAK:-60}" "${SOAK:-600}" "${CLIENTS:-8}" 60 120 | tee "$root/benchmarks/target/soak.txt"
  exit 0
fi
java -Drounds="$rounds" -Dbenchmarks="$bench" -Dbalanced.url="$balanced" -Dpg.url="jdbc:postgresql://127.0.0.1:$pg_port/platform" \
  -cp "$classpath" de.deutschlandstack.benchmarks.LoadDriver \
  "http://127.0.0.1:$((8080 + offset))" ben@bayern-werke demo "$warmup" "$measure" "$levels" \
  | tee "$root/benchmarks/target/odata-benchmark.txt"
