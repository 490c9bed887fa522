r"""Stochastic stability: the states the noisy revision dynamics spend their time in as the noise vanishes.

The dynamics and Young's (1993) resistance-tree computation are stated in :mod:`coordgame.selection`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import one_of, positive_float, positive_int
from coordgame.errors import InvalidArgumentError
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.results import Result
from coordgame.tolerances import DEFAULT_TOL, absolute_tolerance

__all__ = ["StochasticStability", "stochastic_stability", "revision_chain", "stationary_distribution"]

PureProfile = tuple[int, ...]


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

    Examples
    --------
    >>> import coordgame as cg
    >>> st = cg.selection.stochastic_stability(cg.games.stag_hunt())  # logit dynamics pick the risk-dominant (Hare, Hare)
    >>> st.stable, st.dynamics, st.recurrent_classes
    ([(1, 1)], 'logit', [[(0, 0)], [(1, 1)]])
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
