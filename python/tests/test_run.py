"""kaya from Python: the same numbers as the CLI, errors as exceptions (issue 16)."""
import json
import os
import subprocess

import numpy as np
import pytest

import kaya

KAYA = os.environ.get("KAYA", "build/engine/kaya")
BLOOM = "scenarios/bloom-176b.yaml"


def cli_json(*args):
    return json.loads(subprocess.run([KAYA, "run", *args, "--format", "json"], check=True, capture_output=True, text=True).stdout)


def test_bloom_through_python_is_the_cli_json():
    result = kaya.load(BLOOM).run(samples=2000, seed=7)
    assert result.to_dict() == cli_json(BLOOM, "--samples", "2000", "--seed", "7")
    # BLOOM's published training-stage figure, as the CLI gives it: 50,525 kgCO2e (Luccioni et al. 2022).
    stages = {s["name"]: s for s in result.to_dict()["stages"]}
    assert stages["training"]["impacts"]["gwp"]["nominal"] == pytest.approx(50525, rel=0.001)


def test_set_overrides_as_the_cli_does():
    result = kaya.load(BLOOM, set={"grid_fr": "20 gCO2e/kWh"}).run(samples=500, seed=3)
    assert result.to_dict() == cli_json(BLOOM, "--samples", "500", "--seed", "3", "--set", "grid_fr=20 gCO2e/kWh")


def test_samples_are_the_runs_draws():
    bloom = kaya.load(BLOOM)
    samples = bloom.samples(samples=3000, seed=11)
    assert isinstance(samples, np.ndarray) and samples.shape[0] == 3000
    columns = bloom.columns()
    assert len(columns) == samples.shape[1]
    total_gwp = columns.index(("total", "", "gwp"))
    stats = bloom.run(samples=3000, seed=11).to_dict()["total"]["impacts"]["gwp"]
    # The percentiles of the samples (numpy's default is the engine's type 7), in kgCO2e.
    assert np.percentile(samples[:, total_gwp], 50) == stats["p50"]


@pytest.mark.parametrize("text, error, code", [
    ("name: x\nphases: [", kaya.InputError, "yaml-syntax"),
    ("name: x\nsites:\n  s: {grid_intensity: 57 gCO2e/kwh, pue: 1.1}\n"
     "phases:\n  - {name: p, kind: idle, site: s, energy: 1 kWh}\n", kaya.UnitError, "unknown-unit"),
])
def test_errors_are_exceptions_with_their_place(text, error, code):
    with pytest.raises(error) as raised:
        kaya.loads(text, name="bad.yaml")
    assert raised.value.code == code
    assert raised.value.file == "bad.yaml"
    assert raised.value.line >= 1
    assert str(raised.value).startswith("bad.yaml:")


def test_a_missing_file_is_an_error_not_a_crash():
    with pytest.raises(kaya.Error) as raised:
        kaya.load("no/such/scenario.yaml")
    assert raised.value.code == "file-not-found"


def test_compare_is_the_cli_comparison():
    bloom, gpt3 = kaya.load(BLOOM), kaya.load("scenarios/gpt3-175b.yaml")
    cli = subprocess.run([KAYA, "compare", BLOOM, "scenarios/gpt3-175b.yaml", "--samples", "800", "--seed", "5", "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    assert kaya.compare([bloom, gpt3], samples=800, seed=5) == json.loads(cli)
    with pytest.raises(kaya.InputError) as raised:
        kaya.compare([bloom])
    assert raised.value.code == "invalid-option"



def test_dataframe_is_tidy_and_says_what_the_dict_says():
    pd = pytest.importorskip("pandas")  # optional to users; tools/install-deps.sh installs it for the tests
    result = kaya.load(BLOOM).run(samples=1000, seed=3)
    frame, data = result.to_dataframe(), result.to_dict()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["owner", "name", "category", "statistic", "value", "unit", "status"]
    owners = len(data["phases"]) + len(data["stages"]) + 1
    categories = len(data["total"]["impacts"])
    assert len(frame) == owners * categories * 5
    total = frame[(frame.owner == "total") & (frame.category == "gwp")].set_index("statistic")
    for statistic in ("nominal", "mean", "p05", "p50", "p95"):
        assert total.loc[statistic, "value"] == data["total"]["impacts"]["gwp"][statistic]
    assert set(total["unit"]) == {data["total"]["impacts"]["gwp"]["unit"]}
    # Not assessed is missing, never 0.
    missing = frame[frame.status == "not-assessed"]
    assert len(missing) > 0 and missing["value"].isna().all()
