"""End-to-end tests of the experiments and ``coordgame reproduce``.

A stand-in experiment (an analytic Cournot entry model defined here, not shipped) exercises
the runner; the real experiments then run on tiny override grids of the real model.
"""

from __future__ import annotations

import argparse
import json
import types

import pandas as pd
import pytest

from coordgame.cli.reproduce import add_reproduce_arguments, run_reproduce
from coordgame.reproduce import find_experiments, run_experiment
from coordgame.sweep import expand_grid

EXPERIMENTS = find_experiments()


def register(monkeypatch, *modules):
    """Make ``modules`` findable by ``coordgame reproduce`` for one test."""
    found = {**find_experiments(), **{module.NAME: module for module in modules}}
    monkeypatch.setattr("coordgame.cli.reproduce.find_experiments", lambda: found)


# --------------------------------------------------------------------------- stand-in experiment
def standin_point(fixed_cost: float, slope: float = 1.0) -> dict:
    """Symmetric Cournot entry (a = 10, c = 0): free entry n* = floor(a / sqrt(b F)) - 1 against the planner's n."""
    if fixed_cost > 50:
        raise ValueError("fixed cost too high for any entry")
    a = 10.0

    def welfare(n: int) -> float:
        q = a / (slope * (n + 1))
        total = n * q
        return a * total - slope * total**2 / 2 - n * fixed_cost

    free_entry = int(a / (slope * fixed_cost) ** 0.5) - 1
    planner = max(range(1, 50), key=welfare)
    return {"entries_nash": free_entry, "entries_second_best": planner,
            "welfare_loss": welfare(planner) - welfare(free_entry)}


def standin_draw(table):
    from coordgame.plot import line_plot

    return line_plot(table, "fixed_cost", ["entries_nash", "entries_second_best"], ylabel="clusters")


STANDIN = types.SimpleNamespace(
    NAME="standin",
    DESCRIPTION="stand-in entry experiment",
    grid=lambda quick: {"fixed_cost": [1.0, 4.0] if quick else [1.0, 2.0, 4.0, 8.0]},
    point=standin_point,
    draw=standin_draw,
)


def test_run_experiment_writes_figure_csv_and_store(tmp_path):
    result = run_experiment(STANDIN, tmp_path, quick=True, progress=False)
    assert result.figure == tmp_path / "standin.png" and result.figure.read_bytes()[:4] == b"\x89PNG"
    table = pd.read_csv(result.data)
    assert table["fixed_cost"].tolist() == [1.0, 4.0]
    assert table["entries_nash"].tolist() == [9, 4]
    assert (table["entries_nash"] >= table["entries_second_best"]).all()  # Mankiw-Whinston excess entry
    assert result.store == tmp_path / "store" / "standin.jsonl"
    assert len(result.store.read_text().splitlines()) == 2
    assert (result.points, result.failed) == (2, 0)


def test_columns_become_a_data_dictionary_next_to_the_csv(tmp_path):
    documented = types.SimpleNamespace(**vars(STANDIN), COLUMNS={
        "fixed_cost": ("money", "fixed cost of a cluster", "assumption"),
        "slope": ("money/unit²", "slope of inverse demand", "assumption"),
        "entries_nash": ("clusters", "free-entry number", "computed"),
        "entries_second_best": ("clusters", "planner's number", "computed"),
        "welfare_loss": ("money", "welfare lost to free entry", "computed"),
    })
    result = run_experiment(documented, tmp_path, quick=True, progress=False)
    dictionary = pd.read_csv(tmp_path / "standin.dictionary.csv")
    assert dictionary["column"].tolist() == pd.read_csv(result.data).columns.tolist()
    assert dictionary.set_index("column").loc["elapsed", "unit"] == "s"
    assert dictionary["source"].notna().all()


def test_an_undocumented_column_is_named_in_the_error(tmp_path):
    from coordgame.errors import InvalidArgumentError

    partial = types.SimpleNamespace(**vars(STANDIN), COLUMNS={"fixed_cost": ("money", "fixed cost", "assumption")})
    with pytest.raises(InvalidArgumentError, match="entries_nash"):
        run_experiment(partial, tmp_path, quick=True, progress=False)


def test_rerun_resumes_and_a_full_run_adds_only_new_points(tmp_path):
    run_experiment(STANDIN, tmp_path, quick=True, progress=False)
    result = run_experiment(STANDIN, tmp_path, quick=False, backend="processes", workers=2, progress=False)
    lines = result.store.read_text().splitlines()
    assert len(lines) == 4 == result.points


def test_failed_points_are_warned_about_and_kept_in_the_csv(tmp_path):
    with pytest.warns(RuntimeWarning, match="1 of 3 points failed"):
        result = run_experiment(STANDIN, tmp_path, grid={"fixed_cost": [1.0, 2.0, 99.0]}, progress=False)
    table = pd.read_csv(result.data)
    assert table["error"].notna().tolist() == [False, False, True]
    assert result.figure.exists() and result.failed == 1


def test_all_points_failing_is_an_error(tmp_path):
    with pytest.raises(RuntimeError, match="every point failed"):
        run_experiment(STANDIN, tmp_path, grid={"fixed_cost": [99.0]}, progress=False)


# --------------------------------------------------------------------------- the command
def parse(argv):
    return add_reproduce_arguments(argparse.ArgumentParser()).parse_args(argv)


def test_reproduce_command_runs_named_experiments_and_prints_outputs(tmp_path, monkeypatch, capsys):
    register(monkeypatch, STANDIN)
    status = run_reproduce(parse(["standin", "--quick", "--output", str(tmp_path), "--backend", "processes",
                                  "--workers", "2"]))
    assert status == 0
    out = capsys.readouterr().out
    assert str(tmp_path / "standin.png") in out and str(tmp_path / "standin.csv") in out
    assert (tmp_path / "standin.png").exists()


def test_reproduce_reports_failures_with_exit_status_1_and_runs_the_rest(tmp_path, monkeypatch, capsys):
    broken = types.SimpleNamespace(**{**vars(STANDIN), "NAME": "broken", "grid": lambda quick: {"fixed_cost": [99.0]}})
    partly = types.SimpleNamespace(**{**vars(STANDIN), "NAME": "partly", "grid": lambda quick: {"fixed_cost": [1.0, 99.0]}})
    register(monkeypatch, broken, partly, STANDIN)
    with pytest.warns(RuntimeWarning, match="1 of 2 points failed"):
        status = run_reproduce(parse(["broken", "partly", "standin", "--quick", "--output", str(tmp_path)]))
    out = capsys.readouterr().out
    assert status == 1
    assert "broken" in out and "FAILED: RuntimeError: experiment broken: every point failed" in out
    assert "(2 points, 1 failed)" in out
    assert (tmp_path / "standin.png").exists() and (tmp_path / "partly.csv").exists()


def test_reproduce_unknown_name_is_exit_status_2(tmp_path, capsys):
    assert run_reproduce(parse(["nope", "--output", str(tmp_path)])) == 2
    assert "unknown experiment" in capsys.readouterr().err


def test_reproduce_list(capsys):
    assert run_reproduce(parse(["--list"])) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in EXPERIMENTS)


def test_registry_has_the_four_figures():
    assert list(EXPERIMENTS)[:4] == ["regimes_default", "lambda_theta", "num_regions", "digital_share"]
    assert {"chain_vs_network", "tournaments", "network_spillovers"} <= set(EXPERIMENTS)
    assert {"digital_coordination", "distribution"} <= set(EXPERIMENTS)
    assert "benefit_sharing" in EXPERIMENTS
    assert {"chain_vs_network", "tournaments", "network_spillovers", "platform_adoption", "selective_vs_market"} <= set(
        EXPERIMENTS)
    for name, module in EXPERIMENTS.items():
        assert module.NAME == name
        assert callable(module.point) and callable(module.draw) and module.DESCRIPTION
        assert 1 <= len(expand_grid(module.grid(True))) <= len(expand_grid(module.grid(False)))


# --------------------------------------------------------------------------- the real model, tiny grids
def test_num_regions_experiment_end_to_end_on_the_model(tmp_path):
    result = run_experiment(EXPERIMENTS["num_regions"], tmp_path, grid={"num_regions": [2, 3]}, progress=False)
    table = pd.read_csv(result.data)
    assert table["num_regions"].tolist() == [2, 3]
    assert table["error"].isna().all()
    assert (table["welfare_second_best"] >= table["welfare_nash"] - 1e-9).all()
    assert (table["welfare_first_best"] >= table["welfare_second_best"] - 1e-9).all()
    assert result.figure.read_bytes()[:4] == b"\x89PNG"


def test_regimes_experiment_end_to_end_on_a_small_instance(tmp_path):
    module = EXPERIMENTS["regimes_default"]
    result = run_experiment(module, tmp_path, grid=[{"num_regions": 4, "num_industries": 2}], progress=False)
    data = pd.read_csv(result.data)
    welfare = data[(data.panel == "welfare") & (data.series == "welfare")].set_index("category")["value"]
    assert list(welfare.index) == list(module.REGIMES.values())
    assert welfare["planner, first best"] >= welfare["planner, second best"] >= welfare["local competition"] - 1e-9
    entries = data[data.panel == "entries"]
    assert len(entries) == 2 * 2 and set(entries.series) == {"entries_nash", "entries_second_best"}
    assert result.figure.exists()


def test_benefit_sharing_experiment_end_to_end_on_a_small_instance(tmp_path):
    module = EXPERIMENTS["benefit_sharing"]
    result = run_experiment(module, tmp_path, grid=[{"num_regions": 4, "selection": "worst"}], progress=False)
    data = pd.read_csv(result.data)
    assert list(data.columns) == list(module.COLUMNS)
    regions = data[data.region != "all"]
    assert set(regions.region) == {"Beijing", "Tianjin", "Hebei", "Shanxi"}
    minimal = regions[regions.quantity == "gain_minimal"]["value"]
    assert (minimal >= -1e-9).all()  # nobody below local competition after the cheapest compensation
    totals = data[data.region == "all"].set_index("quantity")["value"]
    assert totals["budget_minimal"] <= totals["welfare_gain"] + 1e-9
    assert result.figure.exists()


def test_cli_main_dispatches_reproduce(capsys):
    from coordgame.cli import main

    assert main(["reproduce", "--list"]) == 0
    assert "lambda_theta" in capsys.readouterr().out


def test_coordgame_and_its_cli_do_not_import_experiments_or_models():
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, coordgame, coordgame.cli, coordgame.cli.reproduce, coordgame.sweep, coordgame.plot; "
            "print(sorted(m for m in sys.modules if m.startswith(('coordgame.experiments', 'coordgame.models'))))")
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- on a dask cluster
def test_scheduler_option_is_parsed_and_misuse_is_a_usage_error(tmp_path, monkeypatch, capsys):
    from coordgame.cli import main

    args = parse(["standin", "--scheduler", "tcp://10.0.0.5:8786"])
    assert args.scheduler == "tcp://10.0.0.5:8786" and args.backend == "serial"  # --scheduler implies dask
    register(monkeypatch, STANDIN)
    assert main(["reproduce", "standin", "--scheduler", "tcp://127.0.0.1:1", "--backend", "processes",
                 "--output", str(tmp_path)]) == 2
    assert "--backend processes" in capsys.readouterr().err
    assert main(["reproduce", "standin", "--scheduler", "tcp://127.0.0.1:1", "--workers", "2",
                 "--output", str(tmp_path)]) == 2
    assert "--workers" in capsys.readouterr().err


@pytest.mark.slow
def test_reproduce_on_a_dask_scheduler_address(tmp_path, monkeypatch, capsys):
    distributed = pytest.importorskip("distributed", reason="--scheduler needs the 'dask' extra")
    import logging

    register(monkeypatch, STANDIN)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster:
        status = run_reproduce(parse(["standin", "--output", str(tmp_path), "--scheduler", cluster.scheduler_address]))
    assert status == 0, capsys.readouterr()
    serial = run_experiment(STANDIN, tmp_path / "serial", progress=False)
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "standin.csv").drop(columns="elapsed"),
                                  pd.read_csv(serial.data).drop(columns="elapsed"))
    workers = {json.loads(line)["provenance"]["worker"] for line in (tmp_path / "store" / "standin.jsonl").open()}
    assert workers and all(address.startswith("tcp://127.0.0.1:") for address in workers)  # ran on the cluster


@pytest.mark.parametrize("name", list(EXPERIMENTS))
def test_every_experiment_has_a_data_dictionary(name):
    # reproduce refuses a CSV column missing from COLUMNS (see the test above), and the main
    # job runs every experiment, so a complete COLUMNS is checked on every CI run.
    columns = EXPERIMENTS[name].COLUMNS
    assert columns, name
    for column, entry in columns.items():
        assert len(entry) == 3 and all(isinstance(text, str) and text.strip() for text in entry), (name, column)
