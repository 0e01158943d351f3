#!/usr/bin/env bash
# Only the web submission flows of bench_bridges.sh (bridges.apply_flow) and bench_pretalx.sh
# (pretalx.cfp_web_flow), both servers up at once and runs alternated Bridges, pretalx, Bridges, ...
# Same lib.sh helpers, same load scripts, same warm-ups and clean-ups as those two scripts.
#   bash peers/setup_pretalx.sh; BRIDGES_SRC=. bash peers/setup_bridges.sh   (../shared/peers)
#   bash bench/peers_flows.sh       (ROUNDS=3 BENCH_FLOWS=100 by default; results in /tmp/peers/results/h8_*.jsonl)
set -euo pipefail
. "${PEERS_DIR:-$(cd "$(dirname "$0")/../../shared/peers" && pwd)}/lib.sh"
ROUNDS=${ROUNDS:-3}
N_FLOWS=${BENCH_FLOWS:-100}
OUT=$RESULTS_DIR/h8_flows.jsonl
BR_PORT=8103; PT_PORT=8102
BR_SRC=$ROOT/bridges; BR_DATA=$ROOT/bridges-data; PT_VENV=$ROOT/pretalx-venv
APPLY_EVENT=$("$LOAD_PY" -c "import json;print(json.load(open('$BR_DATA/bench.json'))['apply_event'])")
# CPU (utime+stime, ms) of a gunicorn master's workers, from /proc: steadier than flows/s on a shared machine
workers_cpu_ms() { "$LOAD_PY" - "$(cat "$ROOT/$1-gunicorn.pid")" <<'PY'
import os, sys
master, tick, total = int(sys.argv[1]), os.sysconf("SC_CLK_TCK"), 0
for d in os.listdir("/proc"):
    if d.isdigit():
        try:
            f = open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(f[1]) == master:
            total += int(f[11]) + int(f[12])
print(round(total * 1000 / tick))
PY
}
cpu_note() { echo "{\"label\": \"$1\", \"round\": $2, \"server_cpu_ms\": $3, \"flows_ok\": $4, \"cpu_ms_per_flow\": $(( $3 / ($4 > 0 ? $4 : 1) ))}" >> "$RESULTS_DIR/h8_cpu.jsonl"; }
br_seed() { (set -a; . "$ROOT/bridges.env"; set +a; cd "$BR_SRC" && .venv/bin/python "$PEERS_DIR/bridges_seed.py" "$@"); }
pt_clean() { (cd "$PEERS_DIR" && PRETALX_CONFIG_FILE=$ROOT/pretalx.cfg "$PT_VENV/bin/python" pretalx_seed.py --cleanup-api >/dev/null); }
export SMTP_SAVE_DIR=$BR_DATA/mail
rm -rf "$SMTP_SAVE_DIR"; mkdir -p "$SMTP_SAVE_DIR"
cleanup() { stop_gunicorn bridges || true; stop_gunicorn pretalx || true; stop_redis || true; stop_smtp || true; }
trap cleanup EXIT
start_redis
start_smtp
(set -a; . "$ROOT/bridges.env"; set +a; GUNICORN_CMD_ARGS="--capture-output" start_gunicorn bridges "$BR_SRC/.venv" backend.wsgi "$BR_PORT" "$BR_SRC")
(export PRETALX_CONFIG_FILE=$ROOT/pretalx.cfg; start_gunicorn pretalx "$PT_VENV" pretalx.wsgi "$PT_PORT")
wait_http "http://127.0.0.1:$BR_PORT/livez" 120
wait_http "http://127.0.0.1:$PT_PORT/benchcon/" 120
rm -f "$OUT" "$RESULTS_DIR/h8_cpu.jsonl"
log "warm-up (not recorded): 8 flows each"
timeout 300 "$LOAD_PY" "$PEERS_DIR/bridges_apply_flow.py" --base "http://127.0.0.1:$BR_PORT" --event "$APPLY_EVENT" \
  --mail-dir "$SMTP_SAVE_DIR" --flows 8 -c "$BENCH_C" --tag "warm$$" --max-seconds 120 >/dev/null
br_seed cleanup-web >/dev/null
timeout 300 "$LOAD_PY" "$PEERS_DIR/cfp_flow.py" --base "http://127.0.0.1:$PT_PORT" --flows 8 -c "$BENCH_C" --tag warm --max-seconds 120 >/dev/null
pt_clean
for run in $(seq 1 "$ROUNDS"); do
  tag="r$run$$"
  log "round $run/$ROUNDS: Bridges apply flow x$N_FLOWS (load $(cut -d' ' -f1-3 /proc/loadavg))"
  rm -f "$SMTP_SAVE_DIR"/*.eml
  c0=$(workers_cpu_ms bridges)
  timeout $((BENCH_MAX_S + 60)) "$LOAD_PY" "$PEERS_DIR/bridges_apply_flow.py" --base "http://127.0.0.1:$BR_PORT" --event "$APPLY_EVENT" \
    --mail-dir "$SMTP_SAVE_DIR" --flows "$N_FLOWS" -c "$BENCH_C" --tag "$tag" --max-seconds "$BENCH_MAX_S" --json-out "$OUT"
  done_flows=$(tail -n 1 "$OUT" | "$LOAD_PY" -c 'import json,sys; print(json.load(sys.stdin)["ok"])')
  cpu_note bridges.apply_flow "$run" $(( $(workers_cpu_ms bridges) - c0 )) "$done_flows"
  in_db=$(br_seed cleanup-web | "$LOAD_PY" -c 'import json,sys; print(json.load(sys.stdin)["web_submitted"])')
  [ "$done_flows" = "$in_db" ] || log "WARNING: $done_flows flows counted, but $in_db submitted applications in the database"
  log "round $run/$ROUNDS: pretalx CfP flow x$N_FLOWS (load $(cut -d' ' -f1-3 /proc/loadavg))"
  c0=$(workers_cpu_ms pretalx)
  timeout $((BENCH_MAX_S + 60)) "$LOAD_PY" "$PEERS_DIR/cfp_flow.py" --base "http://127.0.0.1:$PT_PORT" --flows "$N_FLOWS" -c "$BENCH_C" \
    --tag "r$run$$" --max-seconds "$BENCH_MAX_S" --json-out "$OUT"
  cpu_note pretalx.cfp_web_flow "$run" $(( $(workers_cpu_ms pretalx) - c0 )) "$(tail -n 1 "$OUT" | "$LOAD_PY" -c 'import json,sys; print(json.load(sys.stdin)["ok"])')"
  pt_clean
done
echo
echo "Bridges $(cat "$BR_DATA/commit.txt"), pretalx $("$PT_VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("pretalx"))')"
summarize --pair bridges.apply_flow=pretalx.cfp_web_flow "$OUT"
echo; echo "gunicorn workers' CPU per completed flow (ms):"; cat "$RESULTS_DIR/h8_cpu.jsonl"
