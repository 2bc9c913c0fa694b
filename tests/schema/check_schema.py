#!/usr/bin/env python3
"""`kaya schema` is a valid JSON Schema that accepts every reference scenario and rejects the
mistakes an editor should flag: a misspelt key, a field of another phase kind, an unknown
kind. Checked with python3-jsonschema, an implementation independent of kaya's.

Usage: check_schema.py KAYA SOURCE_DIR. Exits 77 (skipped) without jsonschema or yaml."""
import copy
import glob
import json
import os
import subprocess
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    print(f"skipped: {e}")
    sys.exit(77)

kaya, root = sys.argv[1], sys.argv[2]
schema = json.loads(subprocess.run([kaya, "schema"], check=True, capture_output=True, text=True).stdout)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failures = 0


def errors(doc):
    return [e.message for e in validator.iter_errors(doc)]


files = sorted(glob.glob(os.path.join(root, "scenarios", "*.yaml")))
files += sorted(glob.glob(os.path.join(root, "docs", "examples", "*.yaml")))
# Scenarios the engine accepts that use YAML's looser forms: numbers as names, sources as a
# bare title, a quoted version.
files += [os.path.join(root, "tests", "data", "exports", "hostile.yaml"), os.path.join(root, "tests", "data", "categories", "land.yaml")]
for path in files:
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    found = errors(doc)
    if found:
        failures += 1
        print(f"FAIL: {path} is refused: {found[:3]}")

with open(os.path.join(root, "scenarios", "bloom-176b.yaml"), encoding="utf-8") as f:
    bloom = yaml.safe_load(f)
site = next(iter(bloom["sites"]))
mistakes = {
    "a misspelt site key": lambda d: d["sites"][site].__setitem__("grid_intesity", "50 gCO2e/kWh"),
    "a field of another phase kind": lambda d: next(p for p in d["phases"] if p["kind"] == "training").__setitem__("queries", "1 query"),
    "an unknown phase kind": lambda d: d["phases"][0].__setitem__("kind", "trainng"),
    "an unknown top-level key": lambda d: d.__setitem__("phase", []),
    "a value with an unknown key": lambda d: d["sites"][site].__setitem__("pue", {"value": 1.2, "uniforn": [1, 2]}),
    "a value mapping with neither a value nor an uncertainty": lambda d: d["sites"][site].__setitem__("pue", {"source": "x"}),
}
for what, change in mistakes.items():
    doc = copy.deepcopy(bloom)
    change(doc)
    if not errors(doc):
        failures += 1
        print(f"FAIL: {what} is accepted")

print(f"{len(files)} scenarios accepted, {len(mistakes)} mistakes checked, {failures} failures")
sys.exit(1 if failures else 0)
