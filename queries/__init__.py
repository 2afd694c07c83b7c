"""Metric definitions as SQL files, the runner that binds parameters and scope, and the CLI."""

__version__ = "0.1.0"
