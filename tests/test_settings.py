"""Production refuses to start without its secrets; dev and test need none."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def load_settings(module, **env):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings("cms.settings.production", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = load_settings("cms.settings.production", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS in the environment" in result.stderr


def test_production_starts_with_both():
    result = load_settings(
        "cms.settings.production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org"
    )
    assert result.returncode == 0, result.stderr


def test_dev_settings_need_no_environment():
    assert load_settings("cms.settings.dev").returncode == 0


def test_settings_read_london_time_and_british_english():
    from django.conf import settings

    assert settings.TIME_ZONE == "Europe/London"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "en-gb"


def test_the_q_cluster_times_out_before_it_retries_and_never_catches_up():
    from django.conf import settings

    assert settings.Q_CLUSTER["timeout"] < settings.Q_CLUSTER["retry"]
    assert settings.Q_CLUSTER["catch_up"] is False


def test_production_passes_the_deploy_check_with_the_documented_environment():
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": "production-key-" + "q8Z!x" * 12,
            "ALLOWED_HOSTS": "example.org",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def production_setting(expression, **env):
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            f"print({expression})",
        ],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "example.org",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


def test_production_serves_hashed_static_files_through_whitenoise():
    storage = production_setting("settings.STORAGES['staticfiles']['BACKEND']")
    assert storage == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    middleware = production_setting("settings.MIDDLEWARE[1]")
    assert middleware == "whitenoise.middleware.WhiteNoiseMiddleware"


def test_production_leaves_hsts_for_subdomains_to_the_environment():
    assert production_setting("settings.SECURE_HSTS_INCLUDE_SUBDOMAINS") == "False"
    assert (
        production_setting(
            "settings.SECURE_HSTS_INCLUDE_SUBDOMAINS",
            SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        )
        == "True"
    )


def run_installed(tmp_path, code, **env):
    """Run ``code`` under production settings with the settings package laid
    out as a wheel installs it (no manage.py beside it), in the environment
    given, with DUQ_VAR_DIR only if ``env`` names it."""
    import shutil

    site = tmp_path / "site-packages"
    shutil.copytree(BASE_DIR / "cms", site / "cms")
    clean = {k: v for k, v in os.environ.items() if k != "DUQ_VAR_DIR"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=tmp_path,
        env={
            **clean,
            "PYTHONPATH": f"{site}{os.pathsep}{BASE_DIR}",
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "example.org",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    return site, result


def test_an_installed_site_refuses_to_start_without_a_data_directory(tmp_path):
    site, result = run_installed(tmp_path, "pass")
    assert result.returncode != 0
    assert "Set DUQ_VAR_DIR in the environment" in result.stderr
    assert not (site / "var").exists(), "made a data directory in site-packages"


def test_an_installed_site_keeps_its_data_where_duq_var_dir_says(tmp_path):
    _site, result = run_installed(
        tmp_path,
        "from django.conf import settings; print(settings.STATIC_ROOT)",
        DUQ_VAR_DIR=str(tmp_path / "data"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "data" / "static")
