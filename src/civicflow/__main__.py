"""``python -m civicflow``: the command line."""

from civicflow.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
