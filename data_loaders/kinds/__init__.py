"""One module per input kind; each has `apply(batch) -> Counts` (see data_loaders.apply)."""
