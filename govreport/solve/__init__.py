"""Solving: the form's relations as equations over a located table's cells, deduced, broken and located."""
