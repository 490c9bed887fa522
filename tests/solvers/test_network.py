"""Linear–quadratic network games: closed forms, two-method cross-checks, key players, bad input.

Closed forms are solved by hand from the first-order conditions :math:`Bx = \\alpha`
(Ballester, Calvó-Armengol & Zenou 2006, *Econometrica* 74(5), eq. 5 and Theorem 1); each test
states its derivation.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coordgame.errors import CoordgameError, InvalidArgumentError, InvalidProfileError
from coordgame.games.network import LQNetworkGame, adjacency_matrix, bonacich_centrality, spectral_radius
from coordgame.solvers import continuous_nash, social_optimum
from coordgame.solvers.network import (
    intercentrality,
    key_group,
    key_player,
    network_nash,
    network_optimum,
)


def star(leaves: int) -> np.ndarray:
    """Centre (index 0) linked to ``leaves`` leaves."""
    g = np.zeros((leaves + 1, leaves + 1))
    g[0, 1:] = g[1:, 0] = 1.0
    return g


def line(n: int) -> np.ndarray:
    return np.diag(np.ones(n - 1), 1) + np.diag(np.ones(n - 1), -1)


def complete(n: int) -> np.ndarray:
    return np.ones((n, n)) - np.eye(n)


def random_network(seed: int, n: int, *, directed: bool, density: float = 0.5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    g = rng.uniform(0.1, 1.0, (n, n)) * (rng.random((n, n)) < density)
    if not directed:
        g = np.triu(g, 1)
        g = g + g.T
    np.fill_diagonal(g, 0.0)
    return g


def game_below_condition(g: np.ndarray, share: float, **kwargs) -> LQNetworkGame:
    """A game with delta = share / rho(G) (so delta * rho = share < 1); delta 0.5 on an empty network."""
    rho = spectral_radius(g)
    return LQNetworkGame(g, delta=share / rho if rho > 0 else 0.5, **kwargs)


# ----------------------------------------------------------------------------- closed forms
@pytest.mark.parametrize("leaves", [1, 2, 5])
@pytest.mark.parametrize("delta", [0.1, 0.3])
def test_star_equilibrium_closed_form(leaves, delta):
    # x_c = 1 + k d x_l, x_l = 1 + d x_c  =>  x_c = (1 + k d) / (1 - k d^2), x_l = (1 + d) / (1 - k d^2);
    # rho(star) = sqrt(k), so the condition is d sqrt(k) < 1.
    assert delta * math.sqrt(leaves) < 1  # every parametrisation lies inside the spectral condition
    eq = network_nash(LQNetworkGame(star(leaves), alpha=1.0, delta=delta))
    denominator = 1 - leaves * delta**2
    expected = np.r_[(1 + leaves * delta) / denominator, np.full(leaves, (1 + delta) / denominator)]
    assert np.allclose(eq.profile, expected, rtol=1e-12)
    assert eq.method == "bonacich" and eq.interior and eq.converged
    assert eq.spectral_condition == pytest.approx(delta * math.sqrt(leaves))


def test_line_equilibrium_and_intercentrality_closed_forms():
    # Line of three, a = delta: det(I - aG) = 1 - 2a^2, b = ((1+a), (1+2a), (1+a)) / (1 - 2a^2),
    # m_11 = (1 - a^2)/det, m_22 = 1/det; intercentrality b_i^2 / m_ii (Ballester et al. 2006, Thm 3):
    # ends (1+a)^2 / ((1-a^2)(1-2a^2)), centre (1+2a)^2 / (1-2a^2).
    a = 0.2
    game = LQNetworkGame(line(3), delta=a)
    det = 1 - 2 * a**2
    assert np.allclose(network_nash(game).profile, np.array([1 + a, 1 + 2 * a, 1 + a]) / det, rtol=1e-12)
    ends, centre = (1 + a) ** 2 / ((1 - a**2) * det), (1 + 2 * a) ** 2 / det
    assert np.allclose(intercentrality(game), [ends, centre, ends], rtol=1e-12)
    # Removing the centre leaves two isolated players (1 each); removing an end leaves a pair (1/(1-a) each).
    total = network_nash(game).total_activity
    assert total - 2.0 == pytest.approx(centre, rel=1e-12)
    assert total - 2 / (1 - a) == pytest.approx(ends, rel=1e-12)
    kp = key_player(game)
    assert (kp.player, kp.method) == (1, "intercentrality")


@pytest.mark.parametrize(("n", "delta", "gamma"), [(3, 0.2, 0.0), (5, 0.1, 0.05), (4, 0.3, 0.2)])
def test_complete_graph_nash_and_planner(n, delta, gamma):
    # Symmetric x: alpha - (beta + gamma n) x + delta (n-1) x = 0  =>  x = alpha / (beta + gamma n - delta (n-1));
    # planner: H 1 = (beta - gamma + 2 gamma n - 2 delta (n-1)) 1, x^o = alpha / that.
    alpha, beta = 2.0, 1.5
    game = LQNetworkGame(complete(n), alpha=alpha, delta=delta, beta=beta, gamma=gamma)
    assert spectral_radius(complete(n)) == pytest.approx(n - 1)
    eq = network_nash(game)
    assert np.allclose(eq.profile, alpha / (beta + gamma * n - delta * (n - 1)), rtol=1e-12)
    opt = network_optimum(game)
    assert np.allclose(opt.profile, alpha / (beta - gamma + 2 * gamma * n - 2 * delta * (n - 1)), rtol=1e-12)
    assert opt.converged and opt.welfare >= eq.welfare


@given(seed=st.integers(0, 10_000), n=st.integers(2, 7), gamma=st.floats(0.01, 0.5))
@settings(max_examples=25, deadline=None)
def test_theorem_1_with_global_substitutes(seed, n, gamma):
    # Ballester et al. (2006), Theorem 1: x* = alpha / (beta + gamma b(g, l*)) b(g, l*), l* = lambda / beta,
    # with b(g, a) = (I - aG)^{-1} 1 and b(g, a) its sum (common alpha; our delta is their lambda).
    g = random_network(seed, n, directed=False)
    alpha, beta = 1.3, 2.0
    rho = spectral_radius(g)
    delta = 0.8 * beta / rho if rho > 0 else 0.5
    game = LQNetworkGame(g, alpha=alpha, delta=delta, beta=beta, gamma=gamma)
    b = bonacich_centrality(g, delta / beta)
    assert np.allclose(network_nash(game).profile, alpha / (beta + gamma * b.sum()) * b, rtol=1e-10)


def test_bonacich_centrality_is_the_walk_series():
    g = random_network(3, 6, directed=True)
    a = 0.5 / spectral_radius(g)
    series = sum(np.linalg.matrix_power(a * g, k) @ np.ones(6) for k in range(200))
    assert np.allclose(bonacich_centrality(g, a), series, rtol=1e-10)


def test_planner_internalises_spillovers_directed():
    # gamma = 0: x^o = (beta I - delta (G + G'))^{-1} alpha, the Bonacich centrality of G + G'.
    g = random_network(7, 6, directed=True)
    game = LQNetworkGame(g, alpha=np.linspace(0.5, 1.5, 6), delta=0.3 / spectral_radius(g + g.T), beta=1.0)
    opt = network_optimum(game)
    assert np.allclose(opt.profile, bonacich_centrality(g + g.T, game.delta, game.alpha), rtol=1e-12)
    eq = network_nash(game)
    assert np.all(opt.profile > eq.profile) and opt.welfare > eq.welfare  # complements: too little activity in Nash


# ----------------------------------------------------------------------------- two methods
@pytest.mark.parametrize(("seed", "directed", "gamma", "negative"),
                         [(1, False, 0.0, False), (2, True, 0.0, False), (3, False, 0.1, False), (4, False, 0.0, True)])
def test_nash_agrees_with_the_continuous_solver(seed, directed, gamma, negative):
    g = random_network(seed, 5, directed=directed)
    alpha = np.array([1.0, 0.8, -3.0, 1.2, 0.5]) if negative else np.linspace(0.5, 1.5, 5)
    game = game_below_condition(g, 0.7, alpha=alpha, gamma=gamma)
    closed = network_nash(game)
    vi = continuous_nash(game.to_continuous_game())
    assert vi.converged
    assert np.allclose(closed.profile, vi.profile, atol=1e-7)
    if negative:
        assert not closed.interior and closed.method == "lcp" and closed.profile[2] == 0.0


@pytest.mark.parametrize(("seed", "directed", "gamma"), [(5, False, 0.0), (6, True, 0.0), (8, False, 0.2)])
def test_planner_agrees_with_the_continuous_planner(seed, directed, gamma):
    g = random_network(seed, 5, directed=directed)
    rho_sym = spectral_radius(g + g.T)
    game = LQNetworkGame(g, alpha=np.linspace(0.5, 1.5, 5), delta=0.6 / rho_sym, gamma=gamma)
    closed = network_optimum(game)
    numeric = social_optimum(game.to_continuous_game())
    assert numeric.converged and closed.converged
    assert closed.welfare >= numeric.welfare - 1e-9 * abs(closed.welfare)
    assert np.allclose(closed.profile, numeric.profile, atol=1e-4)


# ----------------------------------------------------------------------------- key players
@given(seed=st.integers(0, 10_000), n=st.integers(2, 8), directed=st.booleans(), share=st.floats(0.05, 0.95))
@settings(max_examples=40, deadline=None)
def test_intercentrality_equals_removal_and_resolve(seed, n, directed, share):
    g = random_network(seed, n, directed=directed)
    alpha = np.random.default_rng(seed + 1).uniform(0.0, 2.0, n)
    game = game_below_condition(g, share, alpha=alpha, beta=1.7)
    closed = key_player(game, method="intercentrality")
    removal = key_player(game, method="removal")
    scale = max(1.0, closed.total_activity)
    assert np.allclose(closed.reductions, removal.reductions, atol=1e-9 * scale)
    best = removal.reductions.max()
    assert removal.reductions[closed.player] >= best - 1e-9 * scale  # same key player up to ties
    assert closed.verification.passed


@given(seed=st.integers(0, 10_000), n=st.integers(3, 7), size=st.integers(1, 2))
@settings(max_examples=20, deadline=None)
def test_greedy_group_is_feasible_and_no_better_than_exhaustive(seed, n, size):
    game = game_below_condition(random_network(seed, n, directed=False), 0.8)
    greedy, exact = key_group(game, size), key_group(game, size, method="exhaustive")
    assert exact.remaining_activity[-1] <= greedy.remaining_activity[-1] + 1e-9 * greedy.total_activity
    if size == 1:
        assert greedy.remaining_activity[0] == pytest.approx(exact.remaining_activity[0], rel=1e-9)
    # the stated remaining activity is that of the game without the group
    again = network_nash(game.without(greedy.players)).total_activity
    assert greedy.remaining_activity[-1] == pytest.approx(again, rel=1e-12)


def test_key_player_with_global_substitutes_resolves():
    game = game_below_condition(star(4), 0.5, gamma=0.1)
    kp = key_player(game)
    assert kp.method == "removal" and kp.player == 0
    with pytest.raises(InvalidArgumentError, match=r"^gamma"):
        intercentrality(game)


# ----------------------------------------------------------------------------- degenerate inputs
def test_spectral_condition_violated_names_delta():
    with pytest.raises(InvalidArgumentError, match=r"^delta: .*spectral_radius\(G\) < beta"):
        network_nash(LQNetworkGame(star(4), delta=0.5))  # rho = 2, 0.5 * 2 = 1
    with pytest.raises(InvalidArgumentError, match=r"^decay"):
        bonacich_centrality(star(4), 0.5)


def test_planner_condition_is_stricter():
    # 1 / (2 rho) <= delta < 1 / rho: the equilibrium exists, the planner's welfare is unbounded.
    game = LQNetworkGame(complete(3), delta=0.3)  # rho = 2
    assert network_nash(game).converged
    with pytest.raises(InvalidArgumentError, match=r"^delta: the planner's welfare is not strictly concave"):
        network_optimum(game)


def test_disconnected_network_solves_its_components():
    g = np.zeros((5, 5))
    g[:3, :3] = line(3)
    g[3:, 3:] = line(2)
    game = LQNetworkGame(g, alpha=[1, 2, 1, 0.5, 1.5], delta=0.3)
    eq = network_nash(game)
    left = network_nash(LQNetworkGame(line(3), alpha=[1, 2, 1], delta=0.3)).profile
    right = network_nash(LQNetworkGame(line(2), alpha=[0.5, 1.5], delta=0.3)).profile
    assert np.allclose(eq.profile, np.r_[left, right], rtol=1e-12)


def test_single_node_and_empty_network():
    single = LQNetworkGame([[0.0]], alpha=3.0, beta=2.0)
    assert network_nash(single).profile.tolist() == [1.5]
    assert network_optimum(single).profile.tolist() == [1.5]
    with pytest.raises(InvalidArgumentError, match=r"^game: a key player needs at least two"):
        key_player(single)
    isolated = LQNetworkGame(np.zeros((3, 3)), alpha=[1.0, 2.0, 3.0], delta=0.4)
    assert np.allclose(network_nash(isolated).profile, [1.0, 2.0, 3.0])
    assert key_player(isolated).player == 2


def test_corners_and_require_interior():
    game = LQNetworkGame(line(3), alpha=[1.0, -5.0, 1.0], delta=0.2)
    eq = network_nash(game)
    assert eq.profile.tolist() == [1.0, 0.0, 1.0] and not eq.interior and eq.converged
    with pytest.raises(InvalidArgumentError, match=r"^alpha: the equilibrium is not interior .*'2'"):
        network_nash(game, require_interior=True)
    assert key_player(game).method == "removal"


@given(seed=st.integers(0, 10_000), n=st.integers(2, 9), directed=st.booleans(), share=st.floats(0.05, 0.95))
@settings(max_examples=40, deadline=None)
def test_corner_equilibria_are_complementary(seed, n, directed, share):
    # With some alpha_i < 0 the equilibrium has corners: x >= 0, w = Bx - alpha >= 0, x'w = 0 (the LCP), which
    # for gamma = 0 is unique (B is a nonsingular M-matrix under the spectral condition).
    alpha = np.random.default_rng(seed).uniform(-2.0, 2.0, n)
    game = game_below_condition(random_network(seed, n, directed=directed), share, alpha=alpha)
    eq = network_nash(game)
    w = game.equilibrium_matrix @ eq.profile - game.alpha
    scale = max(1.0, float(np.abs(alpha).max()))
    assert np.all(eq.profile >= 0) and np.all(w >= -1e-9 * scale)
    assert np.abs(eq.profile * w).max() <= 1e-9 * scale
    assert np.allclose(eq.profile, game.best_responses(eq.profile), atol=1e-9 * scale)  # a fixed point of best replies
    assert eq.interior == bool(np.all(eq.profile > 0))
    # the warm-started pivoting finds what Murty's method from x = 0 (finite on P-matrices) finds
    from coordgame.solvers._lcp import pivot_from

    cold = pivot_from(game.equilibrium_matrix, game.alpha, np.zeros(n, dtype=bool), 2**n)
    assert cold is not None and np.allclose(cold, eq.profile, atol=1e-9 * scale)


def test_unit_invariance():
    g = random_network(11, 6, directed=True)
    base = game_below_condition(g, 0.6, alpha=np.linspace(0.2, 1.0, 6), gamma=0.05)
    for c in (1e-9, 1e9):
        scaled = LQNetworkGame(g, alpha=c * base.alpha, delta=c * base.delta, beta=c * base.beta, gamma=c * base.gamma)
        assert np.allclose(network_nash(scaled).profile, network_nash(base).profile, rtol=1e-9)
        assert network_nash(scaled).tol == pytest.approx(c * network_nash(base).tol, rel=1e-9)


BAD = [
    ("non_square", lambda: LQNetworkGame(np.ones((2, 3))), r"^adjacency: expected a non-empty square"),
    ("empty", lambda: LQNetworkGame(np.zeros((0, 0))), r"^adjacency: expected a non-empty square"),
    ("negative", lambda: LQNetworkGame([[0, -1], [1, 0]]), r"^adjacency: link weights must be >= 0"),
    ("nan", lambda: LQNetworkGame([[0, np.nan], [1, 0]]), r"^adjacency: link weights must be finite"),
    ("self_link", lambda: LQNetworkGame([[1, 1], [1, 0]]), r"^adjacency: self-links"),
    ("text", lambda: LQNetworkGame("ring"), r"^adjacency: expected a square matrix"),
    ("object", lambda: LQNetworkGame(object()), r"^adjacency: expected a square matrix"),
    ("alpha_length", lambda: LQNetworkGame(line(3), alpha=[1, 2]), r"^alpha: expected a number or 3"),
    ("alpha_nan", lambda: LQNetworkGame(line(3), alpha=np.nan), r"^alpha: expected finite"),
    ("delta_negative", lambda: LQNetworkGame(line(3), delta=-0.1), r"^delta: expected a finite number >= 0"),
    ("beta_zero", lambda: LQNetworkGame(line(3), beta=0), r"^beta: expected a finite number > 0"),
    ("gamma_negative", lambda: LQNetworkGame(line(3), gamma=-1), r"^gamma: "),
    ("names", lambda: LQNetworkGame(line(3), names=["a", "a", "b"]), r"^names: expected 3 distinct"),
    ("game_type", lambda: network_nash(line(3)), r"^game: expected an LQNetworkGame"),
    ("optimum_game_type", lambda: network_optimum("x"), r"^game: expected an LQNetworkGame"),
    ("key_method", lambda: key_player(LQNetworkGame(line(3)), method="best"), r"^method: "),
    ("group_size", lambda: key_group(LQNetworkGame(line(3)), 3), r"^size: expected 1 <= size < 3"),
    ("group_size_zero", lambda: key_group(LQNetworkGame(line(3)), 0), r"^size: "),
    ("tolerance", lambda: network_nash(LQNetworkGame(line(3)), tol=-1), r"tol"),
    ("unknown_keyword", lambda: network_nash(LQNetworkGame(line(3)), tolerance=1e-9), r"tolerance"),
    ("without", lambda: LQNetworkGame(line(3)).without([5]), r"^players: "),
    ("profile", lambda: LQNetworkGame(line(3)).payoffs([1.0, 2.0]), r"^x: expected 3"),
]


@pytest.mark.parametrize(("call", "pattern"), [(c, p) for _, c, p in BAD], ids=[i for i, _, _ in BAD])
def test_bad_input_names_the_argument(call, pattern):
    with pytest.raises(CoordgameError, match=pattern) as info:
        call()
    assert isinstance(info.value, (InvalidArgumentError, InvalidProfileError))


# ----------------------------------------------------------------------------- networkx
def test_networkx_graphs_match_matrices():
    nx = pytest.importorskip("networkx")
    graph = nx.star_graph(3)  # node 0 is the centre
    from_graph = network_nash(LQNetworkGame(graph, delta=0.3))
    assert np.allclose(from_graph.profile, network_nash(LQNetworkGame(star(3), delta=0.3)).profile)
    assert from_graph.names == ("0", "1", "2", "3")
    directed = nx.DiGraph()
    directed.add_edge("a", "b", weight=2.0)  # a receives from b: g_ab = 2
    directed.add_node("c")
    g = adjacency_matrix(directed)
    assert g.tolist() == [[0.0, 2.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    eq = network_nash(LQNetworkGame(directed, delta=0.25))
    assert np.allclose(eq.profile, [1.5, 1.0, 1.0])  # x_a = 1 + 0.25 * 2 * x_b


def test_stated_regrets_are_the_payoff_gains_of_deviating():
    # The solver's vectorised regrets against deviations evaluated one at a time with the game's payoffs.
    game = game_below_condition(random_network(13, 6, directed=True), 0.7, alpha=np.linspace(-0.5, 1.5, 6), gamma=0.05)
    x = np.linspace(0.1, 1.0, 6)  # not an equilibrium: regrets are positive
    from coordgame.solvers.network import _regrets

    gains = []
    for i, best in enumerate(game.best_responses(x)):
        y = x.copy()
        y[i] = best
        gains.append(game.payoffs(y)[i] - game.payoffs(x)[i])
    assert np.allclose(_regrets(game, x), np.maximum(gains, 0.0), rtol=1e-12, atol=1e-15)
    assert _regrets(game, x).max() > 0
