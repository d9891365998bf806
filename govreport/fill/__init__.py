"""Filling: plan repairs from a check, apply them to a copy of the workbook, check the copy again."""
