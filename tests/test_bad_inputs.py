"""Bad input, table-driven: every row is a call (or a command line), the error it must give, and
a pattern its message must match, naming the argument at fault.

API rows assert a :class:`coordgame.errors.CoordgameError` subclass (which also subclasses the
matching built-in).  Command-line rows run :func:`coordgame.cli.main` in-process and assert the
exit status (2 for usage errors, 1 for other errors), exactly one line on stderr, and no traceback.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
import textwrap
from fractions import Fraction

import numpy as np
import pytest

import coordgame as cg
from coordgame import errors, io, mechanisms, metrics, sweep
from coordgame.cli import main
from coordgame.errors import (
    CoordgameError,
    FileFormatError,
    InvalidArgumentError,
    InvalidGameError,
    InvalidProfileError,
    UnsupportedGameError,
)
from coordgame.games import classic

STAG = cg.games.stag_hunt()
THREE = cg.games.minimum_effort(num_players=3, efforts=2)
TEAM = cg.games.team_effort(2)
HUGE = cg.NormalFormGame.from_bimatrix(np.array([[3.0, 0.0], [0.0, 2.0]]) * 1e300,
                                       np.array([[2.0, 0.0], [0.0, 3.0]]) * 1e300)


def _nfg(body: str) -> str:
    return textwrap.dedent(body).strip() + "\n"


BAD_NFG = {
    "version": 'NFG 2 R "version 2" { "P1" "P2" } { 2 2 }\n1 1 0 0 0 0 1 1\n',
    "bad_payoff": _nfg('''
        NFG 1 R "bad payoff" { "P1" "P2" } { 2 2 }
        1 1 0 0
        0 0 x 1
        '''),
    "too_few_payoffs": _nfg('''
        NFG 1 R "short" { "P1" "P2" } { 2 2 }
        1 1 0 0 0
        '''),
    "unclosed_string": _nfg('''
        NFG 1 R "never closed { "P1" "P2" } { 2 2 }
        1 1 0 0 0 0 1 1
        '''),
}


# (id, call, expected exception, pattern the message must match: it names the argument)
API_ROWS = [
    # ---- NormalFormGame and its constructors
    ("game_ragged", lambda: cg.NormalFormGame([[[1, 0], [0, 1]], [[1, 0]]]), InvalidGameError, r"^payoffs: .*ragged"),
    ("game_ragged_rows", lambda: cg.NormalFormGame([[[1, 0], [0]], [[1, 0], [0, 1]]]), InvalidGameError,
     r"^payoffs: .*ragged"),
    ("game_strings", lambda: cg.NormalFormGame([[["a", "b"], ["c", "d"]]] * 2), InvalidGameError,
     r"^payoffs: .*numeric.*text"),
    ("game_numeric_strings", lambda: cg.NormalFormGame([[["1", "0"], ["0", "1"]]] * 2), InvalidGameError,
     r"^payoffs: .*text"),
    ("game_complex", lambda: cg.NormalFormGame(np.ones((2, 2, 2)) * 1j), InvalidGameError, r"^payoffs: .*complex"),
    ("game_complex_zero_imaginary", lambda: cg.NormalFormGame(np.ones((2, 2, 2), dtype=complex)), InvalidGameError,
     r"^payoffs: .*complex"),
    ("game_none_entry", lambda: cg.NormalFormGame([[[1, None], [0, 1]], [[1, 0], [0, 1]]]), InvalidGameError,
     r"^payoffs: .*None.*\(0, 0, 1\)"),
    ("game_fraction_and_text", lambda: cg.NormalFormGame([[[Fraction(1, 3), "a"], [0, 1]], [[1, 0], [0, 1]]]),
     InvalidGameError, r"^payoffs: .*'a'"),
    ("game_none", lambda: cg.NormalFormGame(None), InvalidGameError, r"^payoffs: "),
    ("game_string", lambda: cg.NormalFormGame("1 2 3 4"), InvalidGameError, r"^payoffs: .*str"),
    ("game_scalar", lambda: cg.NormalFormGame(3.0), InvalidGameError, r"^payoffs: .*shape"),
    ("game_nan", lambda: cg.NormalFormGame([[[np.nan, 0], [0, 1]], [[1, 0], [0, 1]]]), InvalidGameError,
     r"^payoffs: .*finite.*\(0, 0, 0\)"),
    ("game_inf", lambda: cg.NormalFormGame([[[1, 0], [0, 1]], [[1, 0], [0, -np.inf]]]), InvalidGameError,
     r"^payoffs: .*finite"),
    ("game_wrong_first_axis", lambda: cg.NormalFormGame(np.zeros((3, 2, 2))), InvalidGameError, r"^payoffs: .*first axis"),
    ("game_empty_action_set", lambda: cg.NormalFormGame(np.zeros((2, 0, 2))), InvalidGameError, r"^payoffs: .*empty"),
    ("game_player_names", lambda: cg.NormalFormGame(np.zeros((2, 2, 2)), player_names=["a"]), InvalidGameError,
     r"^player_names: "),
    ("game_action_names", lambda: cg.NormalFormGame(np.zeros((2, 2, 2)), action_names=[["x"]]), InvalidGameError,
     r"^action_names: "),
    ("bimatrix_strings", lambda: cg.NormalFormGame.from_bimatrix([[1, "a"]], [[1, 2]]), InvalidGameError, r"^A: "),
    ("bimatrix_complex", lambda: cg.NormalFormGame.from_bimatrix([[1, 2]], [[1j, 2]]), InvalidGameError, r"^B: .*complex"),
    ("bimatrix_shapes", lambda: cg.NormalFormGame.from_bimatrix(np.zeros((2, 2)), np.zeros((2, 3))), InvalidGameError,
     r"^A, B: .*shapes differ"),
    ("function_zero_actions", lambda: cg.NormalFormGame.from_function((2, 0), lambda a, b: (0, 0)), InvalidGameError,
     r"^num_actions: "),
    ("function_not_integers", lambda: cg.NormalFormGame.from_function(("two", 2), lambda a, b: (0, 0)),
     InvalidGameError, r"^num_actions: "),
    ("function_too_large", lambda: cg.NormalFormGame.from_function((10,) * 20, lambda *a: 0, vectorized=True),
     InvalidGameError, r"^num_actions: .*payoff entries"),
    ("function_not_callable", lambda: cg.NormalFormGame.from_function((2, 2), 3), InvalidArgumentError, r"^payoff: "),
    ("function_wrong_length", lambda: cg.NormalFormGame.from_function((2, 2), lambda a, b: (0, 0, 0)),
     InvalidGameError, r"^payoff: .*2 payoffs"),
    ("function_returns_text", lambda: cg.NormalFormGame.from_function((2, 2), lambda a, b: ("x", "y")),
     InvalidGameError, r"^payoff: .*text"),
    # ---- classic games: each parameter checked by name
    ("chicken_text", lambda: classic.chicken(crash="abc"), InvalidArgumentError, r"^crash: .*real number"),
    ("chicken_win_text", lambda: classic.chicken(win="abc"), InvalidArgumentError, r"^win: .*real number"),
    ("chicken_nan", lambda: classic.chicken(swerve=float("nan")), InvalidArgumentError, r"^swerve: .*finite"),
    ("chicken_order", lambda: classic.chicken(crash=10), InvalidArgumentError, r"^win, swerve, lose, crash: .*crash=10"),
    ("pd_bool", lambda: classic.prisoners_dilemma(reward=True), InvalidArgumentError, r"^reward: "),
    ("pd_order", lambda: classic.prisoners_dilemma(temptation=1), InvalidArgumentError,
     r"^temptation, reward, punishment, sucker: "),
    ("stag_order", lambda: classic.stag_hunt(both_stag=1), InvalidArgumentError, r"^both_stag, "),
    ("bos_order", lambda: classic.battle_of_the_sexes(miss=5), InvalidArgumentError, r"^preferred, other, miss: "),
    ("pennies_stake", lambda: classic.matching_pennies(stake=-1), InvalidArgumentError, r"^stake: "),
    ("pennies_stake_text", lambda: classic.matching_pennies(stake="1"), InvalidArgumentError, r"^stake: "),
    ("effort_players_huge", lambda: classic.minimum_effort(num_players=60), InvalidArgumentError,
     r"^num_players, efforts: .*payoff entries"),
    ("effort_players_float", lambda: classic.minimum_effort(num_players=2.5), InvalidArgumentError, r"^num_players: "),
    ("effort_one_level", lambda: classic.minimum_effort(efforts=1), InvalidArgumentError, r"^efforts: "),
    ("effort_gain_cost", lambda: classic.minimum_effort(gain=0.1, cost=0.2), InvalidArgumentError, r"^gain, cost: "),
    ("public_goods_levels", lambda: classic.public_goods(levels=1), InvalidArgumentError, r"^levels: "),
    ("public_goods_players_huge", lambda: classic.public_goods(num_players=40), InvalidArgumentError,
     r"^num_players, levels: "),
    ("public_goods_multiplier", lambda: classic.public_goods(multiplier=-1), InvalidArgumentError, r"^multiplier, endowment: "),
    ("volunteers_cost", lambda: classic.volunteers_dilemma(cost=2), InvalidArgumentError, r"^benefit, cost: "),
    ("volunteers_players", lambda: classic.volunteers_dilemma(num_players=1), InvalidArgumentError, r"^num_players: "),
    ("random_game_seed", lambda: cg.games.random_game((2, 2), seed=-1), InvalidArgumentError, r"^seed: "),
    # ---- nash and the solvers
    ("nash_unknown_method", lambda: cg.nash(STAG, "simplex"), InvalidArgumentError, r"^method: .*'simplex'"),
    ("nash_unknown_option", lambda: cg.nash(STAG, frobnicate=1), InvalidArgumentError,
     r"^frobnicate: .*takes no option 'frobnicate'; its options are exact, components, backend"),
    ("nash_exact_three_players", lambda: cg.nash(THREE, exact=True), InvalidArgumentError,
     r"^exact: .*support_enumeration_n"),
    ("nash_pure_exact", lambda: cg.nash(STAG, "pure", exact=True), InvalidArgumentError,
     r"^exact: .*pure_nash.*its options are limit"),
    ("nash_support_components", lambda: cg.nash(STAG, "support", components=True), InvalidArgumentError,
     r"^components: .*support_enumeration"),
    ("nash_lemke_howson_option", lambda: cg.nash(STAG, "lemke_howson", labels=2), InvalidArgumentError,
     r"^labels: .*initial_label"),
    ("nash_logit_option", lambda: cg.nash(STAG, "logit", lam=2), InvalidArgumentError, r"^lam: .*max_lambda"),
    ("nash_string_game", lambda: cg.nash("stag hunt"), InvalidGameError, r"^game: "),
    ("nash_none_game", lambda: cg.nash(None), InvalidGameError, r"^game: "),
    ("nash_bad_array", lambda: cg.nash(np.zeros((3, 2, 2))), InvalidGameError, r"^game: .*payoffs"),
    ("pure_string_game", lambda: cg.pure_nash("stag hunt"), InvalidGameError, r"^game: "),
    ("pure_none_game", lambda: cg.pure_nash(None), InvalidGameError, r"^game: "),
    ("pure_limit", lambda: cg.pure_nash(STAG, limit=-1), InvalidArgumentError, r"^limit: "),
    ("correlated_none_game", lambda: cg.correlated_equilibrium(None), InvalidGameError, r"^game: "),
    ("correlated_string_game", lambda: cg.correlated_equilibrium("chicken"), InvalidGameError, r"^game: "),
    ("correlated_solver", lambda: cg.correlated_equilibrium(STAG, solver="gurobi"), InvalidArgumentError, r"^solver: "),
    ("optimum_none_game", lambda: cg.social_optimum(None), InvalidGameError, r"^game: "),
    ("optimum_welfare", lambda: cg.social_optimum(STAG, "happiness"), InvalidArgumentError, r"^welfare: "),
    ("vertex_three_players", lambda: cg.vertex_enumeration(THREE), UnsupportedGameError, r"^game: .*two-player"),
    ("vertex_backend", lambda: cg.vertex_enumeration(STAG, backend="gpu"), InvalidArgumentError, r"^backend: "),
    ("vertex_algorithm", lambda: cg.vertex_enumeration(STAG, algorithm="lrs"), InvalidArgumentError, r"^algorithm: "),
    ("support_three_players", lambda: cg.support_enumeration(THREE), UnsupportedGameError, r"^game: "),
    ("lemke_howson_label", lambda: cg.lemke_howson(STAG, 7), InvalidArgumentError, r"^initial_label: "),
    ("lemke_howson_all_three_players", lambda: cg.solvers.lemke_howson_all(THREE), UnsupportedGameError, r"^game: "),
    ("logit_solve_option", lambda: cg.solvers.logit_solve(STAG, steps=3), InvalidArgumentError, r"^steps: .*max_steps"),
    ("logit_qre_lam", lambda: cg.solvers.logit_qre(STAG, -1.0), InvalidArgumentError, r"^lam: "),
    ("support_n_polynomial", lambda: cg.solvers.support_enumeration_n(THREE, polynomial="magic"), InvalidArgumentError,
     r"^polynomial: "),
    ("vertex_tol_negative", lambda: cg.vertex_enumeration(STAG, tol=-1.0), InvalidArgumentError, r"^tol: "),
    ("support_tol_nan", lambda: cg.support_enumeration(STAG, tol=float("nan")), InvalidArgumentError, r"^tol: "),
    ("nash_tol_text", lambda: cg.nash(STAG, tol="abc"), InvalidArgumentError, r"^tol: "),
    ("lemke_howson_tol_negative", lambda: cg.lemke_howson(STAG, tol=-1e-9), InvalidArgumentError, r"^tol: "),
    ("logit_solve_tol_nan", lambda: cg.solvers.logit_solve(STAG, tol=float("nan")), InvalidArgumentError, r"^tol: "),
    ("pure_nash_tol_negative", lambda: cg.pure_nash(STAG, tol=-1.0), InvalidArgumentError, r"^tol: "),
    ("pure_nash_tol_nan", lambda: cg.pure_nash(STAG, tol=float("nan")), InvalidArgumentError, r"^tol: "),
    ("pure_nash_tol_text", lambda: cg.pure_nash(STAG, tol="abc"), InvalidArgumentError, r"^tol: "),
    ("correlated_tol_negative", lambda: cg.correlated_equilibrium(STAG, tol=-1.0), InvalidArgumentError, r"^tol: "),
    ("correlated_tol_text", lambda: cg.correlated_equilibrium(STAG, tol="abc"), InvalidArgumentError, r"^tol: "),
    ("social_optimum_tol_nan", lambda: cg.social_optimum(STAG, tol=float("nan")), InvalidArgumentError, r"^tol: "),
    ("social_optimum_tol_text", lambda: cg.social_optimum(STAG, tol="abc"), InvalidArgumentError, r"^tol: "),
    ("payoff_range_overflows", lambda: cg.NormalFormGame.from_bimatrix([[1.7e308, -1.7e308], [0, 1]], [[1, 0], [0, 1]]),
     InvalidGameError, r"^payoffs: .*overflows"),
    ("verify_profile_length", lambda: cg.verify(STAG, [0], method="test"), InvalidProfileError, r"^profile"),
    ("verify_profile_sum", lambda: cg.verify(STAG, [[0.5, 0.6], [1, 0]], method="test"), InvalidProfileError,
     r"profile\[0\]"),
    ("fictitious_play_iterations", lambda: cg.solvers.fictitious_play(STAG, max_iter=0), InvalidArgumentError, r"^max_iter: "),
    ("replicator_population", lambda: cg.solvers.replicator_dynamics(STAG, population="many"), InvalidArgumentError,
     r"^population: "),
    ("best_response_mode", lambda: cg.solvers.best_response_dynamics(STAG, mode="chaotic"), InvalidArgumentError, r"^mode: "),
    ("regret_matching_steps", lambda: cg.solvers.regret_matching(STAG, num_steps=-5), InvalidArgumentError, r"^num_steps: "),
    ("continuous_nash_game", lambda: cg.continuous_nash(STAG), InvalidArgumentError, r"^game: .*ContinuousGame"),
    ("compare_continuous_option", lambda: cg.compare(TEAM, nash_options={"iterations": 3}), InvalidArgumentError,
     r"^nash_options: continuous_nash takes no option 'iterations'; its options are initial, tol"),
    ("compare_continuous_planner_option", lambda: cg.compare(TEAM, planner_options={"weights": 1}),
     InvalidArgumentError, r"^planner_options: .*'weights'"),
    # ---- regimes and metrics
    ("local_select", lambda: mechanisms.LocalCompetition("median"), InvalidArgumentError, r"^select: "),
    ("local_method", lambda: mechanisms.LocalCompetition(method="simplex"), InvalidArgumentError, r"^method: "),
    ("planning_welfare", lambda: mechanisms.CentralPlanning("happiness"), InvalidArgumentError, r"^welfare: "),
    ("transfers_kind", lambda: mechanisms.Transfers(kind="bribe"), InvalidArgumentError, r"^kind: "),
    ("transfers_budget", lambda: mechanisms.Transfers(budget=-1.0), InvalidArgumentError, r"^budget: "),
    ("mediator_solver", lambda: mechanisms.Mediator(solver="gurobi"), InvalidArgumentError, r"^solver: "),
    ("compare_regimes_list", lambda: mechanisms.compare(STAG, [3]), InvalidArgumentError, r"^regimes: "),
    ("profile_transfers_target", lambda: mechanisms.profile_transfers(STAG, (0, 5)), InvalidProfileError, r"^profile\[1\]: "),
    ("poa_welfare", lambda: metrics.price_of_anarchy(STAG, "happiness"), InvalidArgumentError, r"^welfare: "),
    ("poa_sense", lambda: metrics.price_of_anarchy(STAG, sense="upside"), InvalidArgumentError, r"^sense: "),
    ("equilibrium_welfare_set", lambda: metrics.equilibrium_welfare(STAG, equilibria="some"), InvalidArgumentError,
     r"^equilibria: "),
    ("ratio_text", lambda: metrics.ratio("a", 1.0), InvalidArgumentError, r"^numerator: "),
    ("welfare_loss_none", lambda: metrics.welfare_loss(1.0, None), InvalidArgumentError, r"^achieved: "),
    # ---- files
    ("nfg_no_header", lambda: io.read_nfg("hello world\n"), InvalidArgumentError, r"^source: .*'NFG'"),
    ("nfg_version", lambda: io.read_nfg(BAD_NFG["version"]), FileFormatError, r"line 1\b"),
    ("nfg_bad_payoff", lambda: io.read_nfg(BAD_NFG["bad_payoff"]), FileFormatError, r"line 3\b"),
    ("nfg_too_few_payoffs", lambda: io.read_nfg(BAD_NFG["too_few_payoffs"]), FileFormatError, r"line \d+"),
    ("nfg_unclosed_string", lambda: io.read_nfg(BAD_NFG["unclosed_string"]), FileFormatError, r"line 1\b"),
    ("nfg_not_text", lambda: io.read_nfg(3.5), InvalidArgumentError, r"^source: "),
    ("json_truncated", lambda: io.game_from_json('{"payoffs": [[[1, 0],\n [0, 1]]'), FileFormatError, r"line 2\b"),
    ("json_string_payoffs", lambda: io.game_from_json('{"payoffs": "many"}'), FileFormatError, r"payoffs: .*str"),
    ("json_ragged_payoffs", lambda: io.game_from_json('{"payoffs": [[[1, 0], [0]], [[1, 0], [0, 1]]]}'),
     FileFormatError, r"payoffs: .*ragged"),
    ("json_unknown_key", lambda: io.game_from_json('{"payoffs": [[[1]]], "rules": 1}'), FileFormatError,
     r"record: unknown key.*'rules'"),
    ("json_not_text", lambda: io.game_from_json(3), InvalidArgumentError, r"^text: "),
    ("to_json_object", lambda: io.to_json({"x": object()}), InvalidArgumentError, r"^obj: "),
    # ---- sweeps
    ("grid_not_sequence", lambda: sweep.expand_grid({"a": 3}), InvalidArgumentError, r"^grid: .*'a'"),
    ("grid_not_mapping", lambda: sweep.expand_grid(3), InvalidArgumentError, r"^grid: "),
    ("grid_bad_name", lambda: sweep.expand_grid({"": [1]}), InvalidArgumentError, r"^grid: .*names"),
    ("sweep_backend", lambda: sweep.sweep(lambda a: {"a": a}, {"a": [1]}, backend="cluster", progress=False),
     InvalidArgumentError, r"^backend: "),
    ("sweep_errors", lambda: sweep.sweep(lambda a: {"a": a}, {"a": [1]}, errors="ignore", progress=False),
     InvalidArgumentError, r"^errors: "),
    ("sweep_func", lambda: sweep.sweep(3, {"a": [1]}, progress=False), InvalidArgumentError, r"^func: "),
    ("sweep_scheduler_backend", lambda: sweep.sweep(lambda a: {"a": a}, {"a": [1]}, scheduler="tcp://h:8786",
                                                    progress=False), InvalidArgumentError, r"^scheduler: "),
    ("sweep_scheduler_type", lambda: sweep.sweep(lambda a: {"a": a}, {"a": [1]}, backend="dask", scheduler=3.5,
                                                 progress=False), InvalidArgumentError, r"^scheduler: "),
    ("sweep_cost", lambda: sweep.sweep(lambda a: {"a": a}, {"a": [1]}, cost="big", progress=False),
     InvalidArgumentError, r"^cost: "),
    ("write_table_suffix", lambda: sweep.write_table(__import__("pandas").DataFrame({"a": [1]}), "t.xlsx"),
     InvalidArgumentError, r"^path: "),
]


@pytest.mark.parametrize(("call", "expected", "pattern"), [pytest.param(*row[1:], id=row[0]) for row in API_ROWS])
def test_api_bad_input(call, expected, pattern):
    with pytest.raises(expected) as info:
        call()
    assert isinstance(info.value, CoordgameError)
    assert re.search(pattern, str(info.value)), f"message {str(info.value)!r} does not match {pattern!r}"


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda game: cg.pure_nash(game), id="pure_nash"),
        pytest.param(lambda game: cg.correlated_equilibrium(game), id="correlated_equilibrium"),
        pytest.param(lambda game: cg.social_optimum(game), id="social_optimum"),
        pytest.param(lambda game: cg.nash(game), id="nash"),
    ],
)
def test_plain_payoff_arrays_give_the_answer_or_a_clear_error(call):
    array = STAG.payoffs.copy()
    try:
        result = call(array)
    except CoordgameError as exc:
        assert str(exc).startswith("game")
    else:
        assert result is not None and repr(result) == repr(call(STAG))


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: cg.vertex_enumeration(HUGE, exact=True), id="vertex_exact"),
        pytest.param(lambda: cg.nash(HUGE, "vertex", exact=True), id="nash_vertex_exact"),
        pytest.param(lambda: cg.lemke_howson(HUGE, exact=True), id="lemke_howson_exact"),
        pytest.param(lambda: cg.solvers.lemke_howson_all(HUGE, exact=True), id="lemke_howson_all_exact"),
        pytest.param(lambda: cg.nash(HUGE, "lemke_howson", exact=True), id="nash_lemke_howson_exact"),
    ],
)
def test_payoffs_near_1e300_in_exact_mode_give_the_answer_or_a_clear_error(call):
    try:
        result = call()
    except CoordgameError:
        return
    equilibria = [result] if isinstance(result, cg.Equilibrium) else list(result)
    assert equilibria and all(eq.regret <= 1e-9 * 3e300 for eq in equilibria)


#: Every public entry point that takes a game, called with the game in place.
ENTRY_POINTS = [
    ("nash", lambda game: cg.nash(game)),
    ("pure_nash", lambda game: cg.pure_nash(game)),
    ("vertex_enumeration", lambda game: cg.vertex_enumeration(game)),
    ("support_enumeration", lambda game: cg.support_enumeration(game)),
    ("support_enumeration_n", lambda game: cg.solvers.support_enumeration_n(game)),
    ("lemke_howson", lambda game: cg.lemke_howson(game)),
    ("lemke_howson_all", lambda game: cg.solvers.lemke_howson_all(game)),
    ("logit_solve", lambda game: cg.solvers.logit_solve(game)),
    ("logit_path", lambda game: cg.solvers.logit_path(game)),
    ("logit_qre", lambda game: cg.solvers.logit_qre(game, 1.0)),
    ("correlated_equilibrium", lambda game: cg.correlated_equilibrium(game)),
    ("correlated_welfare_range", lambda game: cg.solvers.correlated_welfare_range(game)),
    ("social_optimum", lambda game: cg.social_optimum(game)),
    ("verify", lambda game: cg.verify(game, [0, 0], method="test")),
    ("best_response_dynamics", lambda game: cg.solvers.best_response_dynamics(game)),
    ("fictitious_play", lambda game: cg.solvers.fictitious_play(game)),
    ("replicator_dynamics", lambda game: cg.solvers.replicator_dynamics(game)),
    ("logit_dynamics", lambda game: cg.solvers.logit_dynamics(game)),
    ("regret_matching", lambda game: cg.solvers.regret_matching(game)),
    ("exhaustive_pure_nash", lambda game: cg.solvers.structured.exhaustive_pure_nash(game)),
    ("best_response_equilibria", lambda game: cg.solvers.best_response_equilibria(game)),
    ("continuous_nash", lambda game: cg.continuous_nash(game)),
    ("potential_nash", lambda game: cg.solvers.potential_nash(game)),
    ("social_optimum", lambda game: cg.social_optimum(game)),
    ("compare", lambda game: cg.compare(game)),
    ("compare_with_options", lambda game: cg.compare(game, nash_options={}, planner_options={})),
    ("price_of_anarchy", lambda game: metrics.price_of_anarchy(game)),
    ("value_of_mediation", lambda game: metrics.value_of_mediation(game)),
    ("risk_dominance", lambda game: cg.selection.risk_dominance(game)),
    ("stochastic_stability", lambda game: cg.selection.stochastic_stability(game)),
    ("logit_selection", lambda game: cg.selection.logit_selection(game)),
    ("revision_chain", lambda game: cg.selection.revision_chain(game, 0.1)),
    ("write_nfg", lambda game: cg.write_nfg(game)),
    ("game_to_json", lambda game: io.game_to_json(game)),
]


@pytest.mark.parametrize("junk", [None, "stag hunt", 3.5, object()], ids=["None", "str", "float", "object"])
@pytest.mark.parametrize("call", [pytest.param(row[1], id=row[0]) for row in ENTRY_POINTS])
def test_every_entry_point_refuses_a_non_game_by_name(call, junk):
    with pytest.raises(CoordgameError, match=r"^game: "):
        call(junk)


def test_every_error_also_subclasses_a_builtin():
    for name in errors.__all__:
        cls = getattr(errors, name)
        if issubclass(cls, CoordgameError) and cls is not CoordgameError:
            assert any(base.__module__ == "builtins" and base is not Exception for base in cls.__mro__[1:]), name


def test_every_public_solver_with_options_refuses_an_unknown_one():
    """Functions that take ``**options`` name the unknown option and the valid ones."""
    from coordgame.solvers import logit, nash

    takes_options = [f for f in (cg.nash, nash.lemke_howson_once, nash.pure_and_logit, logit.logit_solve,
                                 logit.logit_equilibria)
                     if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in inspect.signature(f).parameters.values())]
    assert len(takes_options) == 5
    for function in takes_options:
        with pytest.raises(InvalidArgumentError, match=r"^not_an_option: .*its options are \w+"):
            function(STAG, not_an_option=1)


# ------------------------------------------------------------------ command line
SOLVE = ["solve", "--game"]

# (id, argv, exit status, pattern of the one line on stderr)
CLI_ROWS = [
    ("param_crash_text", [*SOLVE, "chicken", "--param", "crash=abc"], 2, r"--param crash=abc: .*number.*crash=0.0"),
    ("param_win_text", [*SOLVE, "chicken", "--param", "win=abc"], 2, r"--param win=abc: .*takes crash=.*win="),
    ("param_players_huge", [*SOLVE, "minimum_effort", "--param", "num_players=60"], 2, r"--param num_players"),
    ("param_players_float", [*SOLVE, "minimum_effort", "--param", "num_players=2.5"], 2,
     r"--param num_players=2.5: .*integer"),
    ("param_unknown", [*SOLVE, "chicken", "--param", "players=3"], 2, r"--param players: .*takes crash="),
    ("param_no_value", [*SOLVE, "chicken", "--param", "crash"], 2, r"--param: expected NAME=VALUE"),
    ("param_twice", [*SOLVE, "chicken", "--param", "crash=1", "--param", "crash=1"], 2, r"--param crash: given twice"),
    ("param_out_of_order", [*SOLVE, "chicken", "--param", "crash=10"], 2, r"--param .*crash"),
    ("param_nan", [*SOLVE, "chicken", "--param", "win=nan"], 2, r"--param win: .*finite"),
    ("param_with_file", ["solve", "{good}", "--param", "crash=1"], 2, r"--param applies only"),
    ("exact_three_players", [*SOLVE, "minimum_effort", "--param", "num_players=3", "--exact"], 2,
     r"--exact: .*3-player.*vertex_enumeration"),
    ("pure_exact", [*SOLVE, "chicken", "--method", "pure", "--exact"], 2, r"--exact: .*pure_nash"),
    ("support_components", [*SOLVE, "chicken", "--components", "--method", "support"], 2,
     r"--components: .*support_enumeration"),
    ("unknown_game", [*SOLVE, "snooker"], 2, r"argument --game: invalid choice"),
    ("unknown_method", [*SOLVE, "chicken", "--method", "simplex"], 2, r"argument --method: invalid choice"),
    ("tol_text", [*SOLVE, "chicken", "--tol", "abc"], 2, r"argument --tol: "),
    ("tol_negative", [*SOLVE, "chicken", "--tol", "-1"], 2, r"argument --tol: "),
    ("tol_nan", [*SOLVE, "chicken", "--tol", "nan"], 2, r"argument --tol: .*finite"),
    ("format_unknown", [*SOLVE, "chicken", "--format", "xml"], 2, r"argument --format: invalid choice"),
    ("unknown_flag", [*SOLVE, "chicken", "--fast"], 2, r"unrecognized arguments: --fast"),
    ("no_game", ["solve"], 2, r"exactly one of a .nfg FILE or --game"),
    ("file_and_game", ["solve", "{good}", "--game", "chicken"], 2, r"exactly one"),
    ("unknown_command", ["solvee"], 2, r"argument COMMAND: invalid choice"),
    ("missing_file", ["solve", "{missing}"], 1, r"source: .*No such file"),
    ("malformed_file", ["solve", "{bad}"], 1, r"bad\.nfg:3: .*payoff"),
    ("vertex_three_players", [*SOLVE, "public_goods", "--method", "vertex"], 1, r"game: .*two-player"),
    ("compare_param", ["compare", "--game", "chicken", "--param", "crash=abc"], 2, r"--param crash=abc"),
    ("compare_welfare", ["compare", "--game", "chicken", "--welfare", "happiness"], 2, r"argument --welfare"),
    ("compare_method", ["compare", "--game", "chicken", "--method", "simplex"], 2, r"argument --method"),
    ("compare_no_game", ["compare"], 2, r"exactly one"),
    ("reproduce_unknown", ["reproduce", "no_such_experiment"], 2, r"NAME: unknown experiment"),
    ("reproduce_workers", ["reproduce", "--workers", "0"], 2, r"argument --workers: "),
    ("reproduce_backend", ["reproduce", "--backend", "cluster"], 2, r"argument --backend: invalid choice"),
]


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "good.nfg"
    cg.write_nfg(STAG, good)
    bad = tmp_path / "bad.nfg"
    bad.write_text(BAD_NFG["bad_payoff"])
    return {"good": str(good), "bad": str(bad), "missing": str(tmp_path / "missing.nfg")}


@pytest.mark.parametrize(("argv", "status", "pattern"), [pytest.param(*row[1:], id=row[0]) for row in CLI_ROWS])
def test_cli_bad_input(argv, status, pattern, files, capsys):
    code = main([arg.format(**files) for arg in argv])
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert code == status, captured.err
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err + captured.out
    assert lines[0].startswith("coordgame")
    assert re.search(pattern, lines[0]), f"{lines[0]!r} does not match {pattern!r}"


def test_table_size():
    assert len(API_ROWS) + len(CLI_ROWS) >= 60


def test_unexpected_exception_is_one_line(monkeypatch, capsys):
    """A bug in a solver still gives one line and status 1 (the traceback only on request)."""
    from coordgame.solvers import nash

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(nash, "nash", broken)
    assert main([*SOLVE, "chicken"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: ZeroDivisionError: a bug" in err
    monkeypatch.setenv("COORDGAME_TRACEBACK", "1")
    with pytest.raises(ZeroDivisionError):
        main([*SOLVE, "chicken"])


def test_keyboard_interrupt_in_process(monkeypatch, capsys):
    from coordgame.solvers import nash

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(nash, "nash", interrupted)
    assert main([*SOLVE, "chicken"]) == 130
    assert capsys.readouterr().err == "coordgame solve: interrupted\n"


def test_keyboard_interrupt_gives_status_130_and_one_line():
    """Ctrl-C during a command (a solver raising KeyboardInterrupt) in a real process: status 130, one line."""
    script = textwrap.dedent("""
        import sys
        from coordgame.solvers import nash

        def interrupted(*args, **kwargs):
            raise KeyboardInterrupt

        nash.nash = interrupted
        from coordgame.cli import main
        sys.exit(main(["solve", "--game", "chicken"]))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 130
    assert result.stderr.splitlines() == ["coordgame solve: interrupted"]
    assert "Traceback" not in result.stderr
