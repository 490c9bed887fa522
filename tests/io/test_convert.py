"""Converters to and from nashpy, QuantEcon and pygambit: payoffs at every profile, names, equilibria."""

from __future__ import annotations

import io
import itertools
import sys
from fractions import Fraction
from pathlib import Path

import nashpy
import numpy as np
import pytest

import coordgame as cg
from coordgame.io import from_nashpy, from_pygambit, from_quantecon, to_nashpy, to_pygambit, to_quantecon

SEEDS = range(25)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "games"


@pytest.fixture
def gbt():
    """pygambit, or a skip when the 'peers' extra is not installed."""
    return pytest.importorskip("pygambit", reason="needs the 'peers' extra: pip install -e '.[peers]'")


@pytest.fixture
def gt():
    """QuantEcon's game_theory module, or a skip when the 'peers' extra is not installed."""
    return pytest.importorskip("quantecon.game_theory", reason="needs the 'peers' extra: pip install -e '.[peers]'")


def _random_game(seed: int, num_players: int) -> cg.NormalFormGame:
    rng = np.random.default_rng(seed)
    shape = tuple(rng.integers(1, 5 if num_players < 4 else 4, size=num_players))
    payoffs = rng.normal(size=(num_players, *shape)) * 10.0 ** rng.integers(-5, 6)
    players = [f"P{i}" for i in range(num_players)]
    actions = [[f"a{i}{k}" for k in range(n)] for i, n in enumerate(shape)]
    return cg.NormalFormGame(payoffs, players, actions, title=f"seed {seed}")


def _profiles(game: cg.NormalFormGame):
    return itertools.product(*(range(n) for n in game.num_actions))


def _sorted_profiles(equilibria) -> list[tuple[tuple[float, ...], ...]]:
    return sorted(tuple(tuple(np.round(np.asarray(s, dtype=float), 9)) for s in eq) for eq in equilibria)


# ---------------------------------------------------------------------------- nashpy
@pytest.mark.peers
def test_nashpy_payoffs_and_round_trip():
    for seed in SEEDS:
        game = _random_game(seed, 2)
        theirs = to_nashpy(game)
        A, B = theirs.payoff_matrices
        for r, c in _profiles(game):
            assert (A[r, c], B[r, c]) == tuple(game.payoff((r, c)))
        back = from_nashpy(theirs)
        assert np.array_equal(back.payoffs, game.payoffs)
        assert cg.io.from_nashpy(theirs).payoffs.tolist() == game.payoffs.tolist()


@pytest.mark.peers
def test_nashpy_equilibria_of_battle_of_the_sexes():
    # Battle of the sexes [[3,0],[0,2]] / [[2,0],[0,3]]: two pure equilibria and the mixed one
    # ((3/5, 2/5), (2/5, 3/5)) (e.g. Osborne, An Introduction to Game Theory, 2004, Sec. 4.3).
    bos = cg.games.battle_of_the_sexes()
    found = list(cg.io.to_nashpy(bos).support_enumeration())
    expected = [((1, 0), (1, 0)), ((0, 1), (0, 1)), ((0.6, 0.4), (0.4, 0.6))]
    assert _sorted_profiles(found) == _sorted_profiles(expected)
    for eq in found:
        cg.verify(bos, eq, method="nashpy support enumeration")
    pure = {p for p in cg.pure_nash(bos).pure_profiles()}
    assert pure == {tuple(int(np.argmax(s)) for s in eq) for eq in found if all(s.max() == 1 for s in eq)}


@pytest.mark.peers
def test_nashpy_zero_sum_game_and_errors():
    assert from_nashpy(nashpy.Game([[1, -1], [-1, 1]])).payoffs[1].tolist() == [[-1, 1], [1, -1]]
    with pytest.raises(cg.errors.UnsupportedGameError, match="two-player"):
        to_nashpy(_random_game(0, 3))
    with pytest.raises(cg.errors.InvalidArgumentError, match=r"nashpy\.Game"):
        from_nashpy(np.eye(2))
    with pytest.raises(cg.errors.InvalidArgumentError, match="NormalFormGame"):
        to_nashpy(nashpy.Game(np.eye(2)))


# ---------------------------------------------------------------------------- QuantEcon
@pytest.mark.peers
@pytest.mark.parametrize("num_players", [1, 2, 3, 4])
def test_quantecon_payoffs_agree_at_every_profile(num_players, gt):
    for seed in SEEDS:
        game = _random_game(seed, num_players)
        theirs = to_quantecon(game)
        assert theirs.nums_actions == game.num_actions
        for profile in _profiles(game):
            # QuantEcon's own indexing g[a] gives the payoff vector at profile a (g[a_1] for one player)
            key = profile[0] if num_players == 1 else profile
            assert np.array_equal(np.atleast_1d(theirs[key]), game.payoff(profile)), (seed, profile)
        back = from_quantecon(theirs)
        assert np.array_equal(back.payoffs, game.payoffs)


@pytest.mark.peers
def test_quantecon_cyclic_layout_of_player_arrays(gt):
    game = _random_game(3, 3)
    theirs = cg.io.to_quantecon(game)
    for i, player in enumerate(theirs.players):
        for a in _profiles(game):
            own_first = tuple(a[(i + k) % 3] for k in range(3))
            assert player.payoff_array[own_first] == game.payoffs[i][a]


@pytest.mark.peers
def test_quantecon_games_built_by_quantecon_and_their_equilibria(gt):
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        theirs = gt.random_game((2, 3, 2), random_state=int(rng.integers(2**31)))
        ours = cg.io.from_quantecon(theirs)
        for profile in _profiles(ours):
            assert np.array_equal(ours.payoff(profile), theirs[profile])
        assert sorted(cg.pure_nash(ours).pure_profiles()) == sorted(gt.pure_nash_brute(theirs))
    # QuantEcon's 2-player constructor from a bimatrix of (u_row, u_col) cells
    bos = from_quantecon(gt.NormalFormGame([[(3, 2), (0, 0)], [(0, 0), (2, 3)]]))
    assert bos.payoffs.tolist() == cg.games.battle_of_the_sexes().payoffs.tolist()


@pytest.mark.peers
def test_quantecon_errors(gt):
    with pytest.raises(cg.errors.InvalidArgumentError, match="quantecon"):
        from_quantecon(nashpy.Game(np.eye(2)))
    with pytest.raises(cg.errors.InvalidArgumentError, match="NormalFormGame"):
        to_quantecon(np.zeros((2, 2, 2)))


# ---------------------------------------------------------------------------- pygambit
@pytest.mark.peers
@pytest.mark.parametrize("num_players", [1, 2, 3, 4])
def test_pygambit_round_trip_keeps_payoffs_and_labels(num_players, gbt):
    for seed in SEEDS:
        game = _random_game(seed, num_players)
        theirs = to_pygambit(game)
        players = list(theirs.players)
        assert theirs.title == game.title
        assert [p.label for p in players] == list(game.player_names)
        assert [[s.label for s in p.strategies] for p in players] == [list(a) for a in game.action_names]
        for profile in _profiles(game):
            assert [float(theirs[profile][p]) for p in players] == game.payoff(profile).tolist()
        back = from_pygambit(theirs)
        assert back == game and back.title == game.title


@pytest.mark.peers
def test_pygambit_equilibria_agree(gbt):
    for seed in SEEDS:
        game = _random_game(seed, 3)
        result = gbt.nash.enumpure_solve(cg.io.to_pygambit(game))
        theirs = {
            tuple(next(k for k, s in enumerate(p.strategies) if eq[s] == 1) for p in eq.game.players)
            for eq in result.equilibria
        }
        assert theirs == set(cg.pure_nash(game).pure_profiles()), seed
    bos = cg.games.battle_of_the_sexes()
    mixed = gbt.nash.enummixed_solve(cg.io.to_pygambit(bos)).equilibria
    found = [[[float(eq[s]) for s in p.strategies] for p in eq.game.players] for eq in mixed]
    assert _sorted_profiles(found) == _sorted_profiles([((1, 0), (1, 0)), ((0, 1), (0, 1)), ((0.6, 0.4), (0.4, 0.6))])


@pytest.mark.peers
def test_pygambit_exact_payoffs_and_null_outcomes(gbt):
    thirds = np.array([[Fraction(1, 3), 2]], dtype=object)
    game = from_pygambit(gbt.Game.from_arrays(thirds, -thirds, title="thirds"))
    assert game.payoffs.tolist() == [[[1 / 3, 2.0]], [[-1 / 3, -2.0]]]
    # a game whose profile (0, 0) has no outcome, read from a file that uses outcome 0
    with_null = gbt.read_nfg(str(EXAMPLES / "regions_build.nfg"))
    assert from_pygambit(with_null).payoff((1, 1, 1)).tolist() == [0.0, 0.0, 0.0]
    # values pygambit's own from_arrays rejects as floats (e.g. 1e16, written 1e+16) convert exactly
    big = cg.NormalFormGame([[[1e16, 1e300]], [[-1e20, 0.1]]])
    assert from_pygambit(to_pygambit(big)) == big


@pytest.mark.peers
def test_pygambit_extensive_game_in_strategic_form(gbt):
    text = """EFG 2 R "entry" { "Entrant" "Incumbent" }
""
p "" 1 1 "" { "In" "Out" } 0
p "" 2 1 "" { "Fight" "Accommodate" } 0
t "" 1 "fight" { -1, -1 }
t "" 2 "share" { 1, 1 }
t "" 3 "out" { 0, 2 }
"""
    game = from_pygambit(gbt.read_efg(io.StringIO(text)))
    assert game.payoffs.tolist() == [[[-1, 1], [0, 0]], [[-1, 1], [2, 2]]]


@pytest.mark.peers
def test_pygambit_errors(gbt):
    with pytest.raises(cg.errors.InvalidArgumentError, match=r"pygambit\.Game"):
        from_pygambit("game")
    with pytest.raises(cg.errors.InvalidArgumentError, match="NormalFormGame"):
        to_pygambit(gbt.Game.new_table([2, 2]))


# ---------------------------------------------------------------------------- missing peers
@pytest.mark.parametrize(
    ("module", "call", "hint"),
    [
        ("nashpy", lambda: to_nashpy(cg.games.stag_hunt()), "pip install nashpy"),
        ("nashpy", lambda: from_nashpy(None), "pip install nashpy"),
        ("quantecon.game_theory", lambda: to_quantecon(cg.games.stag_hunt()), 'coordgame\\[peers\\]'),
        ("quantecon.game_theory", lambda: cg.io.from_quantecon(None), 'coordgame\\[peers\\]'),
        ("pygambit", lambda: cg.io.to_pygambit(cg.games.stag_hunt()), 'coordgame\\[peers\\]'),
        ("pygambit", lambda: from_pygambit(None), 'coordgame\\[peers\\]'),
    ],
)
def test_missing_peer_raises_missing_dependency(monkeypatch, module, call, hint):
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    with pytest.raises(cg.errors.MissingDependencyError, match=hint) as info:
        call()
    assert module in str(info.value)
    assert isinstance(info.value, ImportError)


def test_empty_or_repeated_labels_fall_back_to_default_names():
    # pygambit 16.7 refuses such labels; earlier 16.x releases (allowed by the peers extra) did not
    from coordgame.io.convert import _labels

    assert _labels(["A", "B"], str) == ["A", "B"]
    assert _labels(["", "B"], lambda k: f"Player {k + 1}") == ["Player 1", "Player 2"]
    assert _labels(["x", "x"], str) == ["0", "1"]
