"""The reading stage: bytes → Book, one reader per format, all giving the same grid of cells."""
