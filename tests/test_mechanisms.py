"""Regimes: local competition, central planning, mediator, transfers, quotas; compare and the CLI."""

from __future__ import annotations

import io
import json
import pathlib

import matplotlib.axes
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.optimize import linprog

import coordgame as cg
from coordgame.cli import main as cli_main
from coordgame.mechanisms import (
    CentralPlanning,
    LocalCompetition,
    Mediator,
    Quota,
    Transfers,
    action_transfers,
    profile_transfers,
)


def lp_implementation_cost(game, target):
    """Least on-path cost of non-negative profile transfers making ``target`` a Nash equilibrium,
    as an explicit LP over t_i(a) (one variable per player and profile) solved by HiGHS."""
    N, P = game.num_players, game.num_profiles
    index = np.arange(P).reshape(game.num_actions)
    rows, cols, vals, rhs = [], [], [], []
    for i in range(N):
        on = index[target]
        for k in range(game.num_actions[i]):
            if k == target[i]:
                continue
            dev = list(target)
            dev[i] = k
            r = len(rhs)
            # u_i(z) + t_i(z) >= u_i(k, z_-i) + t_i(k, z_-i)
            rows += [r, r]
            cols += [i * P + on, i * P + index[tuple(dev)]]
            vals += [-1.0, 1.0]
            rhs.append(game.payoffs[(i, *target)] - game.payoffs[(i, *dev)])
    c = np.zeros(N * P)
    c[[i * P + index[target] for i in range(N)]] = 1.0
    A = sp.csr_matrix((vals, (rows, cols)), shape=(len(rhs), N * P)) if rhs else None
    result = linprog(c, A_ub=A, b_ub=rhs or None, bounds=(0, None), method="highs")
    assert result.status == 0
    return result.fun


# --------------------------------------------------------------------------- single regimes
def test_local_competition_selects_by_welfare():
    game = cg.games.stag_hunt()
    worst = LocalCompetition("worst", method="pure").solve(game)
    best = LocalCompetition("best", method="pure").solve(game)
    assert worst.welfare == 4.0 and best.welfare == 8.0
    every = LocalCompetition("all", method="pure").outcomes(game)
    assert [o.welfare for o in every] == [8.0, 4.0]
    with pytest.raises(cg.errors.InvalidArgumentError, match="outcomes"):
        LocalCompetition("all", method="pure").solve(game)
    with pytest.raises(cg.errors.InvalidArgumentError, match="select"):
        LocalCompetition("median")
    with pytest.raises(cg.errors.InvalidArgumentError, match="method"):
        LocalCompetition(method="simplex")
    with pytest.raises(cg.errors.InvalidArgumentError, match="solver"):
        Mediator(solver="glpk")
    with pytest.raises(cg.errors.UnsupportedGameError, match="no equilibrium"):
        LocalCompetition(method="pure").solve(cg.games.matching_pennies())


def test_local_competition_uses_nash_for_n_players():
    game = cg.games.minimum_effort(num_players=3, efforts=3)
    out = LocalCompetition("best").solve(game)
    assert out.equilibria.method == cg.nash(game).method == "pure_nash+logit"
    assert out.welfare == pytest.approx(max(eq.welfare for eq in cg.pure_nash(game)))


def test_central_planning_and_mediator():
    game = cg.games.chicken()
    plan = CentralPlanning().solve(game)
    assert plan.welfare == 12.0 and plan.strategies[0].tolist() == [0.0, 1.0]
    fair = CentralPlanning("rawlsian").solve(cg.games.battle_of_the_sexes())
    assert fair.welfare == pytest.approx(2.5) and fair.distribution is not None
    med = Mediator().solve(game)
    assert med.welfare == pytest.approx(10.5)
    assert med.details["correlated_equilibrium"].max_violation <= 1e-9
    worst = Mediator(maximize=False, coarse=True).solve(game)
    assert worst.regime == "mediator (coarse, worst)" and worst.welfare <= 7.2 + 1e-9


def test_transfers_profile_kind_prisoners_dilemma():
    game = cg.games.prisoners_dilemma()
    out = Transfers(method="pure").solve(game)
    assert out.cost == pytest.approx(2.0) == pytest.approx(lp_implementation_cost(game, (0, 0)))
    assert out.details["target_equilibrium"].is_pure
    # a paid margin makes cooperation strictly dominant: the target is the only equilibrium
    strict = Transfers(margin=0.01, method="pure").solve(game)
    assert strict.equilibria.pure_profiles() == [(0, 0)]
    _, kept = strict.details["transformed_game"].eliminate_dominated(mixed=False)
    assert [k.tolist() for k in kept] == [[0], [0]]


@pytest.mark.parametrize("seed", range(10))
def test_profile_transfers_cost_equals_explicit_lp(seed):
    game = cg.games.random_game((3, 3, 2) if seed % 2 else (4, 3), seed=seed)
    target = cg.social_optimum(game).profile
    t, cost, transformed = profile_transfers(game, target)
    assert cost == pytest.approx(lp_implementation_cost(game, target), abs=1e-9)
    assert (t >= 0).all()
    assert transformed.is_nash(target)
    # z_i weakly dominates every other action of player i, strictly off the path (Monderer-Tennenholtz)
    for i in range(game.num_players):
        own = np.moveaxis(transformed.payoffs[i], i, 0)
        gaps = own[target[i]] - np.delete(own, target[i], axis=0)
        assert gaps.min() >= -1e-12
        on_path = tuple(a for j, a in enumerate(target) if j != i)
        off_path = np.ones(gaps.shape[1:], dtype=bool)
        off_path[on_path] = False
        assert (gaps[:, off_path] > 0).all()


def test_action_transfers_and_taxes():
    game = cg.games.stag_hunt()
    s, cost, transformed = action_transfers(game, (1, 1))  # (Hare, Hare) is already an equilibrium
    assert cost == pytest.approx(0.0, abs=1e-12)
    assert all(v.min() >= -1e-12 for v in s) and transformed.is_nash((1, 1))
    out = Transfers(target=(0, 1), kind="action", method="pure").solve(game)
    assert out.details["transformed_game"].is_nash((0, 1))
    # with taxes allowed, the centre can tax the deviation instead of subsidising the target
    taxed = Transfers(target=(0, 1), kind="action", max_tax=5.0, method="pure").solve(game)
    assert taxed.cost < out.cost


def test_transfers_budget_and_bad_target():
    game = cg.games.prisoners_dilemma()
    with pytest.raises(cg.errors.InfeasibleError, match="budget"):
        Transfers(budget=1.5).solve(game)
    assert Transfers(budget=2.0, method="pure").solve(game).cost == pytest.approx(2.0)
    with pytest.raises(cg.errors.InvalidProfileError):
        Transfers(target=(0, 5)).solve(game)
    with pytest.raises(cg.errors.InvalidArgumentError, match="kind"):
        Transfers(kind="lump")
    with pytest.raises(cg.errors.InvalidArgumentError, match="budget"):
        Transfers(budget=-1)


def test_quota():
    game = cg.games.stag_hunt()
    out = Quota([["Stag"], [0]]).solve(game)
    assert out.welfare == 8.0
    assert [s.tolist() for s in out.strategies] == [[1.0, 0.0], [1.0, 0.0]]
    with pytest.raises(cg.errors.InvalidArgumentError, match="allowed"):
        Quota([["Deer"], None]).solve(game)
    with pytest.raises(cg.errors.InvalidArgumentError, match="allowed"):
        Quota([None]).solve(game)


# --------------------------------------------------------------------------- compare
def test_compare_table_chicken():
    c = cg.compare(cg.games.chicken())
    table = c.table
    assert list(table.columns) == ["regime", "description", "welfare", "payoff[Row]", "payoff[Column]", "cost",
                                   "loss", "relative_loss", "ratio", "ratio_note", "selection", "equilibrium_count",
                                   "complete", "method"]
    by = table.set_index("regime")
    assert by.loc["central planning", "welfare"] == 12.0 and c.optimum == 12.0
    assert by.loc["mediator (best)", "welfare"] == pytest.approx(10.5)
    assert by.loc["mediator (best)", "loss"] == pytest.approx(1.5)
    assert by.loc["mediator (best)", "relative_loss"] == pytest.approx(0.125)
    assert by.loc["transfers (profile)", "cost"] == pytest.approx(2.0)  # 1 to each player to keep swerving
    assert by.loc["local competition (worst)", "ratio"] == pytest.approx(12 / 9)


def test_compare_negative_welfare_gives_nan_ratio_with_note():
    game = cg.NormalFormGame(cg.games.prisoners_dilemma().payoffs - 10)
    table = cg.compare(game, [LocalCompetition(method="pure"), CentralPlanning()]).table
    assert table["ratio"].isna().all()
    assert all("positive" in note for note in table["ratio_note"])
    assert table["loss"].tolist() == [2.0, 0.0]


def test_compare_plot_returns_axes():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    ax = cg.compare(cg.games.stag_hunt(), [LocalCompetition(method="pure"), CentralPlanning()]).plot()
    assert isinstance(ax, matplotlib.axes.Axes)
    assert len(ax.patches) == 2
    assert plt.get_fignums() == before  # a Figure of its own, not pyplot's


def test_compare_rejects_non_regimes():
    with pytest.raises(cg.errors.InvalidArgumentError, match="regimes"):
        cg.compare(cg.games.chicken(), ["nash"])


# --------------------------------------------------------------------------- command line
def test_cli_compare(capsys):
    assert cli_main(["compare", "--game", "chicken"]) == 0
    out = capsys.readouterr().out
    assert "mediator (best)" in out and "10.5" in out and "central planning" in out


def test_cli_compare_csv_and_errors(capsys):
    assert cli_main(["compare", "--game", "prisoners_dilemma", "--format", "csv", "--welfare", "rawlsian"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(frame.columns[:3]) == ["regime", "description", "welfare"]
    assert len(frame) == 6  # compare's default regimes, strict transfers included
    assert frame.set_index("regime").loc["central planning", "welfare"] == 2.0
    assert cli_main(["compare"]) == 2  # a usage error, as argparse's
    assert "exactly one" in capsys.readouterr().err


def test_cli_compare_reads_nfg_file(capsys):
    path = pathlib.Path(__file__).resolve().parents[1] / "examples" / "games" / "regions_build.nfg"
    game = cg.read_nfg(path)
    assert cli_main(["compare", str(path), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by = {row["regime"]: row for row in rows}
    assert by["central planning"]["welfare"] == pytest.approx(cg.social_optimum(game).welfare)
    assert len(rows) == 6


# ------------------------------------------------------------------ selection and strict implementation
def test_chicken_weak_transfers_leave_three_equilibria_and_report_the_worst():
    # Chicken (Dare/Chicken, payoffs 0, 7, 2, 6): the planner's (Chicken, Chicken) costs 1 per
    # player (7 - 6).  At that least cost each player is indifferent there, so (Dare, Chicken)
    # and (Chicken, Dare) survive too; the worst-case rule of local competition reports one of
    # them (welfare 9), not the target.
    game = cg.games.chicken()
    weak = Transfers().solve(game)
    assert weak.cost == pytest.approx(2.0) and weak.details["target"] == (1, 1)
    assert weak.equilibrium_count == 3 and weak.complete and weak.selection == "worst"
    assert sorted(weak.equilibria.pure_profiles()) == [(0, 1), (1, 0), (1, 1)]
    assert not weak.details["unique"] and weak.welfare == pytest.approx(9.0)
    table = cg.compare(game, [Transfers(), Transfers(strict=True), CentralPlanning()]).table.set_index("regime")
    assert table.loc["transfers (profile)", "loss"] == pytest.approx(3.0)
    assert table.loc["transfers (profile)", "equilibrium_count"] == 3
    # strict: a margin m per player makes Chicken strictly dominant; cost 2 (1 + m), m relative to the payoff scale 7
    strict = table.loc["transfers (profile, strict)"]
    assert strict["equilibrium_count"] == 1 and strict["loss"] == pytest.approx(0.0)
    assert strict["cost"] == pytest.approx(2 * (1 + cg.mechanisms.STRICT_MARGIN * 7))
    out = Transfers(strict=True).solve(game)
    assert out.details["unique"] and out.equilibria.pure_profiles() == [(1, 1)]
    assert out.cost == pytest.approx(2 * (1 + out.details["margin"]))


def test_prisoners_dilemma_transfers_closed_forms():
    # PD payoffs (C, C) = 2, (D, C) = 3 for the defector, (C, D) = 0, (D, D) = 1; scale 3.
    game = cg.games.prisoners_dilemma()
    weak = Transfers(method="pure").solve(game)
    # cost 1 + 1; (C, D) and (D, C) survive; the worst, welfare 3, loses 1 against the optimum 4
    assert weak.cost == pytest.approx(2.0) and weak.equilibrium_count == 3 and weak.welfare == pytest.approx(3.0)
    assert weak.details["paid"] == pytest.approx(1.0 + 0.01 * 3)  # the defector's top-up 1 plus the premium
    strict = Transfers(strict=True, margin=0.01, method="pure").solve(game)
    assert strict.cost == pytest.approx(2 * (1 + 0.03)) and strict.equilibrium_count == 1 and strict.welfare == 4.0
    # per-action subsidies: weak leaves every player indifferent everywhere (4 equilibria, the worst is (D, D));
    # strict needs s(C) - s(D) >= max_a [u(D, a) - u(C, a)] + m = 1 + 0.03 per player
    weak_action = Transfers(kind="action", method="pure").solve(game)
    assert weak_action.equilibrium_count == 4 and weak_action.welfare == pytest.approx(2.0)
    strict_action = Transfers(kind="action", strict=True, margin=0.01, method="pure").solve(game)
    assert strict_action.cost == pytest.approx(2.06) and strict_action.details["unique"]
    assert cg.mechanisms.cost_of_implementation(game, (0, 0), kind="action", strict=True, margin=0.01) == pytest.approx(2.06)
    assert Transfers(target=(0, 0), select="best", method="pure").solve(game).welfare == pytest.approx(4.0)
    with pytest.raises(cg.errors.InvalidArgumentError, match="margin"):
        Transfers(strict=True, margin=0.0)


def test_every_row_says_its_selection_rule():
    game = cg.games.stag_hunt()
    c = cg.compare(game, [LocalCompetition("worst", method="lemke_howson"), LocalCompetition("worst"),
                          Quota([None, None], "best", method="pure"), Mediator(), CentralPlanning()])
    rows = c.table.to_dict("records")
    assert [r["selection"] for r in rows] == ["worst", "worst", "best", "best correlated", "optimum"]
    assert [r["method"] for r in rows][:3] == ["lemke_howson", "vertex_enumeration", "pure_nash"]
    assert rows[0]["complete"] is False and rows[0]["equilibrium_count"] == 1
    assert "may not be all" in rows[0]["ratio_note"]
    assert rows[1]["complete"] is True and rows[1]["equilibrium_count"] == 3
    assert all(o.to_dict()["selection"] for o in c.outcomes)
    assert "one equilibrium, not all" in c.outcomes[0].equilibria.notes[0]


def test_compare_takes_a_continuous_game_with_the_same_columns():
    finite = cg.compare(cg.games.stag_hunt(), [LocalCompetition(), CentralPlanning()])
    c = cg.compare(cg.games.team_effort(2, productivity=1.0, cost=1.0))
    def shape(columns):
        return [("payoff[]" if name.startswith("payoff[") else name) for name in columns]

    assert shape(c.table.columns) == shape(finite.table.columns)
    local = c.outcome("local competition")
    assert local.complete is False and local.equilibrium_count == 1 and local.details["equilibrium"].converged
    assert c.optimum == pytest.approx(1.0) and c.table["ratio"].round(6).tolist() == [1.333333, 1.0]
    with pytest.raises(cg.errors.UnsupportedGameError, match="ContinuousGame"):
        cg.compare(cg.games.team_effort(2), [Mediator()])
    with pytest.raises(cg.errors.InvalidArgumentError, match="game"):
        cg.compare("chicken")
