"""The GitHub Actions workflows: the one `credcat init` writes, and credcat's own release.

The generated workflow's `run:` steps are executed in order, in a fresh git repository and a
fresh virtual environment, where the install step gets credcat from a wheel built from this
checkout: replacing the `credcat==X.Y.Z` pin by the wheel's path is the only change made.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

import pytest
import yaml

from credcat import __version__
from credcat.commands.scaffold import ACTION_VERSIONS

REPO = Path(__file__).resolve().parents[1]
PIN = f"credcat=={__version__}"


def load_workflow(path: Path) -> dict[str, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def new_repository(path: Path, branch: str = "master", remote: str | None = None) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", branch)
    git(path, "config", "user.email", "editor@example.org")
    git(path, "config", "user.name", "Catalog Editor")
    if remote:
        git(path, "remote", "add", "origin", remote)
    return path


def credcat(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-m", "credcat", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of this checkout, built without the network (hatchling is a test tool)."""
    out = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    args = ["wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)]
    subprocess.run([*pip, *args], check=True, capture_output=True)
    (found,) = out.glob(f"credcat-{__version__}-*.whl")
    return found


def fresh_venv(path: Path, wheel: Path) -> dict[str, str]:
    """A new virtual environment holding credcat's dependencies, not credcat, and no index.

    The dependencies (derived from the wheel's requirements, recursively) are linked in from
    the environment running the tests, so pip finds them installed and needs no network.
    """
    venv.EnvBuilder(with_pip=True, symlinks=True).create(path)
    site = Path(
        subprocess.run(
            [path / "bin/python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    for dist in _dependency_closure(_wheel_requirements(wheel)):
        for file in dist.files or ():
            source = Path(str(dist.locate_file(file))).resolve()
            if file.parts[0] == ".." or not source.is_file():
                continue  # scripts outside site-packages; the venv gets its own
            target = site / file
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.symlink_to(source)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(
        PATH=f"{path / 'bin'}{os.pathsep}{env['PATH']}",
        VIRTUAL_ENV=str(path),
        PIP_NO_INDEX="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_ROOT_USER_ACTION="ignore",
    )
    return env


def _wheel_requirements(wheel: Path) -> list[str]:
    """The run-time requirements (Requires-Dist without extras) a wheel declares."""
    import zipfile
    from email.parser import Parser

    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(archive.read(name).decode("utf-8"))
    return [r for r in meta.get_all("Requires-Dist") or [] if "extra ==" not in r]


def _dependency_closure(requirements: list[str]) -> list[Any]:
    """The installed distributions that ``requirements`` need, recursively."""
    from importlib import metadata

    from packaging.requirements import Requirement

    seen: dict[str, Any] = {}
    todo = [Requirement(r) for r in requirements]
    while todo:
        req = todo.pop()
        key = req.name.lower().replace("_", "-")
        if key in seen or (req.marker and not req.marker.evaluate({"extra": ""})):
            continue
        dist = metadata.distribution(req.name)
        seen[key] = dist
        todo += [Requirement(r) for r in dist.requires or ()]
    return list(seen.values())


def run_steps(workflow: Path, cwd: Path, env: dict[str, str], wheel: Path) -> list[str]:
    """Run the build job's `run:` steps in order, as the runner would (bash -e)."""
    steps = load_workflow(workflow)["jobs"]["build"]["steps"]
    done = []
    for step in steps:
        if "run" not in step:
            continue
        command = step["run"].replace(PIN, str(wheel))
        result = subprocess.run(
            ["bash", "-e", "-c", command], cwd=cwd, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        done.append(command)
    return done


def test_generated_workflow_structure(tmp_path: Path) -> None:
    repo = new_repository(tmp_path / "cat", "trunk", "https://github.com/Acme/skills.git")
    assert credcat(repo, "init").returncode == 0
    flow = load_workflow(repo / ".github/workflows/credcat.yml")
    # Deploys come from the branch init found; pull requests are built, never deployed.
    assert flow["on"]["push"] == {"branches": ["trunk"]}
    assert "pull_request" in flow["on"]
    assert flow["permissions"] == {"contents": "read"}
    group = flow["concurrency"]["group"]
    assert "pull_request" in group
    assert "'pages'" in group
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert "permissions" not in build  # contents: read only
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "github.event_name != 'pull_request'" in deploy["if"]
    assert "github.event.repository.default_branch" in deploy["if"]
    assert deploy["needs"] == "build"
    runs = [s["run"] for s in build["steps"] if "run" in s]
    assert runs == [
        f"python -m pip install {PIN}",
        "credcat validate --strict",
        "credcat check --frozen",
        "credcat build --strict",
    ]
    uses = [s["uses"] for job in (build, deploy) for s in job["steps"] if "uses" in s]
    assert {u.split("@")[0] for u in uses} == set(ACTION_VERSIONS)
    for action in uses:
        name, version = action.split("@")
        assert version == ACTION_VERSIONS[name], action
    upload = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["if"] == "github.event_name != 'pull_request'"
    assert upload["with"] == {"path": "site"}
    # The remote gave base_url.
    catalog = (repo / "content/catalog.yaml").read_text(encoding="utf-8")
    assert "base_url: https://acme.github.io/skills/\n" in catalog


def test_workflow_run_steps_pass_in_a_fresh_repository(tmp_path: Path, wheel: Path) -> None:
    repo = new_repository(tmp_path / "cat", remote="git@github.com:acme/catalog.git")
    assert credcat(repo, "init").returncode == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start the catalog")
    env = fresh_venv(tmp_path / "venv", wheel)
    workflow = repo / ".github/workflows/credcat.yml"
    done = run_steps(workflow, repo, env, wheel)
    assert len(done) == 4
    assert done[0] == f"python -m pip install {wheel}"
    # The credcat that ran is the wheel's, in the fresh environment.
    where = subprocess.run(
        ["python", "-c", "import credcat; print(credcat.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(tmp_path / "venv")), where
    assert (repo / "site/credentials/example-credential/index.html").is_file()
    # Once locked, an unlocked change fails the `check --frozen` step (and so the deploy).
    subprocess.run(["credcat", "lock"], cwd=repo, env=env, check=True, capture_output=True)
    cred = repo / "content/credentials/example-credential.md"
    text = cred.read_text(encoding="utf-8").replace("One sentence", "A sentence")
    cred.write_text(text, encoding="utf-8")
    assert run_steps_status(workflow, repo, env, wheel) == "credcat check --frozen"


def run_steps_status(workflow: Path, cwd: Path, env: dict[str, str], wheel: Path) -> str | None:
    """The first `run:` step that fails, or None."""
    for step in load_workflow(workflow)["jobs"]["build"]["steps"]:
        if "run" in step:
            command = step["run"].replace(PIN, str(wheel))
            if subprocess.run(["bash", "-e", "-c", command], cwd=cwd, env=env).returncode:
                return str(step["run"])
    return None


def test_placeholder_base_url_cannot_be_locked(tmp_path: Path) -> None:
    repo = new_repository(tmp_path / "cat")  # no remote: nothing to derive base_url from
    init = credcat(repo, "init")
    assert "base_url is a placeholder" in init.stdout
    validate = credcat(repo, "validate")
    assert validate.returncode == 0
    assert "warning[config.placeholder]" in validate.stderr
    where = r"content/catalog.yaml:\d+:\d+: warning\[config.placeholder\]"
    assert re.search(where, validate.stderr)
    assert "set base_url in catalog.yaml" in validate.stderr
    for args in (("validate", "--strict"), ("build", "--strict"), ("lock",)):
        result = credcat(repo, *args)
        assert result.returncode == 1, args
        assert "config.placeholder" in result.stderr
    assert not (repo / "content/published.lock").exists()
    assert credcat(repo, "build").returncode == 0  # a preview build still works
    # --base-url sets it.
    other = new_repository(tmp_path / "other")
    assert credcat(other, "init", "--base-url", "https://badges.example.org/c").returncode == 0
    assert credcat(other, "lock").returncode == 0


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("https://github.com/Acme/skills.git", "https://acme.github.io/skills/"),
        ("git@github.com:acme/skills", "https://acme.github.io/skills/"),
        ("ssh://git@github.com/acme/skills.git", "https://acme.github.io/skills/"),
        ("https://github.com/acme/acme.github.io", "https://acme.github.io/"),
        ("https://gitlab.example/acme/skills.git", None),
    ],
)
def test_pages_url_from_remote(remote: str, expected: str | None) -> None:
    from credcat.commands.scaffold import pages_url

    assert pages_url(remote) == expected


def test_annotations_on_github_actions(tmp_path: Path) -> None:
    repo = new_repository(tmp_path / "cat")
    assert credcat(repo, "init", "--base-url", "https://a.example.org/").returncode == 0
    cred = repo / "content/credentials/example-credential.md"
    cred.write_text(cred.read_text(encoding="utf-8").replace("workload_hours: 40", "wrkload: 4"))
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "GITHUB_ACTIONS": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "credcat", "validate"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    line = next(x for x in result.stderr.splitlines() if "schema.unknown-field" in x)
    path, lineno, col = line.split(":")[:3]
    assert (
        f"::error file={path},line={lineno},col={col},title=schema.unknown-field::" in result.stdout
    ), result.stdout
    # Without GITHUB_ACTIONS, no workflow commands.
    assert "::error" not in credcat(repo, "validate").stdout


def test_release_workflow() -> None:
    flow = load_workflow(REPO / ".github/workflows/release.yml")
    assert flow["on"] == {"push": {"tags": ["v*"]}}
    assert flow["permissions"] == {"contents": "read"}
    build, publish = flow["jobs"]["build"], flow["jobs"]["publish"]
    runs = [s["run"] for s in build["steps"] if "run" in s]
    assert "python -m build" in runs
    assert any(r.startswith("python -m twine check") for r in runs)
    assert "permissions" not in build
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["needs"] == "build"
    uses = [s["uses"] for s in publish["steps"]]
    assert "pypa/gh-action-pypi-publish@release/v1" in uses
    for job in (build, publish):
        for step in job["steps"]:
            name, _, version = step.get("uses", "x@v0").partition("@")
            if name in ACTION_VERSIONS:
                assert version == ACTION_VERSIONS[name]


def test_release_artifacts_pass_twine_check(tmp_path: Path) -> None:
    """What the release job builds (sdist and wheel) passes `twine check --strict`."""
    out = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"credcat-{__version__}-py3-none-any.whl", f"credcat-{__version__}.tar.gz"]
    check = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, out.iterdir())],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
