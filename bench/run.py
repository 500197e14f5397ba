"""Run every benchmark in bench/, one process each, and say which ones failed.

    python bench/run.py

Each benchmark is a plain script that prints its own table of timings and
ratios; none is a test, and a missed goal is reported, not raised.
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def benchmarks():
    return [
        path
        for path in sorted(HERE.glob("*.py"))
        if path.name != Path(__file__).name and not path.name.startswith("_")
    ]


def main():
    failed = []
    for script in benchmarks():
        print(f"=== {script.name}", flush=True)
        started = time.perf_counter()
        returncode = subprocess.run([sys.executable, str(script)]).returncode  # noqa: S603
        print(f"=== {script.name}: {time.perf_counter() - started:.0f} s", flush=True)
        if returncode:
            failed.append(script.name)
    if failed:
        print(f"Failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
