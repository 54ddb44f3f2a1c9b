#!/usr/bin/env bash
# Starts or stops the Keycloak the system tests verify OIDC against: Keycloak's own distribution (unpacked by the build
# from Maven Central), in dev mode with an in-memory database, on 127.0.0.1 only, with the realm "platform" imported.
#   keycloak-test-server.sh start <keycloak dir> <http port> <management port> <realm file>
#   keycloak-test-server.sh stop <keycloak dir>
set -euo pipefail
command=$1
home=$2
pidfile="$home/keycloak-test.pid"

case "$command" in
  start)
    port=$3; management=$4; realm=$5
    if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
      sleep 2
    fi
    mkdir -p "$home/data/import"
    cp "$realm" "$home/data/import/"
    # The issuer (iss) is pinned: otherwise it follows the host of each request (localhost vs 127.0.0.1). The Liquibase
    # inside Keycloak asks config.liquibase.com for its analytics settings at start unless told not to (bin/air-gapped
    # found the lookup).
    JAVA_OPTS_APPEND="-Xms128m -Xmx512m -Dliquibase.analytics.enabled=false" nohup bash "$home/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$port" \
      --http-management-port="$management" --import-realm --db=dev-mem --hostname="http://127.0.0.1:$port" \
      > "$home/keycloak-test.log" 2>&1 &
    echo $! > "$pidfile"
    # The first start builds Keycloak once (about a minute); later ones take half that.
    for _ in $(seq 1 240); do
      if curl -sf "http://127.0.0.1:$port/realms/platform/.well-known/openid-configuration" > /dev/null; then
        echo "Keycloak ready on 127.0.0.1:$port"
        exit 0
      fi
      if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        echo "Keycloak exited; its log:" >&2
        tail -50 "$home/keycloak-test.log" >&2
        exit 1
      fi
      sleep 1
    done
    echo "Keycloak did not become ready in 240 s; its log:" >&2
    tail -50 "$home/keycloak-test.log" >&2
    exit 1
    ;;
  stop)
    if [[ -f "$pidfile" ]]; then
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 30); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 1
      done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$pidfile"
    fi
    ;;
  *)
    echo "usage: $0 start|stop ..." >&2
    exit 2
    ;;
esac
