#!/usr/bin/env bash
# GIA's production layout on one machine: gunicorn serving the web, N Celery workers, one Celery beat,
# with PostgreSQL and Redis (or RabbitMQ) already running. In the foreground: Ctrl-C or SIGTERM stops
# every process it started (the web first, then beat and the workers, which finish the task in hand);
# if one of them ends by itself, the others are stopped too and the script fails.
#
#   deploy/one-machine.sh
#
# Required, as gia.web.settings.production requires them: GIA_SECRET_KEY, GIA_ALLOWED_HOSTS,
# DATABASE_URL (postgresql://…), GIA_BASE_URL (https://…), and GIA_BROKER_URL (redis://… or amqp://…).
# Optional: GIA_DATA_DIR (./var), GIA_BIND (127.0.0.1:8000; put a TLS proxy in front), GIA_WEB_WORKERS
# (5), GIA_JOB_WORKERS (2 worker processes, each with GIA_JOB_CONCURRENCY = 1 pool process),
# PYTHON (.venv/bin/python), and everything else the settings read (README, "Production").
# Workers on other machines: the same settings and the same file store (GIA_S3_BUCKET or a shared
# GIA_DATA_DIR), then `celery -A gia.web.jobs worker`; beat runs on exactly one machine.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-$here/.venv/bin/python}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-gia.web.settings.production}"
export GIA_DATA_DIR="${GIA_DATA_DIR:-$PWD/var}"
bind="${GIA_BIND:-127.0.0.1:8000}"
web_workers="${GIA_WEB_WORKERS:-5}"
job_workers="${GIA_JOB_WORKERS:-2}"
concurrency="${GIA_JOB_CONCURRENCY:-1}"

case "${GIA_BROKER_URL:-}" in
  redis://*|rediss://*|amqp://*|amqps://*) ;;
  *) echo "GIA_BROKER_URL must name Redis (redis://…) or RabbitMQ (amqp://…) for several processes" >&2; exit 2 ;;
esac

mkdir -p "$GIA_DATA_DIR/log" "$GIA_DATA_DIR/run"
"$PYTHON" -m gia.web check
"$PYTHON" -m gia.web migrate --noinput -v0
"$PYTHON" -m gia.web collectstatic --noinput -v0
if [ ! -f "${GIA_SIGNING_KEY:-$GIA_DATA_DIR/keys/gia-signing-key.pem}" ]; then
  "$(dirname "$PYTHON")/gia" certificate keygen --out "$GIA_DATA_DIR/keys"
fi

pids=()
start() {  # name, command…: in the background, its output in $GIA_DATA_DIR/log/<name>.log
  local name="$1"; shift
  "$@" >>"$GIA_DATA_DIR/log/$name.log" 2>&1 &
  pids+=("$!")
  echo "started $name (pid $!), log: $GIA_DATA_DIR/log/$name.log"
}
stopping=0
stop() {
  stopping=1
  # the web first (no new jobs), then beat and the workers (a warm shutdown finishes the task in hand)
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait || true
}
trap 'stop; exit 0' INT TERM

start web "$PYTHON" -m gunicorn --workers "$web_workers" --bind "$bind" --access-logfile - gia.web.wsgi:application
start beat "$PYTHON" -m celery -A gia.web.jobs beat --schedule "$GIA_DATA_DIR/run/beat-schedule" --loglevel INFO
for number in $(seq 1 "$job_workers"); do
  start "worker-$number" "$PYTHON" -m celery -A gia.web.jobs worker --concurrency "$concurrency" \
    --hostname "worker-$number@%h" --loglevel INFO
done
echo "GIA serves at http://$bind with $job_workers job workers; Ctrl-C stops everything"

set +e
wait -n
status=$?
if [ "$stopping" = 0 ]; then
  echo "a process ended by itself (exit $status): stopping the others; see $GIA_DATA_DIR/log" >&2
  stop
  exit 1
fi
