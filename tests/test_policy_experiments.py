"""The platform_adoption and selective_vs_market experiments end to end on tiny grids."""

from __future__ import annotations

import pandas as pd
import pytest

from coordgame.reproduce import find_experiments, run_experiment

EXPERIMENTS = find_experiments()


@pytest.mark.slow
def test_platform_adoption_end_to_end(tmp_path):
    module = EXPERIMENTS["platform_adoption"]
    grid = [{"panel": "curve", "scenario": "none", "quick": True}, {"panel": "curve", "scenario": "planner_none", "quick": True},
            {"panel": "precision", "scenario": "equilibrium", "public_precision": 400.0},
            {"panel": "public_good", "scenario": "nash"}, {"panel": "public_good", "scenario": "samuelson"}]
    result = run_experiment(module, tmp_path, grid=grid, progress=False)
    data = pd.read_csv(result.data)
    assert set(data.columns) <= set(module.COLUMNS) | {"error", "elapsed"}
    curve = data[data.panel == "curve"]
    assert (curve.loc[curve.scenario == "planner_none", "adoption"].to_numpy()
            >= curve.loc[curve.scenario == "none", "adoption"].to_numpy() - 1e-12).all()
    assert str(data.loc[data.panel == "precision", "state_thresholds"].iloc[0]).count(";") == 2  # three equilibria
    goods = data[data.panel == "public_good"].set_index("scenario")
    assert goods.loc["nash", "provision"] < goods.loc["samuelson", "provision"]
    assert result.figure.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.slow
def test_selective_vs_market_end_to_end(tmp_path):
    module = EXPERIMENTS["selective_vs_market"]
    grid = [{"num_regions": 5, "relative_noise": s, "seed": d} for s in (0.0, 1.0) for d in range(2)]
    result = run_experiment(module, tmp_path, grid=grid, progress=False)
    data = pd.read_csv(result.data)
    assert set(data.columns) <= set(module.COLUMNS) | {"error", "elapsed"}
    exact = data[data.relative_noise == 0.0]
    assert (exact.welfare_selective == exact.welfare_planner).all() and (exact.welfare_market == exact.welfare_planner).all()
    assert (data.welfare_selective <= data.welfare_planner + 1e-9).all()
    assert result.figure.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.slow
def test_selective_vs_market_reporting_rows_end_to_end(tmp_path):
    module = EXPERIMENTS["selective_vs_market"]
    grid = [{"num_regions": 5, "relative_noise": s, "seed": 0} for s in (0.0, 1.0)]
    grid += [{"num_regions": 4, "num_industries": 2, "theta": t, "cost_seed": 1} for t in (0.0, 0.5)]
    result = run_experiment(module, tmp_path, grid=grid, progress=False)
    data = pd.read_csv(result.data)
    assert set(data.columns) <= set(module.COLUMNS) | {"error", "elapsed"}
    games = data[data.theta.notna()]
    assert games.report_verified_selective.all() and games.report_verified_market.all()
    assert (games.report_gain_pct_selective > games.report_gain_pct_market).all()
    assert (games.report_loss_pct_selective >= -1e-9).all()  # the selective plan at truth is the optimum
    assert data[data.theta.isna()].welfare_planner.notna().all()
    assert result.figure.read_bytes()[:4] == b"\x89PNG"
