#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on 127.0.0.1 and that Debian's Chromium is there
# for the browser tests: start what is down, install what is missing.
set -euo pipefail

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pg_up() { (echo > /dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

if ! pg_up; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "Installing PostgreSQL"
    apt_install postgresql
  fi
  echo "Starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
pg_up || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }
# A freshly installed cluster asks for a password over TCP; give postgres the one the tests use.
if command -v runuser >/dev/null && id postgres >/dev/null 2>&1; then
  runuser -u postgres -- psql -q -c "ALTER USER postgres PASSWORD 'postgres'" >/dev/null 2>&1 || true
fi

# The database `make bench` runs against (tests make their own test_* databases).
psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='bridges'" 2>/dev/null | grep -q 1 \
  || PGPASSWORD=postgres createdb -h 127.0.0.1 -U postgres bridges 2>/dev/null || true

if ! redis_up; then
  if ! command -v redis-server >/dev/null; then
    echo "Installing Redis"
    apt_install redis-server
  fi
  echo "Starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 30); do redis_up && break; sleep 1; done
fi
redis_up || { echo "Redis does not answer on 127.0.0.1:6379" >&2; exit 1; }

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium for the browser tests"
  apt_install chromium fonts-noto-cjk
fi
# Thai letters in the browser tests' pages and screenshots (Noto CJK has none).
if ! fc-list :lang=th 2>/dev/null | grep -q .; then
  apt_install fonts-tlwg-loma-ttf
fi
if ! command -v msgfmt >/dev/null; then
  apt_install gettext
fi
echo "PostgreSQL, Redis and Chromium are ready."
