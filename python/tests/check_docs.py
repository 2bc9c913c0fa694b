"""Runs the Python examples of the docs and of the package's docstrings as written
(doctest): the walk-through of docs/how-to/python.md is checked like every `$ kaya` example."""
import doctest
import sys

import kaya
import kaya.catalog

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
failed = tried = 0
for module in (kaya, kaya.catalog):
    f, t = doctest.testmod(module, optionflags=FLAGS)
    failed, tried = failed + f, tried + t
for path in sys.argv[1:]:
    f, t = doctest.testfile(path, module_relative=False, optionflags=FLAGS)
    failed, tried = failed + f, tried + t
print(f"{tried} examples tried, {failed} failed")
sys.exit(1 if failed or not tried else 0)
