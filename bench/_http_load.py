"""gunicorn on loopback and wrk against it, for bench/http_pages.py."""

import http.client
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
            return response.status, response.headers, response.read()
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

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)


def run_wrk(url, seconds, connections, script):
    """Requests a second, and the counts the script kept."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(script)]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(  # noqa: S603
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rate": rate,
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "not_ok": int(re.search(r"not-ok (\d+)", output).group(1)),
        "not_cached": int(re.search(r"not-cached (\d+)", output).group(1)),
        "socket_errors": errors.group(1) if errors else "",
    }
