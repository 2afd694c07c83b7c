"""CLI: python -m sample --out DIR [--seed N] (see sample.generate.main)."""
import sys

from sample.generate import main

sys.exit(main())
