#!/usr/bin/env bash
# Handprint's whole test suite, as CI runs it:
#   formatting and lints, every test on embedded SQLite, then the integration
#   tests again on PostgreSQL (when reachable; required when CI=true).
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
PG_URL="${HANDPRINT_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"

step() { printf '\n==> %s\n' "$*"; }

pg_up() { psql "$PG_URL" -Atqc 'SELECT 1' >/dev/null 2>&1; }

step "formatting"
cargo fmt --all -- --check

step "lints"
cargo clippy --workspace --all-targets -- -D warnings

step "tests on SQLite (and every unit test)"
cargo test --workspace

if ! pg_up && [ "${CI:-}" = "true" ] && command -v pg_ctlcluster >/dev/null 2>&1; then
  step "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi

if pg_up; then
  step "integration tests on PostgreSQL"
  HANDPRINT_TEST_BACKEND=postgres HANDPRINT_TEST_PG_URL="$PG_URL" cargo test -p handprint --test it
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable at $PG_URL: CI requires both backends" >&2
  exit 1
else
  echo "PostgreSQL is not reachable at $PG_URL: the PostgreSQL run was skipped (set HANDPRINT_TEST_PG_URL)"
fi
