#!/usr/bin/env bash
# The whole test suite, on a fresh machine or a developer's: installs what the tests need
# (Debian's Chromium and a Java runtime, the Python test tools, the npm test tools; the
# official Open Badges 2.0 validator gets its own virtual environment from tests/ob2/harness.py),
# then runs lint, types and pytest. Every step is skipped or quick when already done.
# Arguments are passed on to pytest, e.g. `bash scripts/test.sh -k golden`.
# CREDCAT_SKIP_BROWSER=1 skips the browser tests (and Chromium's install) on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=()
if [ "$(id -u)" != "0" ]; then SUDO=(sudo); fi

need_apt=()
if [ ! -x /usr/bin/chromium ] && [ "${CREDCAT_SKIP_BROWSER:-}" != "1" ]; then
  need_apt+=(chromium)
fi
java -version >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v ss >/dev/null 2>&1 || need_apt+=(iproute2)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${need_apt[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "${need_apt[@]}" >/dev/null
fi

echo "==> installing credcat and the Python test tools"
python -m pip install -qq --disable-pip-version-check --root-user-action=ignore -e '.[test]'

# npm ci empties node_modules first, which would pull vnu.jar from under a test run going on
# in the same tree: only reinstall when the lock file changed or a tool is missing. Scripts are
# off: vnu-jar's postinstall would only fetch a Java runtime, and Debian's is used instead.
lock_sum="$(cat package.json package-lock.json | sha256sum)"
if [ "$(cat node_modules/.credcat-lock 2>/dev/null)" != "$lock_sum" ] \
  || [ ! -f node_modules/axe-core/axe.min.js ] \
  || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] \
  || [ ! -f node_modules/yaml-language-server/bin/yaml-language-server ]; then
  echo "==> installing the npm test tools (axe-core, vnu-jar, yaml-language-server)"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
  echo "$lock_sum" >node_modules/.credcat-lock
fi

echo "==> lint and types"
ruff check src tests bench
ruff format --check src tests bench
mypy

echo "==> tests"
exec python -m pytest "$@"
