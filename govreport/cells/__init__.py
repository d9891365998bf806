"""Cells: what a cell's raw value means (values) and the formula evaluator (formula)."""
