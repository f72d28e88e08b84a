"""``slth bench NAME``: benchmarks (speed is measured here, never by timed tests)."""

from __future__ import annotations

import argparse
import importlib
import importlib.util

BENCHMARKS = {
    "rss": "verify.bench.rss",
    "train": "verify.bench.train",
    "approx": "verify.bench.approx",
    "plant": "verify.bench.plant",
    "lth": "verify.bench.lth",
}


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="benchmark", metavar="NAME", required=True, parser_class=type(parser))
    for name, module_name in BENCHMARKS.items():
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        bench_parser = sub.add_parser(name, help=(module.__doc__ or name).strip().splitlines()[0])
        module.configure(bench_parser)
        bench_parser.set_defaults(_bench_module=module_name)


def run(args: argparse.Namespace) -> int:
    return importlib.import_module(args._bench_module).run(args)
