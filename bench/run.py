"""Run every benchmark under bench/ (bench_*.py, in name order) and print their figures.

Each bench_*.py is a script with a ``main()`` that prints its own figures; this runner
only finds and runs them, each in its own process (a benchmark sets up Django for its own
database), so a capability adds its benchmark by adding a file.
Usage: `make bench` (all), or `make bench BENCH=agenda` (those whose name contains it).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def main() -> int:
    only = os.environ.get("BENCH", "")
    scripts = sorted(p for p in HERE.glob("bench_*.py") if only in p.stem)
    if not scripts:
        print(f"No benchmark matches {only!r}.")
        return 1
    failed: list[str] = []
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        started = time.perf_counter()
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
        result = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env, check=False)
        if result.returncode != 0:
            failed.append(script.stem)
        print(f"({script.stem} took {time.perf_counter() - started:.1f} s)", flush=True)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
