"""Readers that turn a file's bytes into a Book: one module per format."""
