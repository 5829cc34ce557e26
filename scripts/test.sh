#!/usr/bin/env bash
# The whole test suite, on a fresh machine or a developer's: installs what the tests need
# (Debian's Chromium and a Java runtime, the Python test tools, the npm test tools, and the
# official Open Badges 2.0 validator in its own virtual environment), then runs lint, types
# and pytest. Arguments are passed on to pytest, e.g. `bash scripts/test.sh -k golden`.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v ss >/dev/null 2>&1 || need_apt+=(iproute2)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${need_apt[@]}" >/dev/null
fi

echo "==> installing credcat and the Python test tools"
python -m pip install -q --disable-pip-version-check -e '.[test]'

echo "==> installing the npm test tools (axe-core, vnu-jar)"
npm ci --no-audit --no-fund --loglevel=error >/dev/null

echo "==> lint and types"
ruff check src tests bench
ruff format --check src tests bench
mypy

echo "==> tests"
exec python -m pytest "$@"
