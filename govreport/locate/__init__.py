"""Locating: each table of the form found in the grid by its labels; model holds the types later stages share."""
