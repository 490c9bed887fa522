"""The chain_vs_network and tournaments experiments: every CSV column documented, figures drawn."""

from __future__ import annotations

import importlib

import pandas as pd
import pytest

from coordgame.reproduce import SWEEP_COLUMNS, run_experiment

CHEAP_GRIDS = {
    "chain_vs_network": [{"kind": "oring", "weak_quality": q} for q in (0.2, 0.6)]
    + [{"kind": "policy", "topology": t, "wedge": 1.3} for t in ("chain", "network")],
    "tournaments": [{"kind": "tournament", "prize": v, "officials": n} for v in (0.0, 4.0, 12.0) for n in (2, 5)]
    + [{"kind": "bridge", "theta": 0.0}, {"kind": "bridge", "theta": 0.3}],
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CHEAP_GRIDS))
def test_experiment_runs_and_documents_every_column(name, tmp_path):
    module = importlib.import_module(f"coordgame.experiments.{name}")
    result = run_experiment(module, tmp_path, grid=CHEAP_GRIDS[name], progress=False)
    assert result.failed == 0 and result.figure.exists()
    table = pd.read_csv(result.data)
    assert set(table.columns) <= set(module.COLUMNS) | set(SWEEP_COLUMNS)
    assert (tmp_path / f"{name}.dictionary.csv").exists()
    assert all(len(v) == 3 and all(isinstance(x, str) and x for x in v) for v in module.COLUMNS.values())


@pytest.mark.parametrize("name", sorted(CHEAP_GRIDS))
def test_quick_grid_points_are_documented(name):
    module = importlib.import_module(f"coordgame.experiments.{name}")
    cheap = [p for p in module.grid(True) if p["kind"] in ("oring", "tournament")][:4]
    for params in cheap:
        row = module.point(**params)
        assert set(row) | set(params) <= set(module.COLUMNS)


def test_tournament_point_marks_missing_pure_equilibria():
    module = importlib.import_module("coordgame.experiments.tournaments")
    row = module.point(kind="tournament", prize=12.0, officials=5)  # too little noise: FOC is a local minimum
    assert row["pure_equilibrium"] is False and row["effort_nash"] != row["effort_nash"]
    assert module.point(kind="tournament", prize=4.0, officials=2)["effort_ratio"] == pytest.approx(1.0)
