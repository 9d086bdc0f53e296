#!/usr/bin/env bash
# Create the Python virtualenv holding Label Studio, the peer of `handprint bench market`
# (scripts/labelstudio/bench_labelstudio.py drives it). The venv lives outside the repository
# (default /work/labelstudio-venv, or $LABELSTUDIO_VENV). Idempotent: re-running only checks it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${LABELSTUDIO_VENV:-$(dirname "$root")/labelstudio-venv}"
python="${PYTHON:-python3}"
version="${LABELSTUDIO_VERSION:-1.23.2}"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
# Label Studio 1.23.2 asks for sentry-sdk >= 2.16 with no upper bound, and passes an option
# (send_default_pii) that sentry-sdk 3 no longer knows: `label-studio start` then fails at
# import. Keep sentry-sdk 2.
"$venv/bin/python" -m pip install --quiet "label-studio==$version" "sentry-sdk>=2.16,<3" requests
# `label-studio --version` starts Django and checks PyPI: minutes on a loaded machine. Ask pip's metadata.
"$venv/bin/python" -c 'from importlib.metadata import version; print("label-studio", version("label-studio"))'
echo "$venv/bin/label-studio"
