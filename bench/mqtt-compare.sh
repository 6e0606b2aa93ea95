#!/usr/bin/env bash
# Roost against Mosquitto 2 under the same MQTT load (bench module's io.roost.bench.mqtt.MqttLoad).
#
#   bench/mqtt-compare.sh [--duration 30s] [--warmup 5s] [--devices "10 1000"] [--only roost|mosquitto]
#
# For each broker and each device count it starts the broker fresh, then runs the generator twice
# with QoS 1, 200 B payloads and a window of 50 per connection: flat out (throughput), then at half
# the rate it just measured (latency, measured from each message's scheduled send time). Every run
# passes --server-pid, so the table shows messages per server CPU-second and the broker's peak RSS
# (VmHWM, so it covers both runs of that device count). At the end it prints a summary table; the
# raw reports are in bench/target/mqtt-compare/ (one .out per run, its last line JSON, and
# results.jsonl with every JSON line).
#
# Roost: ./roost start with a fresh data dir under bench/target/mqtt-compare (deleted after its
# runs), MQTT on 127.0.0.1:18830, HTTP on 127.0.0.1:18080, the TLS and AMQP listeners on free ports;
# devices are provisioned through the registry's bulk import with the registryReadWrite connection
# string. JVM options: ROOST_JAVA_OPTS for the server (default JVM flags when unset, e.g.
# ROOST_JAVA_OPTS="-Xms1g -Xmx1g"), LOAD_JAVA_OPTS for the generator.
#
# Mosquitto: the Debian package (apt-get install -y mosquitto), started as a child on
# 127.0.0.1:18831 with anonymous access, no persistence, TCP_NODELAY (as Roost; Mosquitto's default
# Nagle added ~5 ms to paced PUBACK latency here), max_inflight_messages and max_queued_messages
# above the window, and max_connections -1 (unlimited, its default). Note that Mosquitto
# acknowledges from memory, while Roost's PUBACK waits for the fsync of the D2C log.
#
# 1,000 devices need more than 1,000 file descriptors in the broker and in the generator: the script
# raises the soft limit (ulimit -n) to 8192 when it can. Both servers are stopped on exit (trap).
# Needs: java 17+, mvn (first build), curl, mosquitto. Linux only (/proc).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
out="$root/bench/target/mqtt-compare"
jar="$root/bench/target/benchmarks.jar"
roost_mqtt_port=18830
roost_http_port=18080
mosquitto_port=18831
duration=30s
warmup=5s
device_counts="10 1000"
only=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --devices) device_counts="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "mqtt-compare: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$only" in ""|roost|mosquitto) ;; *) echo "mqtt-compare: --only roost or mosquitto" >&2; exit 2 ;; esac
if [[ "$only" != roost ]] && ! command -v mosquitto >/dev/null 2>&1 && [[ ! -x /usr/sbin/mosquitto ]]; then
  echo "mqtt-compare: mosquitto not found; install it (apt-get install -y mosquitto) or use --only roost" >&2
  exit 2
fi
mosquitto_bin="$(command -v mosquitto || echo /usr/sbin/mosquitto)"

if [[ "$(ulimit -n)" != unlimited && "$(ulimit -n)" -lt 8192 ]]; then
  ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi
echo "mqtt-compare: open files limit $(ulimit -n)" >&2

# Build the generator and the server when a jar is missing or older than a pom or main source (the
# rule ./roost applies to the server jar), so that ./roost start does not build while being waited for.
stale() {
  [[ ! -f "$1" ]] || [[ -n "$(find "$root" \( -name .git -o -name target -o -name data \) -prune -o \
      -type f \( -name pom.xml -o -path '*/src/main/*' \) -newer "$1" -print -quit)" ]]
}
if stale "$jar" || { [[ "$only" != mosquitto ]] && stale "$root/server/target/roost-server.jar"; }; then
  echo "mqtt-compare: building the load generator and the server..." >&2
  (cd "$root" && mvn -B -q -DskipTests package -pl bench,server -am) >&2
fi

rm -rf "$out"
mkdir -p "$out"
server_pid=""

stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap stop_server EXIT
trap 'exit 130' INT TERM

start_roost() {  # $1: run name
  local data="$out/$1-data"
  # exec in ./roost: the child's pid is the JVM's.
  "$root/roost" start --data-dir "$data" --mqtt-port "$roost_mqtt_port" --http-port "$roost_http_port" \
      --mqtts-port 0 --https-port 0 --amqp-port 0 --amqps-port 0 >"$out/$1-server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 1200); do
    if curl -sf "http://127.0.0.1:$roost_http_port/health" >/dev/null 2>&1; then
      connection_string="$("$root/roost" connection-string --policy registryReadWrite --data-dir "$data")"
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "mqtt-compare: Roost did not start; see $out/$1-server.log" >&2
  tail -5 "$out/$1-server.log" >&2
  exit 1
}

start_mosquitto() {  # $1: run name
  cat >"$out/$1-mosquitto.conf" <<EOF
listener $mosquitto_port 127.0.0.1
allow_anonymous true
persistence false
set_tcp_nodelay true
max_connections -1
max_inflight_messages 100
max_queued_messages 10000
log_dest stderr
log_type error
log_type warning
EOF
  "$mosquitto_bin" -c "$out/$1-mosquitto.conf" >"$out/$1-server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$mosquitto_port") 2>/dev/null; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "mqtt-compare: Mosquitto did not start; see $out/$1-server.log" >&2
  exit 1
}

json_field() {  # $1: JSON line, $2: field name -> value
  sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p" <<<"$1" | tr -d '"'
}

run_load() {  # $1: broker, $2: devices, $3: rate, $4: run name
  local args=(--devices "$2" --qos 1 --payload 200 --window 50 --rate "$3" --duration "$duration"
    --warmup "$warmup" --server-pid "$server_pid")
  if [[ "$1" == roost ]]; then
    args+=(--port "$roost_mqtt_port" --auth roost --service-connection-string "$connection_string"
      --http "http://127.0.0.1:$roost_http_port")
  else
    args+=(--port "$mosquitto_port" --auth none)
  fi
  echo "mqtt-compare: $4: ${args[*]/"$connection_string"/...}" >&2
  # shellcheck disable=SC2086
  java ${LOAD_JAVA_OPTS:-} -cp "$jar" io.roost.bench.mqtt.MqttLoad "${args[@]}" >"$out/$4.out" || true
  cat "$out/$4.out"
  last_json="$(tail -1 "$out/$4.out")"
  if [[ "$last_json" != \{* ]]; then
    echo "mqtt-compare: $4 printed no report" >&2
    exit 1
  fi
  echo "$last_json" >>"$out/results.jsonl"
  rows+=("$(printf '| %-9s | %7s | %-22s | %10s | %6s | %8s | %8s | %12s | %8s | %6s |' "$1" "$2" \
    "$(if [[ "$3" == 0 ]]; then echo "flat out"; else echo "paced $3/s"; fi)" \
    "$(printf '%.0f' "$(json_field "$last_json" msgsPerSec)")" "$(json_field "$last_json" mbPerSec)" \
    "$(json_field "$last_json" pubackP50Ms)" "$(json_field "$last_json" pubackP99Ms)" \
    "$(printf '%.0f' "$(json_field "$last_json" msgsPerServerCpuSecond)")" \
    "$(( $(json_field "$last_json" serverPeakRssKb) / 1024 ))" "$(json_field "$last_json" errors)")")
}

connection_string="(none)"
rows=()
for broker in roost mosquitto; do
  [[ -n "$only" && "$only" != "$broker" ]] && continue
  for devices in $device_counts; do
    name="$broker-$devices"
    if [[ "$broker" == roost ]]; then start_roost "$name"; else start_mosquitto "$name"; fi
    run_load "$broker" "$devices" 0 "$name-flat"
    peak="$(json_field "$last_json" msgsPerSec)"
    half="$(awk -v peak="$peak" 'BEGIN { printf "%.0f", peak / 2 }')"
    if [[ "$half" -ge 1 ]]; then
      run_load "$broker" "$devices" "$half" "$name-half"
    fi
    stop_server
    # A 30 s flat-out run leaves gigabytes of D2C log behind.
    rm -rf "$out/$name-data"
  done
done

echo
echo "QoS 1, 200 B payload, window 50, $duration measured after $warmup warm-up; latency in ms, peak RSS in MB"
printf '| %-9s | %7s | %-22s | %10s | %6s | %8s | %8s | %12s | %8s | %6s |\n' broker devices load msgs/s MB/s \
  "p50" "p99" "msgs/CPU-s" "RSS" errors
echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
