"""Starting the web chat (`python app.py`) as a real server process for tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BROWSER_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(
    corpus: Path,
    index_dir: Path,
    cache: Path,
    timeout: float = 120.0,
    options: tuple[str, ...] = (),
    index_ready: bool = True,
):
    """Yield the URL of `python app.py [options]` serving `corpus`, once its index is open (or only the
    page, without `index_ready`); stop it afterwards."""
    port = free_port()
    env = {**os.environ, "UN_ASSISTANT_CACHE": str(cache)}
    log = (index_dir.parent / f"app-{port}.log").open("w")
    command = [sys.executable, str(ROOT / "app.py"), "--corpus", str(corpus), "--index-dir", str(index_dir)]
    process = subprocess.Popen(
        [*command, "--port", str(port), *options],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_ready(url, process, timeout, index_ready)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def wait_until_ready(url: str, process: subprocess.Popen, timeout: float, index_ready: bool = True) -> None:
    """Until the page answers and (with `index_ready`) the search endpoint returns hits."""
    from gradio_client import Client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"app exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            if not index_ready:
                return
            Client(url, verbose=False).predict("腐败", 1, None, None, api_name="/search")
            return
        except Exception:
            time.sleep(0.5)
    raise TimeoutError(f"app at {url} not ready after {timeout} s")
