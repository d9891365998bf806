"""Reading: a file's bytes, guarded, opened by content into the one grid model (read.model) every later stage reads."""
