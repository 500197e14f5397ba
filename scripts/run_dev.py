"""`make run`'s last step: every process of Procfile.dev, until Ctrl-C.

Each process starts in a session of its own, so Ctrl-C reaches only this
script, which then asks each process to stop (SIGTERM to the process itself:
django-q2's cluster stops its workers in order, which it does not when the
whole group is signalled) and waits for them, so nothing is left running.

    python scripts/run_dev.py PORT
"""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STOP_WAIT = 30


def read_procfile():
    lines = (ROOT / "Procfile.dev").read_text().splitlines()
    return dict(line.split(":", 1) for line in lines if line.strip())


def relay(name, stream, width):
    for line in stream:
        sys.stdout.write(f"{name:<{width}} | {line}")
        sys.stdout.flush()


def start(processes, port):
    width = max(map(len, processes))
    env = {**os.environ, "PORT": str(port), "PYTHONUNBUFFERED": "1"}
    children = {}
    for name, command in processes.items():
        child = subprocess.Popen(  # noqa: S602 - the project's own Procfile
            command.strip(),
            shell=True,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=relay, args=(name, child.stdout, width)).start()
        children[name] = child
    return children


def stop(children):
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    for name, child in children.items():
        try:
            child.wait(STOP_WAIT)
        except subprocess.TimeoutExpired:
            print(f"{name} did not stop in {STOP_WAIT} s; killing it", flush=True)
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()


def main(port):
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    children = start(read_procfile(), port)
    # Until Ctrl-C, or until one process ends by itself (then stop the rest).
    while not stopping.wait(0.5):
        if any(child.poll() is not None for child in children.values()):
            break
    print("Stopping the web server and the task cluster ...", flush=True)
    stop(children)
    print("Stopped.", flush=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "8000")
