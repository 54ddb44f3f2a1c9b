#!/usr/bin/env bash
# The data lake's MERGE against a plain Parquet write of the same rows, in one run (docs/benchmarks.md, "Data lake").
#   benchmarks/run-lake-benchmark.sh              # 200,000 rows per batch, 5 alternating rounds, local Spark
#   ROWS=1000000 ROUNDS=3 benchmarks/run-lake-benchmark.sh
#   UPDATES=young benchmarks/run-lake-benchmark.sh   # the updates of a batch go to the objects the batch before created
#   STEP=true benchmarks/run-lake-benchmark.sh    # the lake's step time at SIZES=500,5000 changes per step (STEPS=20 each)
#   BACKFILL=true benchmarks/run-lake-benchmark.sh   # the backfill of EVENTS=1000000 changes in steps of BATCH=50000
#                                                    # vs Parquet appends of their pages
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -B ${MVN_FLAGS:-} -q test-compile -pl data-lake -am
mvn -B ${MVN_FLAGS:-} -q dependency:build-classpath -pl data-lake -Dmdep.outputFile="$root/data-lake/target/benchmark-classpath.txt"
# The JVM options Spark needs on Java 17, as the lake's tests and bin/run-lake use them.
SPARK_LOCAL_IP=127.0.0.1 java -Xmx2g ${BENCH_JAVA_OPTS:-} @data-lake/src/main/jvm/spark.jvmopts \
  -cp "data-lake/target/test-classes:data-lake/target/classes:$(cat data-lake/target/benchmark-classpath.txt)" \
  $(if [[ "${STEP:-}" == "true" ]]; then echo "de.deutschlandstack.lake.StepBenchmark ${SIZES:-500,5000} ${STEPS:-20}";
    elif [[ "${BACKFILL:-}" == "true" ]]; then echo "de.deutschlandstack.lake.BackfillBenchmark ${EVENTS:-1000000} ${BATCH:-50000}";
    else echo "de.deutschlandstack.lake.MergeBenchmark ${ROWS:-200000} ${ROUNDS:-5} ${UPDATES:-spread}"; fi)
