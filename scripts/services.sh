#!/usr/bin/env bash
# Makes sure the services the tests (and the demo) need are running, and stops only what it started.
#
#   bash scripts/services.sh start    # idempotent; prints what it found or started; writes .run/services.env
#   bash scripts/services.sh status
#   bash scripts/services.sh stop     # stops only what `start` started
#   bash scripts/services.sh restart-mongo [DOWN_SECONDS]   # stops the MongoDB-compatible server `start`
#                                     # started, waits, starts it again on the same data (fault drills)
#
# EPIX_SERVICES_DIR (default .run) holds the pid files and services.env; with another folder and another
# FERRETDB_PORT / MONGOD_PORT, a second, private set can run beside the first (the drills restart theirs).
# FERRETDB_BACKEND=postgresql starts FerretDB on PostgreSQL (database FERRETDB_PG_DATABASE) instead of SQLite.
#
# RabbitMQ at $AMQP_URL (default amqp://guest:guest@127.0.0.1:5672): a running broker is used; otherwise the
# local rabbitmq-server is started; otherwise Debian's rabbitmq-server is installed and started.
# A MongoDB wire-protocol server at $MONGODB_URI: used if given and reachable; otherwise `mongod` if on PATH;
# otherwise FerretDB v1.24.2 built from the Go module proxy with tools/ferretdb/patches (cached in .tools/), run on SQLite
# in a temporary folder on 127.0.0.1 (PostgreSQL backend as the fallback).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN=${EPIX_SERVICES_DIR:-$ROOT/.run}
TOOLS="$ROOT/.tools"
mkdir -p "$RUN"

AMQP_URL=${AMQP_URL:-amqp://guest:guest@127.0.0.1:5672}
FERRETDB_PORT=${FERRETDB_PORT:-27018}
MONGOD_PORT=${MONGOD_PORT:-27019}
FERRETDB_BACKEND=${FERRETDB_BACKEND:-sqlite}          # or postgresql (a PostgreSQL at 127.0.0.1:5432, trust auth)
FERRETDB_PG_DATABASE=${FERRETDB_PG_DATABASE:-ferretdb}

log() { printf '[services] %s\n' "$*"; }

# host and port of a URL such as amqp://u:p@host:5672/vhost or mongodb://host:27017/db
host_of() { local rest=${1#*://}; rest=${rest#*@}; rest=${rest%%/*}; rest=${rest%%,*}; echo "${rest%%:*}"; }
port_of() { local rest=${1#*://}; rest=${rest#*@}; rest=${rest%%/*}; rest=${rest%%,*}; [[ $rest == *:* ]] && echo "${rest##*:}" || echo "$2"; }

reachable() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

wait_for() { # host port seconds what
  local i
  for ((i = 0; i < $3 * 10; i++)); do reachable "$1" "$2" && return 0; sleep 0.1; done
  log "timed out after $3 s waiting for $4 at $1:$2"
  return 1
}

alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_rabbitmq() {
  local host port
  host=$(host_of "$AMQP_URL"); port=$(port_of "$AMQP_URL" 5672)
  if reachable "$host" "$port"; then
    log "RabbitMQ: using the broker already running at $host:$port"
    return
  fi
  if [[ $host != 127.0.0.1 && $host != localhost ]]; then
    log "RabbitMQ: $AMQP_URL is not reachable and is not local; not starting anything"; return 1
  fi
  if ! command -v rabbitmq-server >/dev/null 2>&1 && [[ ! -x /usr/sbin/rabbitmq-server ]]; then
    log "RabbitMQ: not installed; installing Debian's rabbitmq-server"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq rabbitmq-server >/dev/null
  fi
  log "RabbitMQ: starting the local rabbitmq-server"
  PATH=$PATH:/usr/sbin rabbitmq-server -detached >/dev/null 2>&1 || true
  wait_for "$host" "$port" 90 RabbitMQ
  touch "$RUN/started-rabbitmq"
  log "RabbitMQ: started at $host:$port"
}

# FerretDB v1.24.2 from the Go module proxy, with the patches in tools/ferretdb/patches applied to a copy of its
# source (a `replace` in a build copy of tools/ferretdb). The binary is rebuilt when the patches change.
build_ferretdb() {
  local stamp
  stamp=$(cat "$ROOT/tools/ferretdb/go.mod" "$ROOT/tools/ferretdb/main.go" "$ROOT"/tools/ferretdb/patches/*.patch | sha256sum | cut -c1-16)
  if [[ -x $TOOLS/ferretdb && $(cat "$TOOLS/ferretdb.stamp" 2>/dev/null) == "$stamp" ]]; then return; fi
  command -v go >/dev/null 2>&1 || { log "FerretDB: Go is needed to build it and is not on PATH"; return 1; }
  log "FerretDB: building v1.24.2 from the Go module proxy with tools/ferretdb/patches (first time only, ~2 min)"
  local started=$SECONDS src build module_dir
  mkdir -p "$TOOLS"
  src="$TOOLS/ferretdb-src"
  build="$TOOLS/ferretdb-build"
  rm -rf "$src" "$build"
  module_dir=$(cd "$ROOT/tools/ferretdb" && go mod download -json github.com/FerretDB/FerretDB | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [[ -d $module_dir ]] || { log "FerretDB: go mod download gave no source folder"; return 1; }
  cp -r "$module_dir" "$src"
  chmod -R u+w "$src"
  for p in "$ROOT"/tools/ferretdb/patches/*.patch; do
    patch -s -p1 -d "$src" < "$p" || { log "FerretDB: patch $(basename "$p") does not apply"; return 1; }
  done
  cp -r "$ROOT/tools/ferretdb" "$build"
  (cd "$build" && go mod edit -replace "github.com/FerretDB/FerretDB=$src" &&
    CGO_ENABLED=0 go build -trimpath -o "$TOOLS/ferretdb.tmp" . && mv "$TOOLS/ferretdb.tmp" "$TOOLS/ferretdb")
  echo "$stamp" > "$TOOLS/ferretdb.stamp"
  rm -rf "$build"
  log "FerretDB: built in $((SECONDS - started)) s"
}

start_ferretdb() { # backend: sqlite or postgresql; [data folder to reuse]
  local backend=$1 data=${2:-}
  [[ -n $data ]] || data=$(mktemp -d /tmp/epix-ferretdb.XXXXXX)
  local args=(--listen-addr "127.0.0.1:$FERRETDB_PORT" --handler "$backend")
  if [[ $backend == sqlite ]]; then
    # WAL with synchronous=normal: a commit is in the OS before it is acknowledged (it survives the server being
    # killed, as the drills do) but is not fsynced each time, much as MongoDB acknowledges w:1 writes before its
    # journal flush; fsync per commit made the disk the bottleneck of every write.
    args+=(--sqlite-url "file:$data/?_pragma=synchronous(normal)")
  else
    psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$FERRETDB_PG_DATABASE'" | grep -q 1 ||
      psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $FERRETDB_PG_DATABASE ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
    args+=(--postgresql-url "postgres://postgres@127.0.0.1:5432/$FERRETDB_PG_DATABASE")
  fi
  setsid nohup "$TOOLS/ferretdb" "${args[@]}" >"$RUN/ferretdb.log" 2>&1 </dev/null &
  echo $! >"$RUN/ferretdb.pid"
  echo "$data" >"$RUN/ferretdb.data"
  if wait_for 127.0.0.1 "$FERRETDB_PORT" 15 FerretDB; then
    echo "ferretdb-$backend" >"$RUN/mongo.kind"
    return 0
  fi
  kill "$(cat "$RUN/ferretdb.pid")" 2>/dev/null || true
  rm -f "$RUN/ferretdb.pid"
  return 1
}

start_mongo() {
  if [[ -n ${MONGODB_URI:-} ]]; then
    local host port
    host=$(host_of "$MONGODB_URI"); port=$(port_of "$MONGODB_URI" 27017)
    reachable "$host" "$port" || { log "MongoDB: MONGODB_URI=$MONGODB_URI is not reachable"; return 1; }
    log "MongoDB: using MONGODB_URI=$MONGODB_URI"
    echo "given" >"$RUN/mongo.kind"; echo "$MONGODB_URI" >"$RUN/mongo.uri"
    return
  fi
  if alive "$RUN/ferretdb.pid" && reachable 127.0.0.1 "$FERRETDB_PORT"; then
    log "MongoDB: using FerretDB started earlier (pid $(cat "$RUN/ferretdb.pid"), $(cat "$RUN/mongo.kind"))"
    return
  fi
  if alive "$RUN/mongod.pid" && reachable 127.0.0.1 "$MONGOD_PORT"; then
    log "MongoDB: using mongod started earlier (pid $(cat "$RUN/mongod.pid"))"
    return
  fi
  if command -v mongod >/dev/null 2>&1; then
    local data; data=$(mktemp -d /tmp/epix-mongod.XXXXXX)
    log "MongoDB: starting mongod on 127.0.0.1:$MONGOD_PORT"
    setsid nohup mongod --dbpath "$data" --bind_ip 127.0.0.1 --port "$MONGOD_PORT" >"$RUN/mongod.log" 2>&1 </dev/null &
    echo $! >"$RUN/mongod.pid"; echo "$data" >"$RUN/mongod.data"
    wait_for 127.0.0.1 "$MONGOD_PORT" 30 mongod
    echo "mongod" >"$RUN/mongo.kind"; echo "mongodb://127.0.0.1:$MONGOD_PORT/" >"$RUN/mongo.uri"
    return
  fi
  if reachable 127.0.0.1 "$FERRETDB_PORT"; then
    # e.g. started by another checkout of this project: a MongoDB-compatible server is already there
    log "MongoDB: using the server already listening at 127.0.0.1:$FERRETDB_PORT (not started by this checkout)"
    echo "external" >"$RUN/mongo.kind"; echo "mongodb://127.0.0.1:$FERRETDB_PORT/" >"$RUN/mongo.uri"
    return
  fi
  build_ferretdb
  if [[ $FERRETDB_BACKEND == postgresql ]]; then
    log "MongoDB: starting FerretDB (PostgreSQL backend, database $FERRETDB_PG_DATABASE) on 127.0.0.1:$FERRETDB_PORT"
    start_ferretdb postgresql
  else
    log "MongoDB: starting FerretDB (SQLite backend) on 127.0.0.1:$FERRETDB_PORT"
  fi
  if [[ $FERRETDB_BACKEND == postgresql ]]; then
    :
  elif ! start_ferretdb sqlite; then
    log "MongoDB: FerretDB on SQLite did not start ($(tail -1 "$RUN/ferretdb.log" 2>/dev/null)); trying the PostgreSQL backend"
    start_ferretdb postgresql
  fi
  echo "mongodb://127.0.0.1:$FERRETDB_PORT/" >"$RUN/mongo.uri"
  log "MongoDB: FerretDB is up ($(cat "$RUN/mongo.kind"))"
}

write_env() {
  cat >"$RUN/services.env" <<ENV
export AMQP_URL='$AMQP_URL'
export MONGODB_URI='$(cat "$RUN/mongo.uri")'
export EPIX_MONGO_SERVER='$(cat "$RUN/mongo.kind")'
ENV
}

stop_pidfile() { # name pidfile datafile
  if alive "$2"; then
    log "$1: stopping pid $(cat "$2")"
    kill "$(cat "$2")" 2>/dev/null || true
    for _ in $(seq 50); do alive "$2" || break; sleep 0.1; done
    alive "$2" && kill -9 "$(cat "$2")" 2>/dev/null || true
  fi
  [[ -f $3 ]] && rm -rf "$(cat "$3")" "$3"
  rm -f "$2"
}

restart_mongo() { # seconds to stay down
  local down=${1:-0} kind
  kind=$(cat "$RUN/mongo.kind" 2>/dev/null || echo none)
  if alive "$RUN/ferretdb.pid"; then
    local data; data=$(cat "$RUN/ferretdb.data")
    log "FerretDB: stopping pid $(cat "$RUN/ferretdb.pid") (restart, data kept in $data)"
    kill "$(cat "$RUN/ferretdb.pid")" 2>/dev/null || true
    for _ in $(seq 100); do alive "$RUN/ferretdb.pid" || break; sleep 0.1; done
    alive "$RUN/ferretdb.pid" && kill -9 "$(cat "$RUN/ferretdb.pid")" 2>/dev/null || true
    sleep "$down"
    start_ferretdb "${kind#ferretdb-}" "$data"
    log "FerretDB: restarted (pid $(cat "$RUN/ferretdb.pid"))"
  elif alive "$RUN/mongod.pid"; then
    local data; data=$(cat "$RUN/mongod.data")
    log "mongod: stopping pid $(cat "$RUN/mongod.pid") (restart, data kept in $data)"
    kill "$(cat "$RUN/mongod.pid")" 2>/dev/null || true
    for _ in $(seq 300); do alive "$RUN/mongod.pid" || break; sleep 0.1; done
    sleep "$down"
    setsid nohup mongod --dbpath "$data" --bind_ip 127.0.0.1 --port "$MONGOD_PORT" >>"$RUN/mongod.log" 2>&1 </dev/null &
    echo $! >"$RUN/mongod.pid"
    wait_for 127.0.0.1 "$MONGOD_PORT" 30 mongod
    log "mongod: restarted (pid $(cat "$RUN/mongod.pid"))"
  else
    log "MongoDB: the server in use ($kind) was not started by this script; not restarting it"
    return 3
  fi
}

case ${1:-status} in
  start)
    start_rabbitmq
    start_mongo
    write_env
    log "ready: AMQP_URL=$AMQP_URL MONGODB_URI=$(cat "$RUN/mongo.uri") ($(cat "$RUN/mongo.kind"))"
    ;;
  stop)
    stop_pidfile FerretDB "$RUN/ferretdb.pid" "$RUN/ferretdb.data"
    stop_pidfile mongod "$RUN/mongod.pid" "$RUN/mongod.data"
    if [[ -f $RUN/started-rabbitmq ]]; then
      log "RabbitMQ: stopping the broker this script started"
      PATH=$PATH:/usr/sbin rabbitmqctl stop >/dev/null 2>&1 || true
      rm -f "$RUN/started-rabbitmq"
    fi
    rm -f "$RUN/services.env" "$RUN/mongo.uri" "$RUN/mongo.kind"
    ;;
  status)
    h=$(host_of "$AMQP_URL"); p=$(port_of "$AMQP_URL" 5672)
    reachable "$h" "$p" && log "RabbitMQ: up at $h:$p" || log "RabbitMQ: down at $h:$p"
    if [[ -f $RUN/mongo.uri ]]; then
      u=$(cat "$RUN/mongo.uri"); h=$(host_of "$u"); p=$(port_of "$u" 27017)
      reachable "$h" "$p" && log "MongoDB: up at $u ($(cat "$RUN/mongo.kind"))" || log "MongoDB: down at $u"
    else
      log "MongoDB: not started by this script"
    fi
    ;;
  restart-mongo)
    restart_mongo "${2:-0}"
    ;;
  *) echo "usage: $0 start|stop|status|restart-mongo [DOWN_SECONDS]" >&2; exit 2 ;;
esac
