#!/usr/bin/env python3
"""Rewrites the output of every "$ kaya ..." example in README.md and docs/ with what kaya prints now.

tests/docs/check_examples.sh checks these examples; run this after an intended change of
output, then read the diff before committing it.  Usage: tools/update-doc-examples.py BUILD/engine/kaya
"""
import pathlib
import re
import shlex
import subprocess
import sys
import os

# "Now" for year-dependent warnings, as tests/docs/check_examples.sh pins it.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1796083200")

kaya = sys.argv[1]
root = pathlib.Path(__file__).resolve().parent.parent
block = re.compile(r"```\n(\$ kaya ([^\n]*)\n)(.*?)```", re.S)

for doc in [root / "README.md", *sorted((root / "docs").rglob("*.md"))]:
    text = doc.read_text()

    def refresh(m):
        old = m.group(3)
        # A pipeline (`kaya run ... | grep ...`) runs in the shell, as the check does.
        run = subprocess.run(f"{shlex.quote(kaya)} {m.group(2)}", shell=True, cwd=root, capture_output=True, text=True)
        new = run.stdout + run.stderr
        if "\n...\n" in "\n" + old:  # a shortened example keeps its "..." tail
            kept = old.split("\n...\n")[0].count("\n") + 1 if not old.startswith("...") else 0
            new = "".join(new.splitlines(True)[:kept]) + "...\n"
        return "```\n" + m.group(1) + new + "```"

    updated = block.sub(refresh, text)
    if updated != text:
        doc.write_text(updated)
        print(f"updated {doc.relative_to(root)}")
