"""The version, at the bottom so that the CLI and the public API both read it."""

__version__ = "0.1.0"
