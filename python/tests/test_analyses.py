"""sweep, sensitivity, report and the catalogues from Python: the CLI's reach and the CLI's
numbers, and what the CLI refuses refused again (issue 16)."""
import json
import os
import subprocess

import pytest

import kaya

KAYA = os.environ.get("KAYA", "build/engine/kaya")
BLOOM = "scenarios/bloom-176b.yaml"


def cli(*args):
    return subprocess.run([KAYA, *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def bloom():
    return kaya.load(BLOOM)


def test_sweep_is_the_cli_sweep(bloom):
    vary = ["grid_fr=20 gCO2e/kWh,57 gCO2e/kWh,300 gCO2e/kWh", "sites.jean-zay.pue=1.1,1.4"]
    got = bloom.sweep(vary, samples=300, seed=9, sort="gwp", descending=True)
    want = json.loads(cli("sweep", BLOOM, "--vary", vary[0], "--vary", vary[1], "--samples", "300", "--seed", "9", "--sort", "gwp",
                          "--descending", "--format", "json"))
    assert got == want
    assert len(got["rows"]) == 6


@pytest.mark.parametrize("method, extra", [("tornado", []), ("sobol", ["--samples", "128", "--seed", "4"])])
def test_sensitivity_is_the_cli_sensitivity(bloom, method, extra):
    got = bloom.sensitivity(method=method, output="gwp", stage="training", samples=128, seed=4)
    want = json.loads(cli("sensitivity", BLOOM, "--method", method, "--output", "gwp", "--stage", "training", *extra, "--format", "json"))
    assert got == want


def test_report_writes_the_cli_report(bloom, tmp_path):
    names = kaya.report(bloom, tmp_path / "py", samples=500, seed=2)
    cli("report", BLOOM, "-o", str(tmp_path / "cli"), "--samples", "500", "--seed", "2")
    assert sorted(names) == sorted(f for f in os.listdir(tmp_path / "cli") if not f.startswith("."))
    for name in ("results.json", "results.csv", "report.md"):
        assert (tmp_path / "py" / name).read_text() == (tmp_path / "cli" / name).read_text()


def test_a_report_replaces_only_an_earlier_report(bloom, tmp_path):
    kaya.report(bloom, tmp_path / "r", samples=100)
    kaya.report(bloom, tmp_path / "r", samples=200)  # kaya's own: replaced whole
    assert json.loads((tmp_path / "r" / "results.json").read_text())["samples"] == 200
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("a user's work")
    with pytest.raises(kaya.InputError) as raised:
        kaya.report(bloom, tmp_path / "mine", samples=100)
    assert raised.value.code == "invalid-option"
    assert os.listdir(tmp_path / "mine") == ["thesis.tex"]


def test_catalogue_listing_is_the_cli_listing():
    got = kaya.catalog.list("grids", search="france")
    lines = cli("catalog", "list", "grids", "--search", "france").splitlines()
    assert [e["id"] for e in got] == [line.split()[1] for line in lines[:-1]]
    assert lines[-1] == f"{len(got)} entries"
    assert len(kaya.catalog.list()) > len(kaya.catalog.list("grids"))


def test_a_catalogue_value_carries_its_unit_year_and_sources():
    [fra] = kaya.catalog.show("FRA", kind="grids")
    shown = cli("catalog", "show", "FRA", "--kind", "grids")
    grid = fra["fields"]["grid_intensity"]
    # The CLI prints "grid_intensity: VALUE (year YEAR)" from the same entry.
    assert f"  grid_intensity: {grid['value']} (year {grid['year']})" in shown.splitlines()
    assert "gCO2e/kWh" in grid["value"] and grid["year"]
    assert grid["sources"] and all(s["fields"] for s in grid["sources"])
    [gwp] = kaya.catalog.show("gwp", kind="categories")
    assert gwp["unit"] and gwp["terms"]


@pytest.mark.parametrize("call, code", [
    (lambda b: b.run(samples=0), "invalid-option"),
    (lambda b: b.run(threads=-1), "invalid-option"),
    (lambda b: b.run(threads=1025), "invalid-option"),
    (lambda b: b.sweep(["grid_fr=1 gCO2e/kWh"], samples=2_000_000), "invalid-option"),
    (lambda b: b.sweep(["grid_fr=1 gCO2e/kWh", "grid_fr=2 gCO2e/kWh"]), "invalid-option"),
    (lambda b: b.sweep(["grid_fr=1 gCO2e/kWh"], sort="GWP"), "invalid-option"),
    (lambda b: b.sensitivity(samples=32), "invalid-option"),
    (lambda b: b.sensitivity(method="morris"), "invalid-option"),
    (lambda b: b.sensitivity(output="carbon"), "invalid-option"),
    (lambda b: kaya.report(b, "/nonexistent-kaya-test/r", samples=2_000_000), "invalid-option"),
    (lambda b: kaya.catalog.list("grid"), "invalid-option"),
    (lambda b: kaya.catalog.show("FRANCE"), "invalid-option"),
])
def test_what_the_cli_refuses_python_refuses(bloom, call, code):
    with pytest.raises(kaya.InputError) as raised:
        call(bloom)
    assert raised.value.code == code


def test_every_exception_type_from_a_real_input(bloom, tmp_path):
    site = "name: x\nsites:\n  s: {{grid_intensity: {}, pue: {}}}\nphases:\n  - {{name: p, kind: idle, site: s, energy: 1 kWh}}\n"
    with pytest.raises(kaya.InputError):
        kaya.loads("name: x\nphases: [", name="bad.yaml")
    with pytest.raises(kaya.UnitError):
        kaya.loads(site.format("57 gCO2e/kwh", "1.1"))
    with pytest.raises(kaya.ModelError) as raised:
        kaya.loads(site.format("57 gCO2e/kWh", "-1.1"))
    assert raised.value.code == "value-outside-range" and raised.value.line == 3
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(kaya.EnvironmentError) as raised:
        kaya.report(bloom, tmp_path / "file" / "report", samples=100)
    assert raised.value.code == "write-failed"
    # InternalError is a defect of kaya's: no input should raise it, so none is tried here.
    assert issubclass(kaya.InternalError, kaya.Error)


def test_units_and_import_folders_as_the_cli_takes_them(bloom):
    got = bloom.run(samples=200, seed=1, units=["gwp=tCO2e", "MWh"]).to_dict()
    want = json.loads(cli("run", BLOOM, "--samples", "200", "--seed", "1", "--unit", "gwp=tCO2e", "--unit", "MWh", "--format", "json"))
    assert got == want and got["total"]["impacts"]["gwp"]["unit"] == "tCO2e"
    gpt3 = kaya.load("scenarios/gpt3-175b.yaml")
    assert kaya.compare([bloom, gpt3], samples=200, units=["gwp=tCO2e"]) == json.loads(
        cli("compare", BLOOM, "scenarios/gpt3-175b.yaml", "--samples", "200", "--unit", "gwp=tCO2e", "--format", "json"))
    vary = ["grid_fr=20 gCO2e/kWh,57 gCO2e/kWh"]
    assert bloom.sweep(vary, samples=200, units=["gwp=tCO2e"]) == json.loads(
        cli("sweep", BLOOM, "--vary", vary[0], "--samples", "200", "--unit", "gwp=tCO2e", "--format", "json"))
    with pytest.raises(kaya.InputError) as raised:
        bloom.run(samples=10, units=["gwp=kWh"])
    assert raised.value.code == "invalid-option"


def test_imports_from_a_folder_the_user_allows(tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "cat.yaml").write_text(open("tests/data/catalog/override-fra.yaml").read())
    (tmp_path / "s").mkdir()
    text = "name: x\nimports: [../shared/cat.yaml]\nsites:\n  s: {grid: FRA, pue: 1.1}\nphases:\n  - {name: p, kind: idle, site: s, energy: 1 MWh}\n"
    (tmp_path / "s" / "x.yaml").write_text(text)
    with pytest.raises(kaya.InputError):
        kaya.load(tmp_path / "s" / "x.yaml")
    allowed = kaya.load(tmp_path / "s" / "x.yaml", imports_from=[tmp_path / "shared"]).run(samples=10).to_dict()
    want = json.loads(cli("run", str(tmp_path / "s" / "x.yaml"), "--allow-imports-from", str(tmp_path / "shared"), "--samples", "10",
                          "--format", "json"))
    assert allowed == want
