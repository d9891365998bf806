"""Checking one file: read, locate, solve, and turn it all into findings (a FileReport)."""
