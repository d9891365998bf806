"""The govreport command: each subcommand is options -> one library call -> a renderer -> an exit code."""

from govreport.cli.app import main

__all__ = ["main"]
