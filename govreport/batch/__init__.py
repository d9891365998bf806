"""Batches: many files checked in worker processes, then compared across files."""
