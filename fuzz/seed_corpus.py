#!/usr/bin/env python3
"""Regenerates the seed corpora of fuzz_scenario and fuzz_catalog from the repository.

    python3 fuzz/seed_corpus.py

fuzz/corpus/fuzz_scenario: scenarios/*.yaml, docs/examples/*.yaml, the ```yaml blocks of
docs/**/*.md and the scenarios of tests/data/**. fuzz/corpus/fuzz_catalog: the catalogues
among those (a `kaya-catalog:` key), and models/*.yaml cut to their first entries (the
built-in catalogues are large; a few entries show the fuzzer every form). Files are named
after where they come from. fuzz/corpus/fuzz_override is written by hand and left alone.
"""

import pathlib
import re
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
MODEL_ENTRIES = 6  # entries kept of each built-in catalogue


def name_of(path: pathlib.Path, suffix: str = "") -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    return "-".join(rel.parts) + suffix + ".yaml"


def is_catalogue(text: str) -> bool:
    return re.search(r"^kaya-catalog:", text, re.MULTILINE) is not None


def docs_blocks():
    for md in sorted((ROOT / "docs").rglob("*.md")):
        blocks = re.findall(r"^```yaml\n(.*?)^```", md.read_text(), re.MULTILINE | re.DOTALL)
        for i, block in enumerate(blocks, 1):
            yield name_of(md, f"-{i}"), block


def cut_catalogue(text: str, entries: int) -> str:
    """The header and sources of a catalogue, and its first `entries` entries."""
    out, seen, in_entries = [], 0, False
    for line in text.splitlines(keepends=True):
        if line.startswith("entries:"):
            in_entries = True
        elif in_entries and re.match(r"^  \S", line):
            seen += 1
            if seen > entries:
                break
        out.append(line)
    return "".join(out)


def main() -> None:
    scenario, catalogue = {}, {}
    sources = sorted((ROOT / "scenarios").glob("*.yaml")) + sorted((ROOT / "docs" / "examples").glob("*.yaml")) + \
        sorted((ROOT / "tests" / "data").rglob("*.yaml"))
    for path in sources:
        text = path.read_text()
        (catalogue if is_catalogue(text) else scenario)[name_of(path)] = text
    for name, text in docs_blocks():
        (catalogue if is_catalogue(text) else scenario)[name] = text
    for path in sorted((ROOT / "models").glob("*.yaml")):
        catalogue[name_of(path)] = cut_catalogue(path.read_text(), MODEL_ENTRIES)

    for target, files in (("fuzz_scenario", scenario), ("fuzz_catalog", catalogue)):
        folder = CORPUS / target
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text)
        print(f"{folder.relative_to(ROOT)}: {len(files)} files, {sum(len(t) for t in files.values())} bytes")


if __name__ == "__main__":
    main()
