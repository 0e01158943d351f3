"""Run every benchmark under bench/ (bench_*.py, in name order) and print their figures.

Each bench_*.py is a script with a ``main()`` that prints its own figures; this runner
only finds and runs them, so a capability adds its benchmark by adding a file.
Usage: `make bench` (all), or `make bench BENCH=agenda` (those whose name contains it).
"""

import os
import runpy
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def main() -> int:
    sys.path.insert(0, str(ROOT))
    only = os.environ.get("BENCH", "")
    scripts = sorted(p for p in HERE.glob("bench_*.py") if only in p.stem)
    if not scripts:
        print(f"No benchmark matches {only!r}.")
        return 1
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        started = time.perf_counter()
        runpy.run_path(str(script), run_name="__main__")
        print(f"({script.stem} took {time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
