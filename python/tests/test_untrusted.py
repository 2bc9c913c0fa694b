"""Arguments from Python are as untrusted as a command line: each defect an adversarial
review of the binding found, as a test that failed before its fix (issue 16)."""
import copy
import json
import os
import pickle
import subprocess
import sys

import pytest

import kaya

BLOOM = "scenarios/bloom-176b.yaml"
SITE = "name: {}\nsites:\n  s: {{grid: FRA, pue: 1.1}}\nphases:\n  - {{name: p, kind: idle, site: s, energy: 1 MWh}}\n"


@pytest.fixture(scope="module")
def bloom():
    return kaya.load(BLOOM)


def test_a_report_folder_with_a_nul_touches_nothing(bloom, tmp_path, monkeypatch):
    # The name cut at the NUL made the staging folder ".victim" itself, which the clean-up
    # of the failed write then removed with the user's files in it.
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".victim").mkdir()
    (tmp_path / ".victim" / "work.txt").write_text("keep me")
    with pytest.raises(kaya.InputError) as raised:
        kaya.report(bloom, "victim\0", samples=10)
    assert raised.value.code == "invalid-option"
    assert (tmp_path / ".victim" / "work.txt").read_text() == "keep me"


@pytest.mark.parametrize("call", [
    lambda: kaya.load(BLOOM + "\0junk"),
    lambda: kaya.load(BLOOM, catalogues=["tests/data/catalog/override-fra.yaml\0junk"]),
    lambda: kaya.loads("name: [", name="a\0b"),
])
def test_a_path_with_a_nul_is_not_read_cut_short(call):
    with pytest.raises(kaya.InputError) as raised:
        call()
    assert raised.value.code == "file-not-found" and "NUL" in str(raised.value)


def test_text_is_bounded_as_a_file_is():
    text = SITE.format("big") + "# " + "x" * (4 << 20) + "\n"
    with pytest.raises(kaya.InputError) as raised:
        kaya.loads(text)
    assert raised.value.code == "file-not-found" and "more than the 4194304 bytes" in str(raised.value)
    with pytest.raises(kaya.InputError):
        kaya.loads(SITE.format("x"), set={"grid_fr": "1" * (4 << 20) + " gCO2e/kWh"})


def test_overrides_apply_in_the_order_given_as_on_the_command_line():
    first = {"sites.jean-zay.grid_intensity": "1000 gCO2e/kWh", "sites.jean-zay.grid": "DEU"}
    second = dict(reversed(list(first.items())))
    for sets in (first, second):
        got = kaya.load(BLOOM, set=sets).run(samples=100).to_dict()
        args = [a for name, value in sets.items() for a in ("--set", f"{name}={value}")]
        cli = subprocess.run([os.environ.get("KAYA", "build/engine/kaya"), "run", BLOOM, "--samples", "100", *args, "--format", "json"],
                             check=True, capture_output=True, text=True).stdout
        assert got == json.loads(cli)
    assert kaya.load(BLOOM, set=first).run(samples=100).to_dict()["total"] != kaya.load(BLOOM, set=second).run(samples=100).to_dict()["total"]


def test_scenarios_run_together_share_their_catalogues():
    a = kaya.loads(SITE.format("a"))
    b = kaya.loads(SITE.format("b"), catalogues=["tests/data/catalog/override-fra.yaml"])
    for call in (lambda: kaya.compare([a, b], samples=100), lambda: kaya.report([a, b], "/nonexistent-kaya-test", samples=100)):
        with pytest.raises(kaya.InputError) as raised:
            call()
        assert "other catalogues" in raised.value.message


def test_what_is_not_a_scenario_is_refused_not_dereferenced():
    # Run in a child: before the fix this was a segmentation fault.
    code = "import kaya\ntry:\n    kaya.compare([kaya.Scenario(None), kaya.load('scenarios/bloom-176b.yaml')])\nexcept TypeError:\n    print('refused')\n"
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ))
    assert (child.returncode, child.stdout.strip()) == (0, "refused")


def test_errors_survive_pickling_and_copying():
    with pytest.raises(kaya.UnitError) as raised:
        kaya.loads(SITE.format("x").replace("grid: FRA", "grid_intensity: 57 gCO2e/kwh"), name="bad.yaml")
    for again in (pickle.loads(pickle.dumps(raised.value)), copy.copy(raised.value)):
        assert type(again) is kaya.UnitError
        assert (again.code, again.file, again.line, again.column, str(again)) == (
            raised.value.code, raised.value.file, raised.value.line, raised.value.column, str(raised.value))


def test_the_column_is_the_messages_column_in_characters():
    with pytest.raises(kaya.Error) as raised:
        kaya.load("tests/data/invalid/negative-value-plus-minus.yaml")
    place = str(raised.value).split(": error:")[0]
    assert place.endswith(f":{raised.value.line}:{raised.value.column}")


@pytest.mark.parametrize("call, subject", [
    (lambda b: b.sweep([]), "vary"),
    (lambda b: b.sensitivity(method="tornado", samples=0), "samples"),
    (lambda b: b.run(samples=True), "samples"),
    (lambda b: b.run(seed=True), "seed"),
    (lambda b: b.run(seed=-1), "seed"),
    (lambda b: b.run(seed=2**64), "seed"),
    (lambda b: b.run(samples=2**63), "samples"),
    (lambda b: b.samples(samples=30_000_000), "samples"),
])
def test_arguments_are_checked_as_the_cli_checks_its_options(bloom, call, subject):
    with pytest.raises(kaya.InputError) as raised:
        call(bloom)
    assert raised.value.code == "invalid-option" and raised.value.message.startswith(subject)


@pytest.mark.parametrize("call", [
    lambda b: kaya.load(None),
    lambda b: kaya.report(b, None),
    lambda b: kaya.load(BLOOM, catalogues="tests/data/catalog/override-fra.yaml"),
    lambda b: b.sweep("grid_fr=1 gCO2e/kWh"),
])
def test_a_value_of_the_wrong_type_is_refused(bloom, call):
    with pytest.raises(TypeError):
        call(bloom)


def test_unnamed_text_reads_no_files(tmp_path, monkeypatch):
    # A notebook's working folder is often a home folder: text without a name of its own
    # must not read files there, nor have an error quote one.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "secret.txt").write_text("TOPSECRET\n")
    with pytest.raises(kaya.InputError) as raised:
        kaya.loads("name: x\nimports: [secret.txt]\n" + SITE.format("x").split("\n", 1)[1])
    assert raised.value.code == "invalid-value" and "TOPSECRET" not in str(raised.value)
    # Named in a folder, text imports from that folder as a file there would.
    (tmp_path / "cat.yaml").write_text("kaya: catalogue\n")
    with pytest.raises(kaya.Error) as named:
        kaya.loads("name: x\nimports: [secret.txt]\n" + SITE.format("x").split("\n", 1)[1], name=str(tmp_path / "s.yaml"))
    assert named.value.code != "invalid-value" or "no imports in text" not in named.value.message
