#!/usr/bin/env bash
# Create or update the shared virtual environment at <repo>/.venv from
# tools/requirements.txt. Idempotent: when the requirements have not changed
# since the last successful install (stamp file holds their hash), it returns
# at once. Usage: [VENV=dir] tools/venv.sh   (prints nothing when already up to date
# unless VERBOSE=1). Afterwards use .venv/bin/python.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${VENV:-$repo/.venv}"   # VENV overrides (e.g. to share one venv between work trees)
req="$repo/tools/requirements.txt"
stamp="$venv/.requirements.sha256"
python="${PYTHON:-python3}"

want="$( { "$python" -c 'import sys; print(sys.version_info[:2])'; cat "$req"; } | sha256sum | cut -d' ' -f1)"

if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    [[ "${VERBOSE:-0}" == 1 ]] && echo "venv: $venv is up to date"
    exit 0
fi

# Only one installer at a time (several tools may call this concurrently).
mkdir -p "$venv"
exec 9>"$venv/.lock"
flock 9
# Another process may have finished the job while we waited.
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    exit 0
fi

if [[ ! -x "$venv/bin/python" ]]; then
    echo "venv: creating $venv" >&2
    "$python" -m venv "$venv"
fi
echo "venv: installing $req" >&2
"$venv/bin/python" -m pip install --disable-pip-version-check -q --upgrade pip >&2
"$venv/bin/python" -m pip install --disable-pip-version-check -q -r "$req" >&2
echo "$want" > "$stamp"
echo "venv: ready" >&2
