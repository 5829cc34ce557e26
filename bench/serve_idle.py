"""Benchmark: CPU that `credcat serve` uses while nothing changes, on a large catalog.

Usage: python bench/serve_idle.py [N] [--seconds S]

Generates N synthetic credentials (default 10,000), starts `credcat serve` on a free port of
127.0.0.1, waits for the first build, lets it settle, then reads the process's CPU time
(user + system, from /proc) over S idle seconds (default 30) and prints it as a share of
one core. The watcher uses the operating system's file events (watchfiles), so this should
be close to zero whatever N is.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import generate


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its waited-for children, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    ticks = sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="credcat-idle-") as tmp:
        root = Path(tmp) / "content"
        generate(root, args.n)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "credcat", "serve", str(root), "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}/"
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=5) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() - started > 1800:
                    print("credcat serve did not start", file=sys.stderr)
                    return 1
                time.sleep(1)
            first = time.monotonic() - started
            time.sleep(5)  # let the first build's aftermath settle
            before, t0 = cpu_seconds(proc.pid), time.monotonic()
            time.sleep(args.seconds)
            used, wall = cpu_seconds(proc.pid) - before, time.monotonic() - t0
            print(
                f"{args.n} credentials: first build served after {first:.0f} s; idle CPU "
                f"{used:.2f} s over {wall:.0f} s = {100 * used / wall:.2f}% of one core",
                flush=True,
            )
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=600)  # it removes its private build folder
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
