r"""Equilibrium selection: risk dominance, payoff dominance, the logit solution, stochastic stability.

**Risk dominance** (Harsanyi & Selten 1988, *A General Theory of Equilibrium Selection in Games*,
MIT Press, ch. 3 and 5).  In a two-player game with strict pure equilibria :math:`a = (a_1, a_2)`
and :math:`b = (b_1, b_2)` (restricted to the 2×2 game of their actions), :math:`a` risk-dominates
:math:`b` when the product of the players' deviation losses is larger:

.. math:: [u_1(a) - u_1(b_1, a_2)]\,[u_2(a) - u_2(a_1, b_2)] >
          [u_1(b) - u_1(a_1, b_2)]\,[u_2(b) - u_2(b_1, a_2)] .

For a *symmetric N-player game with two actions* A, B whose symmetric profiles are strict
equilibria, let :math:`\Delta(k) = u(A; k \text{ others play } A) - u(B; k \text{ others play } A)`.
We use the uniform-belief criterion: all-A risk-dominates all-B iff A is the strict best reply
when each opponent plays A with probability 1/2 independently,

.. math:: \sum_{k=0}^{N-1} \binom{N-1}{k} 2^{-(N-1)} \Delta(k) > 0 .

This is the equilibrium the Harsanyi–Selten linear tracing procedure selects from the centroid
prior (if A is the best reply to the prior, the tracing path stays at all-A: a best reply to
:math:`t\,(\text{all-A}) + (1 - t)\,\text{prior}` for every :math:`t`), and for N = 2 it is the
Nash-product criterion above.  For N > 2 it can differ from the *basin* criterion of the
mistakes dynamics (Kandori, Mailath & Rob 1993; Kim 1996, "Equilibrium selection in n-person
coordination games", *GEB* 15): there all-A is selected when fewer simultaneous mistakes
are needed to reach its basin than to leave it, which :func:`stochastic_stability` computes.
Both are reported.

**Payoff dominance**: an equilibrium whose payoffs are at least those of every other equilibrium
for every player (Harsanyi & Selten 1988): the Pareto-best one, if it exists.

**The logit solution** (McKelvey & Palfrey 1995): the limit of the principal branch of logit QREs
(:func:`coordgame.solvers.logit_solve`).

**Stochastic stability** (Foster & Young 1990; Kandori, Mailath & Rob 1993; Young 1993,
"The evolution of conventions", *Econometrica* 61; Blume 1993).  Pure profiles are the states of
a Markov chain in which one player, chosen uniformly, revises her action each period: under
*logit* dynamics she picks action :math:`k` with probability proportional to
:math:`\exp(u_i(k, a_{-i}) / \eta)`; under *mistakes* dynamics she best-responds (uniformly
among best replies) with probability :math:`1 - \varepsilon` and picks a uniformly random action
otherwise.  As the noise vanishes, the stationary distribution concentrates on the
*stochastically stable* states.  They are computed exactly by Young's (1993) theorem: the
transition :math:`x \to y` (one player switches to :math:`y_i`) has *resistance*
:math:`r = \max_k u_i(k, x_{-i}) - u_i(y_i, x_{-i})` under logit (Alós-Ferrer & Netzer 2010,
"The logit-response dynamics", *GEB* 68) and :math:`r = [y_i \notin BR_i(x_{-i})]` under
mistakes; the stochastically stable states are the recurrent classes of the noise-free dynamics
whose minimum-resistance in-tree (computed with Chu–Liu/Edmonds on the graph of recurrent classes,
edge costs = least-resistance paths) is smallest.  :func:`revision_chain` builds the chain at a
given noise level, so the limit can also be watched numerically.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import comb

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import one_of, positive_float, positive_int
from coordgame.equilibrium import Equilibrium, EquilibriumSet
from coordgame.errors import InvalidArgumentError, UnsupportedGameError
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.results import Result
from coordgame.tolerances import DEFAULT_TOL, absolute_tolerance

__all__ = [
    "RiskDominance",
    "risk_dominance",
    "PayoffDominance",
    "payoff_dominance",
    "logit_selection",
    "StochasticStability",
    "stochastic_stability",
    "revision_chain",
    "stationary_distribution",
]

PureProfile = tuple[int, ...]


# ---------------------------------------------------------------------------------- risk dominance
@dataclass(frozen=True)
class RiskDominance(Result):
    """Outcome of a risk-dominance comparison of two strict pure equilibria.

    Attributes
    ----------
    first, second : tuple of int
        The two equilibria compared.
    winner : tuple of int or None
        The risk-dominant one (``None`` on a tie).
    scores : tuple of float
        For two players, the Nash products of deviation losses of ``first`` and ``second``;
        for symmetric N-player games, the expected gain of ``first``'s action over ``second``'s
        under uniform beliefs, and its negative.
    larger_basin : tuple of int or None
        N-player symmetric games: the one of the two selected by the mistakes dynamics (the
        larger basin: more simultaneous mistakes are needed to leave it; Kandori, Mailath & Rob
        1993), from :func:`stochastic_stability`; ``None`` if neither alone.
    criterion : str
    """

    first: PureProfile
    second: PureProfile
    winner: PureProfile | None
    scores: tuple[float, float]
    larger_basin: PureProfile | None
    criterion: str

    @property
    def method(self) -> str:
        """The criterion applied."""
        return self.criterion


def _strict_equilibrium(game: NormalFormGame, profile: PureProfile) -> bool:
    for i in range(game.num_players):
        index = list(profile)
        index[i] = slice(None)
        column = game.payoffs[i][tuple(index)]
        others = np.delete(column, profile[i])
        if others.size and not column[profile[i]] > others.max():
            return False
    return True


def _is_symmetric(game: NormalFormGame, atol: float) -> bool:
    """Invariance of the payoffs under every adjacent transposition of players (they generate S_N)."""
    u = game.payoffs
    if len(set(game.num_actions)) != 1:
        return False
    for i in range(game.num_players - 1):
        swap = list(range(game.num_players))
        swap[i], swap[i + 1] = swap[i + 1], swap[i]
        swapped = np.transpose(u[swap], [0, *[a + 1 for a in swap]])
        if not np.allclose(swapped, u, rtol=0.0, atol=atol):
            return False
    return True


@checked_arguments
def risk_dominance(
    game: NormalFormGame, first: Sequence[int] | None = None, second: Sequence[int] | None = None, *,
    tol: float = DEFAULT_TOL,
) -> RiskDominance:
    """Compare two strict pure equilibria by Harsanyi–Selten risk dominance.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game, or a symmetric N-player game with two actions.
    first, second : pure profiles, optional
        The equilibria to compare.  Default: the all-0 and all-1 profiles (for a 2×2 game the
        diagonal equilibria ``(0, 0)`` and ``(1, 1)``).
    tol : float, default 1e-9
        Relative tolerance of the symmetry check and of ties.

    Returns
    -------
    RiskDominance

    Raises
    ------
    InvalidArgumentError
        If a profile is not a strict equilibrium, or the two share an action of some player.
    UnsupportedGameError
        For N > 2 players when the game is not symmetric with two actions, or the profiles
        compared are not the two symmetric ones.

    Examples
    --------
    The stag hunt of :func:`coordgame.games.stag_hunt` (``[[4, 0], [3, 2]]``): (Stag, Stag) pays
    more, but (Hare, Hare) risk-dominates, since (2 - 0)^2 = 4 > (4 - 3)^2 = 1.

    >>> import coordgame as cg
    >>> rd = cg.selection.risk_dominance(cg.games.stag_hunt())
    >>> rd.winner, rd.scores
    ((1, 1), (1.0, 4.0))
    """
    game = as_game(game)
    n = game.num_players
    first = tuple(int(a) for a in (first if first is not None else (0,) * n))
    second = tuple(int(a) for a in (second if second is not None else (1,) * n))
    for name, profile in (("first", first), ("second", second)):
        game.as_pure_profile(profile)
        if not _strict_equilibrium(game, profile):
            raise InvalidArgumentError(f"{name}: {profile} is not a strict pure equilibrium")
    if any(a == b for a, b in zip(first, second)):
        raise InvalidArgumentError(f"first, second: {first} and {second} share a player's action; "
                                   "risk dominance compares equilibria that differ in every action")
    atol = absolute_tolerance(tol, game)
    if n == 2:
        return _two_player_risk_dominance(game, first, second, atol)
    if game.num_actions != (2,) * n or not _is_symmetric(game, atol) or len(set(first)) != 1:
        raise UnsupportedGameError("game: risk dominance for N > 2 players is defined here for symmetric games with "
                                   "two actions, comparing the two symmetric pure profiles")
    return _symmetric_binary_risk_dominance(game, first, second, atol)


def _two_player_risk_dominance(game: NormalFormGame, a: PureProfile, b: PureProfile, atol: float) -> RiskDominance:
    u1, u2 = game.payoffs
    product_a = (u1[a] - u1[b[0], a[1]]) * (u2[a] - u2[a[0], b[1]])
    product_b = (u1[b] - u1[a[0], b[1]]) * (u2[b] - u2[b[0], a[1]])
    winner = a if product_a > product_b + atol else b if product_b > product_a + atol else None
    return RiskDominance(first=a, second=b, winner=winner, scores=(float(product_a), float(product_b)),
                         larger_basin=None, criterion="Nash product of deviation losses (Harsanyi-Selten 1988)")


def _symmetric_binary_risk_dominance(game: NormalFormGame, a: PureProfile, b: PureProfile, atol: float
                                     ) -> RiskDominance:
    n = game.num_players
    action_a, action_b = a[0], b[0]
    # delta[k]: player 0's gain from action_a over action_b when k of the others play action_a.
    delta = np.empty(n)
    for k in range(n):
        others = [action_a] * k + [action_b] * (n - 1 - k)
        delta[k] = game.payoffs[0][(action_a, *others)] - game.payoffs[0][(action_b, *others)]
    gain = float(sum(comb(n - 1, k) * delta[k] for k in range(n)) / 2 ** (n - 1))
    winner = a if gain > atol else b if gain < -atol else None
    stable = stochastic_stability(game, dynamics="mistakes", tol=atol / game.payoff_range).stable
    basin = a if stable == [a] else b if stable == [b] else None
    return RiskDominance(first=a, second=b, winner=winner, scores=(gain, -gain), larger_basin=basin,
                         criterion="best reply to uniform (1/2) beliefs: Harsanyi-Selten tracing from the centroid prior")


# -------------------------------------------------------------------------------- payoff dominance
@dataclass(frozen=True, eq=False)
class PayoffDominance(Result):
    """Pareto comparison of equilibria.

    Attributes
    ----------
    dominant : Equilibrium or None
        An equilibrium at least as good as every other one for every player (``None`` if none).
    efficient : tuple of Equilibrium
        The equilibria not Pareto-dominated by another one.
    """

    dominant: Equilibrium | None
    efficient: tuple[Equilibrium, ...]

    method = "payoff_dominance"
    _members = "efficient"


@checked_arguments
def payoff_dominance(equilibria: EquilibriumSet | Sequence[Equilibrium] | NormalFormGame, *,
                     tol: float = DEFAULT_TOL) -> PayoffDominance:
    """The payoff-dominant (Pareto-best) equilibrium among ``equilibria``, and the efficient ones.

    Parameters
    ----------
    equilibria : EquilibriumSet, sequence of Equilibrium, or NormalFormGame
        The candidates; a game stands for its pure equilibria (:func:`coordgame.pure_nash`).
    tol : float, default 1e-9
        Relative tolerance of payoff comparisons: payoffs within
        ``tol * max(1, largest |payoff| among the candidates)`` count as equal.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.selection.payoff_dominance(cg.games.stag_hunt()).dominant.pure_profile
    (0, 0)
    """
    if isinstance(equilibria, NormalFormGame):
        from coordgame.solvers.pure import pure_nash

        equilibria = pure_nash(equilibria, tol=tol)
    if not isinstance(equilibria, (EquilibriumSet, Sequence)) or isinstance(equilibria, str) or not all(
            isinstance(eq, Equilibrium) for eq in equilibria):
        raise InvalidArgumentError("equilibria: expected an EquilibriumSet, a sequence of Equilibrium or a "
                                   f"NormalFormGame, got {type(equilibria).__name__}")
    candidates = tuple(equilibria)
    if not candidates:
        raise InvalidArgumentError("equilibria: expected at least one equilibrium")
    payoffs = np.array([eq.payoffs for eq in candidates])
    atol = tol * max(1.0, float(np.abs(payoffs).max()))
    weakly = (payoffs[:, None, :] >= payoffs[None, :, :] - atol).all(axis=2)  # [a, b]: a >= b for all players
    strictly = weakly & (payoffs[:, None, :] > payoffs[None, :, :] + atol).any(axis=2)
    efficient = tuple(eq for k, eq in enumerate(candidates) if not strictly[:, k].any())
    dominant = next((eq for k, eq in enumerate(candidates) if weakly[k].all()), None)
    return PayoffDominance(dominant=dominant, efficient=efficient)


def logit_selection(game: NormalFormGame, *, tol: float = DEFAULT_TOL) -> Equilibrium:
    """The logit solution (McKelvey & Palfrey 1995): the limit of the principal logit QRE branch.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.selection.logit_selection(cg.games.stag_hunt()).pure_profile
    (1, 1)
    """
    from coordgame.solvers.logit import logit_solve

    return logit_solve(game, tol=tol)


# ---------------------------------------------------------------------------- stochastic stability
def _profiles(game: NormalFormGame) -> np.ndarray:
    return np.stack(np.unravel_index(np.arange(game.num_profiles), game.num_actions), axis=1)


def _neighbour_moves(game: NormalFormGame):
    """For each player i and action k: (i, source states, target states with i switched to k, i's payoff loss)."""
    shape = game.num_actions
    states = np.arange(game.num_profiles).reshape(shape)
    for i, n_i in enumerate(shape):
        best = game.payoffs[i].max(axis=i, keepdims=True)
        for k in range(n_i):
            target = np.take(states, [k], axis=i)
            target = np.broadcast_to(target, shape)
            loss = np.broadcast_to(best - np.take(game.payoffs[i], [k], axis=i), shape)
            yield i, states.ravel(), target.ravel(), loss.ravel()


def revision_chain(game: NormalFormGame, noise: float, *, dynamics: str = "logit", tol: float = DEFAULT_TOL
                   ) -> np.ndarray:
    """Transition matrix over pure profiles of one-player-at-a-time revision with noise.

    Each period a uniformly chosen player revises: under ``"logit"`` she picks action ``k`` with
    probability proportional to ``exp(u_i(k, a_-i) / noise)``; under ``"mistakes"`` she picks a
    best reply (uniformly among them) with probability ``1 - noise`` and a uniformly random
    action otherwise.  States are pure profiles in C order (``numpy.unravel_index``).

    Parameters
    ----------
    game : NormalFormGame
    noise : float
        The logit temperature ``eta`` (> 0), or the mistake probability ``epsilon`` in (0, 1].
    dynamics : {"logit", "mistakes"}
    tol : float, default 1e-9
        Relative tolerance deciding which actions are best replies (mistakes dynamics).

    Examples
    --------
    >>> import coordgame as cg
    >>> P = cg.selection.revision_chain(cg.games.stag_hunt(), 0.5)
    >>> P.shape, bool(abs(P.sum(axis=1) - 1).max() < 1e-12)
    ((4, 4), True)
    """
    game = as_game(game)
    one_of(dynamics, "dynamics", ("logit", "mistakes"))
    noise = positive_float(noise, "noise")
    if dynamics == "mistakes" and noise > 1:
        raise InvalidArgumentError(f"noise: the mistake probability must be in (0, 1], got {noise}")
    S = game.num_profiles
    P = np.zeros((S, S))
    atol = absolute_tolerance(tol, game)
    moves = list(_neighbour_moves(game))
    for i, n_i in enumerate(game.num_actions):
        losses = np.stack([loss for j, _, _, loss in moves if j == i])  # (n_i, S)
        targets = np.stack([t for j, _, t, _ in moves if j == i])
        if dynamics == "logit":
            weights = np.exp(-losses / noise)  # losses >= 0: no overflow
        else:
            best = losses <= atol
            weights = (1 - noise) * best / best.sum(axis=0) + noise / n_i
        weights /= weights.sum(axis=0)
        np.add.at(P, (np.tile(np.arange(S), n_i), targets.ravel()), weights.ravel() / game.num_players)
    return P


def stationary_distribution(P: np.ndarray) -> np.ndarray:
    """Stationary distribution of an irreducible stochastic matrix (GTH elimination, no cancellation).

    The Grassmann–Taksar–Heyman algorithm (1985) uses only additions of non-negative numbers, so
    it stays accurate when transition probabilities are tiny (small noise).

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.selection import stationary_distribution
    >>> stationary_distribution(np.array([[0.9, 0.1], [0.2, 0.8]])).round(6).tolist()
    [0.666667, 0.333333]
    """
    A = np.array(P, dtype=float)
    n = A.shape[0]
    for k in range(n - 1, 0, -1):
        out = A[k, :k].sum()
        if out <= 0:
            raise InvalidArgumentError("P: the chain is not irreducible (a state cannot be left)")
        A[:k, k] /= out
        A[:k, :k] += np.outer(A[:k, k], A[k, :k])
    pi = np.zeros(n)
    pi[0] = 1.0
    for k in range(1, n):
        pi[k] = pi[:k] @ A[:k, k]
    return pi / pi.sum()


@dataclass(frozen=True)
class StochasticStability(Result):
    """Stochastically stable states of a noisy revision dynamic.

    Attributes
    ----------
    stable : list of tuple of int
        The stochastically stable pure profiles.
    recurrent_classes : list of list of tuple of int
        The recurrent classes of the noise-free dynamics (strict equilibria are singletons).
    potentials : ndarray
        Stochastic potential (least total resistance of an in-tree) of each recurrent class.
    dynamics : str
    """

    stable: list[PureProfile]
    recurrent_classes: list[list[PureProfile]]
    potentials: np.ndarray
    dynamics: str

    @property
    def method(self) -> str:
        """``"stochastic_stability[<dynamics>]"``."""
        return f"stochastic_stability[{self.dynamics}]"


@checked_arguments
def stochastic_stability(game: NormalFormGame, *, dynamics: str = "logit", tol: float = DEFAULT_TOL,
                         max_profiles: int = 20_000) -> StochasticStability:
    """The stochastically stable pure profiles of logit or mistakes revision dynamics (exact limit).

    Parameters
    ----------
    game : NormalFormGame
    dynamics : {"logit", "mistakes"}, default "logit"
        See :func:`revision_chain`.
    tol : float, default 1e-9
        Relative tolerance: resistances at most ``tol * payoff_range`` count as zero, and potentials
        within it as tied.
    max_profiles : int, default 20000
        Refuse larger games (the state space is the set of pure profiles).

    Examples
    --------
    In the stag hunt logit dynamics select the risk-dominant (Hare, Hare): leaving it costs a
    payoff loss of 2, leaving (Stag, Stag) only 1.  Mistakes dynamics with one reviser at a time
    cannot separate them in a two-player game (one mistake leaves either equilibrium; the
    selection of Kandori, Mailath & Rob needs a population):

    >>> import coordgame as cg
    >>> cg.selection.stochastic_stability(cg.games.stag_hunt()).stable
    [(1, 1)]
    >>> cg.selection.stochastic_stability(cg.games.stag_hunt(), dynamics="mistakes").stable
    [(0, 0), (1, 1)]
    """
    game = as_game(game)
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components, dijkstra

    game = as_game(game)
    one_of(dynamics, "dynamics", ("logit", "mistakes"))
    if game.num_profiles > positive_int(max_profiles, "max_profiles"):
        raise InvalidArgumentError(f"game: {game.num_profiles} pure profiles exceed max_profiles={max_profiles}")
    atol = absolute_tolerance(tol, game)
    rows, cols, cost = [], [], []
    for _, source, target, loss in _neighbour_moves(game):
        move = source != target
        resistance = np.where(loss <= atol, 0.0, loss if dynamics == "logit" else 1.0)
        rows.append(source[move])
        cols.append(target[move])
        cost.append(resistance[move])
    rows, cols, cost = np.concatenate(rows), np.concatenate(cols), np.concatenate(cost)
    S = game.num_profiles
    free = cost == 0.0
    zero_graph = csr_matrix((np.ones(free.sum()), (rows[free], cols[free])), shape=(S, S))
    _, component = connected_components(zero_graph, directed=True, connection="strong")
    # Recurrent classes: strongly connected components that no zero-resistance move leaves.
    leaving = set(component[rows[free]][component[rows[free]] != component[cols[free]]].tolist())
    classes = [np.flatnonzero(component == c) for c in np.unique(component) if c not in leaving]
    graph = csr_matrix((cost, (rows, cols)), shape=(S, S))  # explicit zeros are edges for csgraph
    distance = dijkstra(graph, directed=True, indices=np.concatenate(classes))
    starts = np.cumsum([0, *[len(c) for c in classes]])
    K = len(classes)
    between = np.full((K, K), np.inf)
    for a in range(K):
        for b in range(K):
            if a != b:
                between[a, b] = distance[starts[a] : starts[a + 1]][:, classes[b]].min()
    # In-tree rooted at class r in `between` = out-arborescence from r in the reversed graph.
    potentials = np.array([_min_arborescence(between.T, r) for r in range(K)])
    best = potentials.min()
    profiles = _profiles(game)
    as_tuples = [[tuple(int(a) for a in profiles[s]) for s in c] for c in classes]
    stable = [p for c, pot in zip(as_tuples, potentials) if pot <= best + atol for p in c]
    return StochasticStability(stable=sorted(stable), recurrent_classes=as_tuples, potentials=potentials,
                               dynamics=dynamics)


def _min_arborescence(cost: np.ndarray, root: int) -> float:
    """Cost of a minimum spanning out-arborescence from ``root`` (Chu–Liu/Edmonds); inf if none."""
    n = cost.shape[0]
    if n == 1:
        return 0.0
    cost = cost.copy()
    np.fill_diagonal(cost, np.inf)
    cost[:, root] = np.inf
    parent = cost.argmin(axis=0)
    weight = cost[parent, np.arange(n)]
    weight[root] = 0.0
    if np.isinf(weight).any():
        return float("inf")
    cycle = _find_cycle(parent, root)
    if cycle is None:
        return float(weight.sum())
    in_cycle = np.zeros(n, dtype=bool)
    in_cycle[cycle] = True
    rest = np.flatnonzero(~in_cycle)
    m = rest.size  # contracted node gets index m
    reduced = np.full((m + 1, m + 1), np.inf)
    reduced[:m, :m] = cost[np.ix_(rest, rest)]
    reduced[:m, m] = (cost[np.ix_(rest, cycle)] - weight[cycle]).min(axis=1)
    reduced[m, :m] = cost[np.ix_(cycle, rest)].min(axis=0)
    new_root = int(np.flatnonzero(rest == root)[0])
    return float(weight[cycle].sum()) + _min_arborescence(reduced, new_root)


def _find_cycle(parent: np.ndarray, root: int) -> np.ndarray | None:
    n = parent.size
    colour = np.zeros(n, dtype=int)  # 0 unvisited, 1 on the current walk, 2 done
    for start in range(n):
        walk, v = [], start
        while v != root and colour[v] == 0:
            colour[v] = 1
            walk.append(v)
            v = int(parent[v])
        if v != root and colour[v] == 1:
            return np.array(walk[walk.index(v) :])
        for u in walk:
            colour[u] = 2
    return None
