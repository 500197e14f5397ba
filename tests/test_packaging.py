"""`pip install .` is a working site, installed from pinned dependencies.

The wheel carries every template and static source (Django reads them from the
installed packages); requirements.lock pins exactly the runtime dependencies.
"""

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGES = ("cms", "home", "duq_workflow")
LEFT_OUT = shutil.ignore_patterns(
    ".git", ".venv*", "var", "build", "*.egg-info", "__pycache__", ".*_cache"
)


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory):
    """The files in a wheel built from a clean copy of the sources."""
    source = tmp_path_factory.mktemp("source") / "site"
    shutil.copytree(BASE_DIR, source, ignore=LEFT_OUT)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-w", out],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = out.glob("driving_up_quality-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def data_files():
    """Every template and static source of the project's packages."""
    found = set()
    for package in PACKAGES:
        for folder in ("templates", "static"):
            for path in (BASE_DIR / package).rglob(f"{folder}/**/*"):
                if path.is_file() and "__pycache__" not in path.parts:
                    found.add(path.relative_to(BASE_DIR).as_posix())
    return found


def test_the_project_has_templates_and_static_sources():
    files = data_files()
    assert "cms/templates/base.html" in files
    assert "cms/static/css/site.css" in files
    assert any(name.startswith("home/templates/") for name in files)


def test_the_wheel_holds_every_template_and_static_source(wheel_names):
    assert data_files() - wheel_names == set()


def test_the_wheel_holds_the_settings_and_migrations(wheel_names):
    assert "cms/settings/production.py" in wheel_names
    assert "duq_workflow/migrations/0001_initial.py" in wheel_names
    assert not any(name.startswith("tests/") for name in wheel_names)


def pyproject():
    return tomllib.loads((BASE_DIR / "pyproject.toml").read_text())


def locked():
    """{name: {version, ...}} from requirements.lock (one per Python marker)."""
    pins = {}
    for line in (BASE_DIR / "requirements.lock").read_text().splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            requirement = Requirement(line.split(" \\")[0].split(" ;")[0].strip())
            (specifier,) = requirement.specifier
            name = canonicalize_name(requirement.name)
            pins.setdefault(name, set()).add(specifier.version)
    return pins


def test_the_lock_pins_every_runtime_dependency_within_its_range():
    pins = locked()
    for line in pyproject()["project"]["dependencies"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock"
        # Django is pinned once per Python: one of them matches each range.
        assert any(requirement.specifier.contains(v) for v in pins[name]), line


def test_the_lock_holds_nothing_for_development_or_tests():
    pins = locked()
    for line in pyproject()["project"]["optional-dependencies"]["dev"]:
        name = canonicalize_name(Requirement(line).name)
        assert name not in pins, f"{name} is for development, not deployments"
    assert "honcho" not in pins


def test_the_lock_pins_with_hashes():
    text = (BASE_DIR / "requirements.lock").read_text()
    assert text.count("--hash=sha256:") >= len(locked())
