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

step "browser for the browser tests (Debian's chromium and chromium-driver)"
if ! command -v chromedriver >/dev/null 2>&1 || ! { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null \
      || echo "installing Chromium failed"
  fi
fi
if command -v chromedriver >/dev/null 2>&1; then
  echo "using $(chromedriver --version 2>/dev/null | head -n1)"
elif [ "${CI:-}" = "true" ]; then
  echo "Chromium/chromedriver could not be installed: CI requires the browser tests" >&2
  exit 1
else
  echo "!!! Chromium is not installed: the browser tests will be SKIPPED (apt-get install -y chromium chromium-driver)"
fi

step "a local SMTP server for the e-mail tests (aiosmtpd, in a venv outside the repo)"
# The tests read what it delivers from its Maildir (crates/handprint/tests/it/mailbox.rs).
SMTP_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/handprint-test-venv"
has_aiosmtpd() { "$SMTP_VENV/bin/python" -c 'import aiosmtpd' >/dev/null 2>&1; }
if ! has_aiosmtpd; then
  { python3 -m venv "$SMTP_VENV" && "$SMTP_VENV/bin/pip" install -q aiosmtpd; } || echo "installing aiosmtpd failed"
fi
if has_aiosmtpd; then
  SMTP_DIR="$(mktemp -d)"
  SMTP_PORT="$("$SMTP_VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "$SMTP_VENV/bin/python" -m aiosmtpd -n -c aiosmtpd.handlers.Mailbox "$SMTP_DIR/maildir" -l "127.0.0.1:$SMTP_PORT" &
  SMTP_PID=$!
  trap 'kill "$SMTP_PID" 2>/dev/null || true; rm -rf "$SMTP_DIR"' EXIT
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null; then break; fi
    sleep 0.1
  done
  export HANDPRINT_TEST_SMTP="127.0.0.1:$SMTP_PORT" HANDPRINT_TEST_MAILDIR="$SMTP_DIR/maildir"
  echo "aiosmtpd on $HANDPRINT_TEST_SMTP (pid $SMTP_PID), delivering to $HANDPRINT_TEST_MAILDIR"
elif [ "${CI:-}" = "true" ]; then
  echo "aiosmtpd could not be installed in $SMTP_VENV: CI requires the e-mail tests" >&2
  exit 1
else
  echo "!!! aiosmtpd is not installed: the e-mail tests will be SKIPPED (python3 -m venv $SMTP_VENV && $SMTP_VENV/bin/pip install aiosmtpd)"
fi

step "an S3-compatible server for the media tests (moto[server], in the same venv)"
# The S3 path of the media storage runs against this real server
# (crates/handprint/tests/it/media_uploads.rs); a missing one fails in CI.
MOTO_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/handprint-test-venv"
if [ ! -x "$MOTO_VENV/bin/moto_server" ]; then
  { [ -x "$MOTO_VENV/bin/python" ] || python3 -m venv "$MOTO_VENV"; } && "$MOTO_VENV/bin/pip" install -q "moto[server]==5.2.6" || echo "installing moto[server] failed"
fi
if [ -x "$MOTO_VENV/bin/moto_server" ]; then
  MOTO_PORT="$("$MOTO_VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "$MOTO_VENV/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT" >/dev/null 2>&1 &
  MOTO_PID=$!
  trap 'kill "${SMTP_PID:-}" "$MOTO_PID" 2>/dev/null || true; rm -rf "${SMTP_DIR:-/nonexistent}"' EXIT
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$MOTO_PORT") 2>/dev/null; then break; fi
    sleep 0.1
  done
  export HANDPRINT_TEST_S3_ENDPOINT="http://127.0.0.1:$MOTO_PORT"
  echo "moto_server on $HANDPRINT_TEST_S3_ENDPOINT (pid $MOTO_PID)"
elif [ "${CI:-}" = "true" ]; then
  echo "moto[server] could not be installed in $MOTO_VENV: CI requires the S3 media tests" >&2
  exit 1
else
  echo "!!! moto[server] is not installed: the S3 media tests will be SKIPPED ($MOTO_VENV/bin/pip install 'moto[server]')"
fi

step "Python test environment for the exports (mlcroissant validates the Croissant files, pyarrow reads the Parquet, datasets the Hugging Face layout, pycocotools the COCO file)"
# Outside the repository, made once per machine and reused; this step only adds the
# exports' packages (pinned), so other steps may add theirs to the same environment.
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/handprint-test-venv"
EXPORT_PACKAGES=("mlcroissant==1.1.1" "pyarrow==26.0.1" "datasets==4.4.1" "pycocotools==2.0.10")
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" || echo "cannot make the Python virtual environment $VENV"
fi
if [ -x "$VENV/bin/python" ]; then
  if ! "$VENV/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(m.version("mlcroissant") != "1.1.1" or m.version("pyarrow") != "26.0.1" or m.version("datasets") != "4.4.1" or m.version("pycocotools") != "2.0.10")' 2>/dev/null; then
    "$VENV/bin/pip" install -q "${EXPORT_PACKAGES[@]}" || echo "installing ${EXPORT_PACKAGES[*]} failed"
  fi
  export HANDPRINT_TEST_PYTHON="$VENV/bin/python"
fi
if [ -z "${HANDPRINT_TEST_PYTHON:-}" ] && [ "${CI:-}" = "true" ]; then
  echo "no Python test environment: CI requires the mlcroissant checks" >&2
  exit 1
fi

step "formatting"
cargo fmt --all -- --check

step "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "tests on SQLite (and every unit test)"
# Tests named pg_only_… need PostgreSQL: they run in the PostgreSQL pass below.
cargo test --workspace --locked -- --skip pg_only_

step "short runs of the criterion benchmarks docs/benchmarks.md quotes (each case once)"
HASHERS_BENCH_IDS=20000 cargo test --locked -p handprint-aggregate --bench hashers

if ! pg_up && [ "${CI:-}" = "true" ] && command -v pg_ctlcluster >/dev/null 2>&1; then
  step "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi

if pg_up; then
  step "integration tests on PostgreSQL"
  # The browser tests ran on SQLite above; the pages' SQL is covered here by the web_ tests.
  HANDPRINT_TEST_BACKEND=postgres HANDPRINT_TEST_PG_URL="$PG_URL" cargo test --locked -p handprint --test it -- --skip browser_
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable at $PG_URL: CI requires both backends" >&2
  exit 1
else
  echo "PostgreSQL is not reachable at $PG_URL: the PostgreSQL run was skipped (set HANDPRINT_TEST_PG_URL)"
fi
