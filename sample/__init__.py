"""The sample data of a fictitious UPT (BBGP Jawa Barat): messy files generated deterministically and
loaded through the real loaders on a first start. Nothing below the UI imports this package."""
