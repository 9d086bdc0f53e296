#!/usr/bin/env bash
# Create the Python virtualenv holding Crowd-Kit 1.4.2 for the reference-vector generator and the
# Crowd-Kit half of `handprint bench aggregate`. Idempotent: re-running only checks the install.
#
# Pins follow shared/conformance/CROWDKIT-NOTES.md: scikit-learn >= 1.6 breaks Wawa, ZeroBasedSkill
# and GoldMajorityVote in crowd-kit 1.4.2 (`__sklearn_tags__`), so it is held below 1.6.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${CROWDKIT_VENV:-$root/bench-venv}"
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -r "$here/requirements.txt"
"$venv/bin/python" -c 'import crowdkit, sklearn, pandas; print("crowd-kit", crowdkit.__version__ if hasattr(crowdkit, "__version__") else "1.4.2", "sklearn", sklearn.__version__, "pandas", pandas.__version__)'
echo "$venv/bin/python"
