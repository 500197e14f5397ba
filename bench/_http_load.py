"""gunicorn on loopback and wrk against it, for bench/http_pages.py."""

import gzip
import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# A proxy in front ends TLS and says so; without it production redirects.
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}

# Counts, over every thread, the responses that were not 200 and those that
# did not come from the page cache (wrk's documented setup/done pattern).
COUNTING_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_ok = 0; not_cached = 0 end
function response(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
  local cache = headers["X-Page-Cache"] or headers["x-page-cache"]
  if cache ~= "hit" then not_cached = not_cached + 1 end
end
function done(summary, latency, requests)
  local a, b = 0, 0
  for _, thread in ipairs(threads) do
    a = a + thread:get("not_ok"); b = b + thread:get("not_cached")
  end
  io.write(string.format("not-ok %d\\nnot-cached %d\\n", a, b))
end
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving the site under ``env``; ``label`` names it in errors."""

    def __init__(self, label, env, workers, threads, log_dir):
        self.label, self.port = label, free_port()
        self.log = Path(log_dir) / f"{label.replace(' ', '-')}.log"
        command = [sys.executable, "-m", "gunicorn", "cms.wsgi"]
        command += ["--chdir", str(BASE_DIR), "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(workers), "--threads", str(threads)]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603
                command, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", path, headers=HEADERS)
            response = connection.getresponse()
            body = response.read()
            if response.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            return response.status, response.headers, body
        finally:
            connection.close()

    def wait_ready(self, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                self.get("/robots.txt")
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"{self.label} did not start:\n{self.log.read_text()}")

    def cpu_seconds(self):
        """CPU time its workers have used (user and system), from /proc."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        total = 0
        for pid in children.read_text().split():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")

    def wait_idle(self, seconds=60):
        """Until the workers stop using CPU: requests wrk left queued when it
        stopped are still served, and would be counted against the next run."""
        deadline = time.monotonic() + seconds
        used = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.25)
            used, before = self.cpu_seconds(), used
            if used - before < 0.02:
                return

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)


def run_wrk(server, path, seconds, connections, script):
    """Requests a second, the workers' CPU time a request, and the counts the
    script kept."""
    url = server.url(path)
    command = [
        os.environ.get("WRK_PATH", "wrk"),
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "-s",
        str(script),
    ]
    # Slow pages queue behind each other: count them, however long they wait.
    command += ["--timeout", "60s"]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    cpu = server.cpu_seconds()
    output = subprocess.run(  # noqa: S603
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    cpu = server.cpu_seconds() - cpu
    server.wait_idle()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Socket errors: (.*)", output)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return {
        "rate": rate,
        "cpu": cpu / max(requests, 1),
        "requests": requests,
        "not_ok": int(re.search(r"not-ok (\d+)", output).group(1)),
        "not_cached": int(re.search(r"not-cached (\d+)", output).group(1)),
        "socket_errors": errors.group(1) if errors else "",
    }
