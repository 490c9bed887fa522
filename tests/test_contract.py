"""The contract every public solver and regime keeps (as scikit-learn's check_estimator does).

``REGISTRY`` lists each public solver and regime with a small valid input.  For each entry the
checks below assert

* the result protocol of :mod:`coordgame.results` (``to_dict`` JSON-serialisable, ``to_frame``
  a DataFrame, ``repr``/``summary`` strings, ``method`` and ``tolerances`` present);
* verification: every equilibrium (or correlated distribution) it returns has a regret
  (incentive violation) at most its stated threshold, recomputed here from the payoffs
  independently of the library, and the threshold is relative to the game's payoff scale;
* bad input: a wrong-type game, an invalid tolerance and an unknown keyword raise a
  ``CoordgameError`` subclass (``InvalidArgumentError`` naming the valid keywords for the last).

A new solver is added to ``REGISTRY`` and inherits the checks;
:func:`test_every_public_solver_is_registered` fails when one is forgotten.
"""

from __future__ import annotations

import functools
import inspect
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pytest

import coordgame as cg
from coordgame import coop, mechanisms, metrics, selection, solvers
from coordgame.errors import CoordgameError, InvalidArgumentError
from coordgame.games import production
from coordgame.games.global_game import linear_adoption_game
from coordgame.games.network import LQNetworkGame
from coordgame.results import Result, Verification
from coordgame.solvers import global_game, network


# ------------------------------------------------------------------------- the registry
@dataclass(frozen=True)
class Entry:
    """One public solver or regime and a small valid call of it."""

    name: str
    #: run(game, **extra) calls it on ``game`` (its valid game when None) with extra keywords.
    run: Callable[..., Any]
    game: Any = None  # the finite game the result is about (for the independent regret check)
    tol_keyword: str | None = "tol"  # the keyword of its tolerance, if it has one
    takes_game: bool = True  # whether it takes a game (for the wrong-type check)


CHICKEN = cg.games.chicken()
STAG = cg.games.stag_hunt()
BOS = cg.games.battle_of_the_sexes()
THREE = cg.games.minimum_effort(num_players=3, efforts=2)
TEAM = cg.games.team_effort(2, productivity=1.0, cost=1.0)
ADOPTION = linear_adoption_game(private_sd=0.1, public_sd=0.3, public_signal=0.4, num_players=5)
LINE = LQNetworkGame([[0, 1, 0], [1, 0, 1], [0, 1, 0]], alpha=[1.0, 2.0, 1.0], delta=0.2)
PRODUCTION = production.production_network([[0.0, 0.0], [0.5, 0.0]], [0.5, 0.5], wedges=[1.0, 1.5])
GLOVES = coop.examples.glove_game(1, 2)
MAJORITY = coop.examples.majority_game(3)
STRUCTURED = cg.StructuredGame([[0, 1], [0, 1]],
                               lambda p: np.array([a * (2.0 if sum(p) == 1 else -1.0) for a in p]))


def _solver(name: str, game: Any, *args: Any, **kwargs: Any) -> Entry:
    func = cg.nash if name == "nash" else getattr(solvers, name)  # coordgame.solvers.nash is the module
    return Entry(name, lambda on=game, **extra: func(on, *args, **kwargs, **extra),
                 game=game if isinstance(game, cg.NormalFormGame) else None)


def _regime(name: str, regime: Callable[..., Any], game: Any, *args: Any) -> Entry:
    return Entry(name, lambda on=game, **extra: regime(*args, **extra).solve(on), game=game)


REGISTRY: list[Entry] = [
    _solver("nash", CHICKEN),
    _solver("pure_nash", STAG),
    _solver("support_enumeration", BOS),
    _solver("vertex_enumeration", CHICKEN),
    _solver("lemke_howson", BOS),
    _solver("lemke_howson_all", BOS),
    _solver("support_enumeration_n", THREE),
    _solver("logit_qre", BOS, 1.0),
    _solver("logit_path", BOS),
    _solver("logit_solve", BOS),
    _solver("correlated_equilibrium", CHICKEN),
    _solver("correlated_welfare_range", CHICKEN),
    _solver("social_optimum", CHICKEN),
    _solver("best_response_dynamics", STAG),
    _solver("fictitious_play", STAG, max_iter=200),
    _solver("replicator_dynamics", STAG, t_max=5.0),
    _solver("logit_dynamics", STAG, num_steps=200, seed=0),
    _solver("regret_matching", STAG, num_steps=200, seed=0),
    _solver("best_response_equilibria", STRUCTURED),
    Entry("pure_nash[structured]", lambda on=STRUCTURED, **extra: solvers.pure_nash(on, **extra), game=None),
    _solver("continuous_nash", TEAM),
    _solver("potential_nash", TEAM),
    Entry("social_optimum[continuous]", lambda on=TEAM, **extra: solvers.social_optimum(on, **extra), game=None),
    Entry("network_nash", lambda on=LINE, **extra: network.network_nash(on, **extra)),
    Entry("network_optimum", lambda on=LINE, **extra: network.network_optimum(on, **extra)),
    Entry("key_player", lambda on=LINE, **extra: network.key_player(on, **extra)),
    Entry("key_group", lambda on=LINE, **extra: network.key_group(on, 2, **extra)),
    Entry("branch_and_bound_subsets",
          lambda on=None, **extra: solvers.branch_and_bound_subsets(
              4, lambda s: float(s.sum() - 0.3 * s.sum() ** 2), lambda s, free: float(s.sum() + free.sum()), **extra),
          takes_game=False),
    Entry("threshold_equilibria", lambda on=ADOPTION, **extra: global_game.threshold_equilibria(on, **extra)),
    Entry("planner_thresholds", lambda on=ADOPTION, **extra: global_game.planner_thresholds(on, **extra)),
    # regimes
    _regime("LocalCompetition", mechanisms.LocalCompetition, CHICKEN),
    _regime("CentralPlanning", mechanisms.CentralPlanning, CHICKEN),
    _regime("Mediator", mechanisms.Mediator, CHICKEN),
    _regime("Transfers", mechanisms.Transfers, CHICKEN),
    _regime("Quota", mechanisms.Quota, CHICKEN, [[0, 1], [0, 1]]),
    Entry("compare", lambda on=CHICKEN, **extra: mechanisms.compare(on, **extra), game=CHICKEN, tol_keyword=None),
    Entry("compare_continuous", lambda on=TEAM, **extra: mechanisms.compare(on, **extra), tol_keyword=None),
    # measures and selection
    Entry("ratio", lambda on=None, **extra: metrics.ratio(3.0, 2.0, **extra), tol_keyword=None, takes_game=False),
    Entry("welfare_loss", lambda on=None, **extra: metrics.welfare_loss(3.0, 2.0, **extra), tol_keyword=None,
          takes_game=False),
    Entry("risk_dominance", lambda on=STAG, **extra: selection.risk_dominance(on, **extra), game=STAG),
    Entry("payoff_dominance", lambda on=STAG, **extra: selection.payoff_dominance(on, **extra), game=STAG),
    Entry("stochastic_stability", lambda on=STAG, **extra: selection.stochastic_stability(on, **extra), game=STAG),
    # games with closed forms whose results follow the protocol
    Entry("solve_production", lambda on=None, **extra: production.solve_production(PRODUCTION, **extra), takes_game=False),
    # cooperative games (coordgame.coop): "game" is a TUGame
    Entry("shapley_value", lambda on=GLOVES, **extra: coop.shapley_value(on, **extra)),
    Entry("shapley_value[sampling]", lambda on=GLOVES, **extra: coop.shapley_value(on, method="sampling", **extra)),
    Entry("banzhaf_value", lambda on=GLOVES, **extra: coop.banzhaf_value(on, **extra)),
    Entry("core_check", lambda on=GLOVES, **extra: coop.core_check(on, [1.0, 0.0, 0.0], **extra)),
    Entry("least_core", lambda on=MAJORITY, **extra: coop.least_core(on, **extra)),
    Entry("nucleolus", lambda on=GLOVES, **extra: coop.nucleolus(on, **extra)),
    Entry("nash_bargaining", lambda on=None, **extra: coop.nash_bargaining([[0, 0], [1, 0], [0, 1], [1, 0.7]], [0, 0],
                                                                           **extra), takes_game=False),
    Entry("kalai_smorodinsky", lambda on=None, **extra: coop.kalai_smorodinsky(coop.LinearFrontier.transferable(1.0, 2),
                                                                               [0, 0], **extra), takes_game=False),
]

#: Public functions of coordgame.solvers that measure a profile or distribution rather than solve
#: a game (they return a number, not a result), so the result protocol does not apply to them.
MEASURES = {"best_response_regrets", "incentive_violation"}

IDS = [e.name for e in REGISTRY]


def _call(entry: Entry, **extra: Any) -> Any:
    return entry.run(**extra)


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    """Each entry's result on its valid input, computed once."""
    return {e.name: _call(e) for e in REGISTRY}


def test_every_public_solver_is_registered():
    public = {name for name in solvers.__all__
              if inspect.isfunction(getattr(solvers, name)) and name not in MEASURES}
    assert public <= set(IDS), f"solvers missing from the contract registry: {sorted(public - set(IDS))}"


def test_every_cooperative_solver_is_registered():
    public = {name for name in coop.__all__ if inspect.isfunction(getattr(coop, name))}
    assert public <= set(IDS), f"coordgame.coop functions missing from the registry: {sorted(public - set(IDS))}"


def test_every_top_level_solver_and_regime_is_registered():
    top = {name for name in cg.__all__ if inspect.isfunction(getattr(cg, name))} - {"verify", "read_nfg", "write_nfg"}
    top |= {"LocalCompetition", "CentralPlanning", "Mediator", "Transfers", "Quota"} & set(cg.__all__)
    assert top <= set(IDS)


def test_every_result_class_follows_the_protocol():
    classes = [getattr(solvers, n) for n in solvers.__all__ if inspect.isclass(getattr(solvers, n))]
    classes += [cg.Equilibrium, cg.EquilibriumSet, mechanisms.Outcome, mechanisms.Comparison,
                metrics.Ratio, metrics.WelfareLoss, production.ProductionEquilibrium,
                global_game.ThresholdEquilibrium, global_game.ThresholdSet]
    classes += [getattr(network, n) for n in network.__all__ if inspect.isclass(getattr(network, n))]
    classes += [getattr(coop, n) for n in coop.__all__ if inspect.isclass(getattr(coop, n))
                and n not in ("TUGame", "LinearFrontier")]  # the inputs, not results
    assert [c.__name__ for c in classes if not issubclass(c, Result)] == []


# ------------------------------------------------------------------------- the protocol
@pytest.mark.parametrize("entry", REGISTRY, ids=IDS)
def test_protocol(entry, results):
    result = results[entry.name]
    assert isinstance(result, Result)
    record = result.to_dict()
    assert isinstance(record, dict)
    assert json.loads(json.dumps(record)).keys() == record.keys()  # plain JSON all the way down
    assert isinstance(record["method"], str) and record["method"]
    frame = result.to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame.columns) > 0
    text = repr(result)
    assert isinstance(text, str) and text.startswith(type(result).__name__) and len(text) < 2000
    summary = result.summary()
    assert isinstance(summary, str) and type(result).__name__ in summary
    assert isinstance(result.method, str) and result.method
    assert isinstance(result.tolerances, dict)
    assert all(isinstance(k, str) and isinstance(v, float) for k, v in result.tolerances.items())
    check = result.verification
    assert check is None or isinstance(check, Verification)
    if check is not None:
        assert record["verification"] == check.to_dict()
        if check.tolerance is not None:
            assert result.tolerances["threshold"] == check.tolerance


# ------------------------------------------------------------------------- verification
def _independent_regrets(payoffs: np.ndarray, strategies: tuple[np.ndarray, ...]) -> np.ndarray:
    """Each player's regret, by contracting the payoff tensor with the others' strategies (no library code)."""
    n = payoffs.shape[0]
    regrets = np.empty(n)
    for i in range(n):
        values = np.moveaxis(payoffs[i], i, 0)  # own action first
        for j in reversed([j for j in range(n) if j != i]):
            values = values @ strategies[j]  # contracts the last remaining axis of the others
        regrets[i] = values.max() - values @ strategies[i]
    return regrets


def _independent_violation(payoffs: np.ndarray, distribution: np.ndarray, coarse: bool) -> float:
    """The largest (coarse) correlated incentive-constraint violation of a joint distribution."""
    worst = 0.0
    for i in range(payoffs.shape[0]):
        u = np.moveaxis(payoffs[i], i, 0)
        p = np.moveaxis(distribution, i, 0)
        n = u.shape[0]
        if coarse:
            current = float((u * p).sum())
            for k in range(n):
                worst = max(worst, float((u[k][None] * p).sum()) - current)
        else:
            for k in range(n):
                for deviation in range(n):
                    worst = max(worst, float(((u[deviation] - u[k]) * p[k]).sum()))
    return worst


def _equilibria_in(result: Any) -> list[cg.Equilibrium]:
    """Every Equilibrium a result holds (directly, in a set, or as a limit / final state / outcome)."""
    if isinstance(result, cg.Equilibrium):
        return [result]
    if isinstance(result, cg.EquilibriumSet):
        return list(result)
    if isinstance(result, mechanisms.Outcome) and "transformed_game" in result.details:
        return []  # equilibria of the game with transfers, not of the game itself (checked below)
    found: list[cg.Equilibrium] = []
    for name in ("equilibrium", "equilibria", "dominant", "efficient", "outcomes"):
        value = getattr(result, name, None)
        if value is None:
            continue
        for item in value if isinstance(value, (tuple, list)) else [value]:
            found += _equilibria_in(item)
    return found


def _distributions_in(result: Any) -> list[Any]:
    """Every correlated equilibrium a result holds."""
    if isinstance(result, solvers.CorrelatedEquilibrium):
        return [result]
    found = []
    for name in ("worst", "best", "outcomes"):
        value = getattr(result, name, None)
        for item in value if isinstance(value, (tuple, list)) else [value] if value is not None else []:
            found += _distributions_in(item)
    details = getattr(result, "details", None) or {}
    return found + [v for v in details.values() if isinstance(v, solvers.CorrelatedEquilibrium)]


@pytest.mark.parametrize("entry", [e for e in REGISTRY if e.game is not None], ids=[e.name for e in REGISTRY
                                                                                  if e.game is not None])
def test_verification_recomputed_independently(entry, results):
    result = results[entry.name]
    payoffs = np.asarray(entry.game.payoffs)
    scale = max(1.0, float(np.abs(payoffs).max()), float(np.ptp(payoffs)))
    equilibria = _equilibria_in(result)
    stated = result.tolerances.get("tol", 1e-6)  # the relative tolerance the method ran with
    for eq in equilibria:
        regret = _independent_regrets(payoffs, tuple(np.asarray(s) for s in eq.strategies)).max()
        assert eq.verification.passed
        assert regret <= eq.tol + 1e-12 * scale, (entry.name, eq)
        assert abs(regret - max(eq.regret, 0.0)) <= 1e-9 * scale  # the stated figure is the true one
        assert eq.tol <= max(stated, 1e-6) * scale * (1 + 1e-12)  # relative to the payoffs' scale
    for ce in _distributions_in(result):
        violation = _independent_violation(payoffs, np.asarray(ce.distribution), ce.coarse)
        assert violation <= ce.tol + 1e-12 * scale
        assert ce.tol <= 1e-6 * scale
    if entry.name in {"nash", "pure_nash", "support_enumeration", "vertex_enumeration", "lemke_howson",
                      "lemke_howson_all", "support_enumeration_n", "logit_path", "logit_solve",
                      "LocalCompetition", "Quota"}:
        assert equilibria, f"{entry.name} returned no equilibrium on its registry game"


@pytest.mark.parametrize("entry", REGISTRY, ids=IDS)
def test_stated_verification_agrees_with_the_result(entry, results):
    check = results[entry.name].verification
    if check is None:
        return
    if check.tolerance is not None and math.isfinite(check.value):
        assert check.passed == (check.value <= check.tolerance) or not check.passed


# ------------------------------------------------------------------------- bad input
class _NotAGame:
    pass


GAME_TAKERS = [e for e in REGISTRY if e.takes_game]


@pytest.mark.parametrize("entry", GAME_TAKERS, ids=[e.name for e in GAME_TAKERS])
@pytest.mark.parametrize("bad", ["chicken", _NotAGame(), 3.0, cg.games.team_effort(2), STRUCTURED],
                         ids=["str", "object", "float", "continuous", "structured"])
def test_wrong_type_game(entry, bad):
    right_kind = entry.game if entry.game is not None else TEAM if entry.name in {
        "continuous_nash", "potential_nash", "social_optimum[continuous]", "compare_continuous"} else STRUCTURED
    if type(bad) is type(right_kind):
        return  # not a wrong type for this entry
    if entry.name.startswith("social_optimum") and isinstance(bad, cg.ContinuousGame):
        return  # the planner takes finite and continuous games alike
    if isinstance(bad, cg.ContinuousGame) and entry.name in {"compare", "LocalCompetition", "CentralPlanning"}:
        return  # these take finite and continuous games alike
    if entry.name.startswith(("pure_nash", "best_response_dynamics")) and isinstance(bad, cg.StructuredGame):
        return  # these take structured games too
    with pytest.raises(CoordgameError, match=r"(?i)game|equilibria"):
        entry.run(bad)


@pytest.mark.parametrize("entry", [e for e in REGISTRY if e.tol_keyword], ids=[e.name for e in REGISTRY if e.tol_keyword])
@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf"), "1e-9"], ids=["negative", "nan", "inf", "str"])
def test_invalid_tolerance(entry, bad):
    with pytest.raises(CoordgameError, match=entry.tol_keyword):
        _call(entry, **{entry.tol_keyword: bad})


@pytest.mark.parametrize("entry", REGISTRY, ids=IDS)
def test_unknown_keyword_names_the_valid_ones(entry):
    with pytest.raises(InvalidArgumentError, match="no_such_option") as info:
        _call(entry, no_such_option=1)
    assert any(phrase in str(info.value) for phrase in ("expected one of", "valid", "its options are"))


# ------------------------------------------------------------------------- plain arrays
PLAIN = [("nash", cg.nash), ("pure_nash", solvers.pure_nash), ("support_enumeration", solvers.support_enumeration),
         ("vertex_enumeration", solvers.vertex_enumeration), ("lemke_howson", solvers.lemke_howson),
         ("correlated_equilibrium", solvers.correlated_equilibrium), ("social_optimum", solvers.social_optimum),
         ("fictitious_play", functools.partial(solvers.fictitious_play, seed=0)), ("logit_solve", solvers.logit_solve)]


@pytest.mark.parametrize(("name", "func"), PLAIN, ids=[n for n, _ in PLAIN])
@pytest.mark.parametrize("form", ["array", "pair", "lists"])
def test_solvers_accept_plain_payoffs(name, func, form):
    A, B = CHICKEN.payoffs
    payoffs = {"array": CHICKEN.payoffs, "pair": (A, B), "lists": CHICKEN.payoffs.tolist()}[form]
    on_game, on_plain = func(CHICKEN), func(payoffs)
    assert on_plain.to_dict() == on_game.to_dict()


def test_verify_without_a_method_on_plain_arrays():
    A, B = CHICKEN.payoffs
    for game in (CHICKEN, CHICKEN.payoffs, (A, B)):
        eq = cg.verify(game, (0, 1))
        assert eq.method == "verify" and eq.pure_profile == (0, 1)
        assert eq.verification.passed


def test_bimatrix_constructor():
    A, B = CHICKEN.payoffs
    assert np.array_equal(cg.NormalFormGame(A, B).payoffs, CHICKEN.payoffs)
    assert cg.NormalFormGame(A, B, title="x").title == "x"
    with pytest.raises(CoordgameError, match="payoffs"):
        cg.NormalFormGame(A, B[:1])


def test_transfers_equilibria_verified_on_the_transformed_game(results):
    outcome = results["Transfers"]
    transformed = outcome.details["transformed_game"]
    payoffs = np.asarray(transformed.payoffs)
    for eq in outcome.equilibria:
        regret = _independent_regrets(payoffs, tuple(np.asarray(s) for s in eq.strategies)).max()
        assert regret <= eq.tol + 1e-12 * max(1.0, float(np.abs(payoffs).max()))
