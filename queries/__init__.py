"""Metric definitions as SQL files, the runner that binds parameters and scope, and the CLI."""
