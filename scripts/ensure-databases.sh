#!/usr/bin/env bash
# The core's database tests run on SQLite, PostgreSQL and MariaDB. This starts the local PostgreSQL and MariaDB
# servers when they are installed but not answering (machines without systemd), and prints which backends to test.
set -uo pipefail
backends=sqlite
if command -v pg_ctlcluster >/dev/null 2>&1; then
  pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start >/dev/null 2>&1
  for _ in $(seq 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
  pg_isready -q -h 127.0.0.1 -p 5432 && backends+=,postgres
fi
if command -v mariadbd >/dev/null 2>&1; then
  mariadb-admin -h 127.0.0.1 -u root ping >/dev/null 2>&1 || start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd >/dev/null 2>&1
  for _ in $(seq 50); do mariadb-admin -h 127.0.0.1 -u root ping >/dev/null 2>&1 && break; sleep 0.2; done
  mariadb-admin -h 127.0.0.1 -u root ping >/dev/null 2>&1 && backends+=,mariadb
fi
echo "$backends"
