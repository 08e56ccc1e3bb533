#!/usr/bin/env bash
# Makes sure the local PostgreSQL server the JDBC tests use (127.0.0.1:5432) is running.
# Starts the Debian cluster when it is installed but stopped; without PostgreSQL it only says so:
# the PostgreSQL tests then skip themselves and the H2 tests still run.
set -u
if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "PostgreSQL is running on 127.0.0.1:5432"
  exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
  for _ in $(seq 1 30); do
    if pg_isready -q -h 127.0.0.1 -p 5432; then
      echo "PostgreSQL started on 127.0.0.1:5432"
      exit 0
    fi
    sleep 1
  done
fi
echo "PostgreSQL is not available on 127.0.0.1:5432: its tests will be skipped (set CITA_TEST_PG_URL to use another server)"
exit 0
