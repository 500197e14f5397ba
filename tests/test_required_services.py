"""A test whose service is missing is skipped locally and fails where CI
requires the service (DUQ_REQUIRE_SERVICES, set by `.ci/run`)."""

import pytest

pytest_plugins = ["pytester"]

# The suite's own hooks, in a small inner pytest run.
INNER_CONFTEST = (
    "from tests.conftest import (\n"
    "    pytest_collection_modifyitems, pytest_configure, pytest_runtest_setup\n"
    ")\n"
)
INNER_TESTS = """
import pytest

@pytest.mark.browser
def test_in_a_browser():
    pass

@pytest.mark.postgres
def test_on_postgres():
    pass

def test_without_services():
    pass
"""
NO_SUCH_CHROMIUM = "/nonexistent/chromium"


@pytest.fixture
def run_inner(pytester, monkeypatch):
    """Run the inner tests without Chromium, on this run's database."""
    monkeypatch.setenv("CHROMIUM_PATH", NO_SUCH_CHROMIUM)
    monkeypatch.delenv("DUQ_REQUIRE_SERVICES", raising=False)
    pytester.makeconftest(INNER_CONFTEST)
    pytester.makeini("[pytest]\nmarkers =\n    browser\n    postgres\n")
    pytester.makepyfile(INNER_TESTS)

    def run(required=None, tests="not postgres"):
        if required is not None:
            monkeypatch.setenv("DUQ_REQUIRE_SERVICES", required)
        return pytester.runpytest_inprocess(
            *("-p", "no:django", "-p", "no:xdist", "-p", "no:cacheprovider"),
            *("-rs", "-m", tests),
        )

    return run


def test_missing_chromium_is_a_skip_with_its_reason(run_inner):
    result = run_inner()
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(
        [f"SKIPPED * test_*.py:3: Chromium is not installed at {NO_SUCH_CHROMIUM}*"]
    )


def test_missing_chromium_fails_where_the_browser_is_required(run_inner):
    result = run_inner("browser")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*DUQ_REQUIRE_SERVICES requires browser*"])


def test_missing_postgres_is_a_skip_locally_and_a_failure_where_required(run_inner):
    from django.db import connection

    locally, required = run_inner(tests="postgres"), run_inner("postgres", "postgres")
    if connection.vendor == "postgresql":
        locally.assert_outcomes(passed=1)
        required.assert_outcomes(passed=1)
    else:
        locally.assert_outcomes(skipped=1)
        required.assert_outcomes(errors=1)
        required.stdout.fnmatch_lines(["*needs PostgreSQL*requires postgres*"])


def test_an_unknown_required_service_stops_the_run(run_inner):
    result = run_inner("browser,chrome")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*DUQ_REQUIRE_SERVICES names unknown services*"])
