"""`make bench`: run every benchmark module in this folder and print one table.

Usage: python -m benchmarks.run [--quick] [name ...]
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

from benchmarks._table import Row, format_table


def discover() -> list[str]:
    here = Path(__file__).parent
    return sorted(
        m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_") and m.name != "run"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small cases only")
    parser.add_argument("names", nargs="*", help="benchmark modules to run (default: all)")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    for name in args.names or discover():
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"running {name} …", file=sys.stderr, flush=True)
        rows.extend(module.run(quick=args.quick))
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
