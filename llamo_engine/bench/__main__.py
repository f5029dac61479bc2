"""`python -m llamo_engine.bench NAME ...`: run one benchmark (see `--help` for the names)."""

import argparse
import sys

from llamo_engine.bench import engine, estimator, train

# name -> add_parser(subparsers); each parser sets `func(args) -> exit code`.
BENCHES = {
    "engine": engine.add_parser,
    "estimator": estimator.add_parser,
    "train": train.add_parser,
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m llamo_engine.bench", description=__doc__)
    sub = parser.add_subparsers(dest="bench", required=True)
    for add in BENCHES.values():
        add(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
