"""kaya: the lifecycle footprint of machine-learning models, from Python.

    >>> import kaya
    >>> bloom = kaya.load("scenarios/bloom-176b.yaml")
    >>> result = bloom.run(samples=10_000, seed=42)
    >>> result.to_dict()["total"]["impacts"]["gwp"]["nominal"]    # kgCO2e
    50865.28...

The numbers are the engine's, the same as `kaya run --format json` for the same seed.
"""
from __future__ import annotations

import json
import os
from typing import Mapping, Sequence

from . import _kaya

__all__ = ["load", "loads", "compare", "report", "catalog", "Scenario", "Result", "Error", "InputError", "UnitError", "ModelError", "EnvironmentError",
           "InternalError"]


class Error(Exception):
    """An error of kaya's, as the CLI reports it: `code` (kebab-case, docs/reference/errors.md),
    `message`, and where: `file`, `line`, `column` (empty or 0 when not in a file)."""

    def __init__(self, code: str, message: str, file: str, line: int, column: int, rendered: str):
        super().__init__(rendered)
        self.code, self.message, self.file, self.line, self.column = code, message, file, line, column

    def __reduce__(self):  # pickled and copied whole, e.g. from a worker process
        return type(self), (self.code, self.message, self.file, self.line, self.column, str(self))


class InputError(Error):
    """A scenario, catalogue or option that kaya cannot take (the CLI's exit code 2)."""


class UnitError(InputError):
    """A unit that is unknown or of the wrong dimension."""


class ModelError(InputError):
    """A scenario that reads well but does not make a model: a value outside its range (a PUE
    below 1), a negative or infinite quantity."""


class EnvironmentError(Error):  # noqa: A001 - kaya's name for it
    """What the system refuses: a report folder that cannot be written. (A file that is
    missing, or is not a scenario, is an InputError: file-not-found.)"""


class InternalError(Error):
    """A defect of kaya's: please report it."""


def _invalid(subject: str, what: str) -> InputError:
    """The error the engine gives for an option out of its range."""
    message = f"{subject}: {what}"
    return InputError("invalid-option", message, "", 0, 0, f"kaya: error: {message} [invalid-option]")


def _whole(subject: str, value, lo: int, hi: int) -> int:
    """`value` as a whole number from lo to hi, as the CLI reads its options: True is not 1."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _invalid(subject, f"expected a whole number from {lo} to {hi}, got {value!r}")
    if not lo <= value <= hi:
        raise _invalid(subject, f"{lo} to {hi}, not {value}")
    return value


def _paths(subject: str, values) -> list[str]:
    """A list of paths or texts; a lone string is refused rather than read letter by letter."""
    if isinstance(values, (str, bytes, os.PathLike)):
        raise TypeError(f"{subject} is a list, not a single {type(values).__name__}: [{values!r}]")
    return [os.fspath(v) for v in values]


def _counts(samples, seed, threads=0) -> tuple[int, int, int]:
    """Checked as the CLI checks --samples, --seed and --threads (each call's own upper
    limit of samples is the engine's to check)."""
    return (_whole("samples", samples, 1, 2**63 - 1), _whole("seed", seed, 0, 2**64 - 1),
            _whole("threads", threads, 0, _kaya.max_threads))


def _raise(e: "_kaya.EngineError"):
    kind, code, message, file, line, column, rendered = e.args
    cls = {"unit": UnitError, "model": ModelError, "environment": EnvironmentError, "internal": InternalError}.get(kind, InputError)
    raise cls(code, message, file, line, column, rendered) from None


class Result:
    """A run's statistics: per phase, stage and total, per category (`to_dict`)."""

    def __init__(self, text: str):
        self._text = text

    def to_json(self) -> str:
        """The JSON `kaya run --format json` prints."""
        return self._text

    def to_dict(self) -> dict:
        """The same content as the JSON output, as Python data."""
        return json.loads(self._text)

    def to_dataframe(self):
        """A tidy pandas DataFrame: one row per (owner, name, category, statistic)."""
        import pandas as pd  # optional

        data = self.to_dict()
        rows = []
        for owner, items in (("phase", data["phases"]), ("stage", data["stages"]), ("total", [dict(data["total"], name="")])):
            for item in items:
                for category, s in item["impacts"].items():
                    for statistic in ("nominal", "mean", "p05", "p50", "p95"):
                        rows.append({"owner": owner, "name": item["name"], "category": category, "statistic": statistic,
                                     "value": s[statistic], "unit": s["unit"], "status": s["status"]})
        return pd.DataFrame(rows)


class Scenario:
    """A scenario loaded and compiled (`kaya.load`, `kaya.loads`); `run` samples it."""

    def __init__(self, engine: _kaya.Scenario):
        if not isinstance(engine, _kaya.Scenario):
            raise TypeError("a Scenario comes from kaya.load or kaya.loads")
        self._engine = engine

    @property
    def name(self) -> str:
        return self._engine.name

    def run(self, samples: int = 10_000, seed: int = 42, threads: int = 0, units: Sequence[str] = ()) -> Result:
        """Monte Carlo statistics of every output, as `kaya run` computes them; `units` reports
        categories in other units, as `--unit` does ("gwp=tCO2e", or a unit such as "MWh")."""
        try:
            return Result(self._engine.run_json(*_counts(samples, seed, threads), _paths("units", units)))
        except _kaya.EngineError as e:
            _raise(e)

    def samples(self, samples: int = 10_000, seed: int = 42, threads: int = 0):
        """Every sample of every output: a NumPy array, one row per sample and one column per
        output (`columns()` names them). The same draws as `run` for the same seed."""
        try:
            return self._engine.samples(*_counts(samples, seed, threads))
        except _kaya.EngineError as e:
            _raise(e)

    def sweep(self, vary: Sequence[str], samples: int = 10_000, seed: int = 42, threads: int = 0, sort: str = "",
              descending: bool = False, units: Sequence[str] = ()) -> dict:
        """The scenario under every combination of overrides, as `kaya sweep --format json`
        gives it: one row per combination with its totals (p05-p95) and parity. Each of
        `vary` is an axis as `--vary` takes it: "NAME=v1,v2,...", "NAME=catalog:KIND[:TEXT]"
        or "NAME=catalog:countries". `sort` orders the rows by a category's nominal total."""
        try:
            return json.loads(_kaya.sweep_json(self._engine, _paths("vary", vary), *_counts(samples, seed, threads), sort, descending,
                                              _paths("units", units)))
        except _kaya.EngineError as e:
            _raise(e)

    def sensitivity(self, method: str = "sobol", output: str = "", phase: str = "", stage: str = "", samples: int = 1024,
                    seed: int = 42) -> dict:
        """Which uncertain parameters drive an output, as `kaya sensitivity --format json`
        gives it: "sobol" (first-order and total indices with bootstrap intervals, base sample
        size `samples`) or "tornado" (each parameter at its p05 and p95). `output` is a
        category key (default: the carbon of the primary accounting), of `phase`, of `stage`,
        or of the total."""
        try:
            return json.loads(_kaya.sensitivity_json(self._engine, method, output, phase, stage, *_counts(samples, seed)[:2]))
        except _kaya.EngineError as e:
            _raise(e)

    def columns(self) -> list[tuple[str, str, str]]:
        """(owner, name, category) of each column of `samples`, in order."""
        layout = sorted(self._engine.layout(), key=lambda t: t[3])
        return [(owner, name, category) for owner, name, category, _ in layout]


def _engine_of(scenario) -> "_kaya.Scenario":
    if not isinstance(scenario, Scenario):
        raise TypeError(f"expected a kaya.Scenario, got {type(scenario).__name__}")
    return scenario._engine


def load(path: str, set: Mapping[str, str] | None = None, catalogues: Sequence[str] = (),  # noqa: A002
         imports_from: Sequence[str] = ()) -> Scenario:
    """Loads a scenario file; `set` overrides parameters or fields as `kaya run --set` does,
    in the order given; `catalogues` adds user catalogues as `--catalog`; `imports_from` lets
    the scenario's imports read these folders too, as `--allow-imports-from`."""
    try:
        return Scenario(_kaya.load(os.fspath(path), list(dict(set or {}).items()), _paths("catalogues", catalogues),
                                   _paths("imports_from", imports_from)))
    except _kaya.EngineError as e:
        _raise(e)


def loads(text: str, name: str = "<string>", set: Mapping[str, str] | None = None,  # noqa: A002
          catalogues: Sequence[str] = (), imports_from: Sequence[str] = ()) -> Scenario:
    """A scenario from YAML text; `name` is the file name its errors cite, and the folder its
    `imports` are read from: text without a name may import nothing."""
    try:
        return Scenario(_kaya.loads(text, name, list(dict(set or {}).items()), _paths("catalogues", catalogues),
                                    _paths("imports_from", imports_from)))
    except _kaya.EngineError as e:
        _raise(e)


def compare(scenarios: Sequence[Scenario], samples: int = 10_000, seed: int = 42, threads: int = 0,
            units: Sequence[str] = ()) -> dict:
    """Two or more scenarios under shared uncertainty, as `kaya compare --format json` gives
    them: each run, and for every pair the ratio, the difference and P(A < B) per category."""
    try:
        return json.loads(_kaya.compare_json([_engine_of(s) for s in scenarios], *_counts(samples, seed, threads),
                                            _paths("units", units)))
    except _kaya.EngineError as e:
        _raise(e)


def report(scenarios: Scenario | Sequence[Scenario], folder: str, samples: int = 10_000, seed: int = 42,
           threads: int = 0) -> list[str]:
    """Writes a report into `folder`, all at once, as `kaya report` does: a lifecycle report
    of one scenario, or a side-by-side one of several (`--compare`). Returns the names of
    the files written (report.html, report.md, results.json, results.csv and figures)."""
    many = [scenarios] if isinstance(scenarios, Scenario) else list(scenarios)
    try:
        return _kaya.report([_engine_of(s) for s in many], os.fspath(folder), *_counts(samples, seed, threads))
    except _kaya.EngineError as e:
        _raise(e)


from . import catalog  # noqa: E402  (it raises the exceptions above)
