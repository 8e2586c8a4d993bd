#!/usr/bin/env bash
# Install (from Debian's packages) and start what the test suite needs:
# a PostgreSQL server on 127.0.0.1 and headless Chromium with its driver.
# Sourced by .ci/run; safe to run again (it only does what is missing).

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "ci: installing ${need[*]}"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
  else
    echo "ci: not root, cannot install ${need[*]}; the tests that need them say so and skip"
  fi
fi

# A throwaway PostgreSQL cluster owned by the postgres user, on a private port.
if pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1) && [ -n "$pg_bin" ]; then
  pg_dir=${FOGWATCH_PG_DIR:-/tmp/fogwatch-ci-pg}
  pg_port=${FOGWATCH_PG_PORT:-54329}
  if ! "$pg_bin/pg_isready" -h 127.0.0.1 -p "$pg_port" -q 2>/dev/null; then
    rm -rf "$pg_dir"
    mkdir -p "$pg_dir"
    chown postgres:postgres "$pg_dir" 2>/dev/null || true
    as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
    as_pg "$pg_bin/initdb -D $pg_dir/data -U postgres --auth=trust -E UTF8 >/dev/null"
    as_pg "$pg_bin/pg_ctl -D $pg_dir/data -l $pg_dir/log -o '-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1' -w start >/dev/null"
  fi
  export FOGWATCH_TEST_PG="postgresql://postgres@127.0.0.1:$pg_port/postgres"
  echo "ci: PostgreSQL at $FOGWATCH_TEST_PG"
fi
