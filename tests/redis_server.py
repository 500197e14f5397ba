"""A Redis server of a test's own, on loopback, that the test can freeze (the
process stops answering but keeps its data, as behind a network fault), thaw,
stop and start again."""

import os
import signal
import subprocess
import time

import redis

from tests.smtp_server import HOST, free_port


class RedisServer:
    def __init__(self, directory):
        self.directory, self.port, self.process = directory, free_port(), None

    @property
    def url(self):
        return f"redis://{HOST}:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                HOST,
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(host=HOST, port=self.port, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                if client.ping():
                    break
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(
                        f"redis-server did not start on port {self.port}"
                    ) from None
                time.sleep(0.05)
        client.close()

    def freeze(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
