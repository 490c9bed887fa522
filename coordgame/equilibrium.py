r"""Result types and verification.

Every equilibrium coordgame returns is an :class:`Equilibrium` built by :func:`verify` (the one
public check; solvers use the same rule through internal helpers that check many two-player
profiles at once), which recomputes each player's regret

.. math:: r_i(\sigma) = \max_{k \in A_i} v_i(k, \sigma_{-i}) - U_i(\sigma)

from the game's payoffs and refuses (``VerificationError``) a profile whose largest regret
exceeds the tolerance.  Tolerances are *relative*: a solver's ``tol`` is multiplied by the
game's payoff range ``max u - min u`` (see :mod:`coordgame.tolerances`), so equilibria do not
depend on the payoffs' unit, and the absolute threshold actually applied is stored in
:attr:`Equilibrium.tol`.  Solvers that find several equilibria return an
:class:`EquilibriumSet`, which says whether it claims to be complete and converts to a pandas
DataFrame.  Both follow the result protocol of :mod:`coordgame.results` (``to_dict``,
``to_frame``, ``summary``, ``verification``, ``method``, ``tolerances``).

A correlated distribution is checked by
:func:`coordgame.solvers.incentives.incentive_violation` (its largest incentive-constraint
violation), and a pure profile of a :class:`~coordgame.games.StructuredGame` over its full
action sets by :func:`coordgame.solvers.structured.verify_profile`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from coordgame.errors import InvalidProfileError, VerificationError
from coordgame.games.normal_form import as_game, decimal_fraction
from coordgame.results import Result
from coordgame.tolerances import DEFAULT_TOL, PROBABILITY_TOL, absolute_tolerance, check_tolerance

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from coordgame.games.normal_form import NormalFormGame

__all__ = ["Equilibrium", "EquilibriumSet", "exact_payoff_table", "exact_regrets", "verify"]


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.array(array, dtype=np.float64)
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class Equilibrium(Result):
    """A verified equilibrium of a finite game.

    Attributes
    ----------
    strategies : tuple of ndarray
        One probability vector per player (read-only).
    payoffs : ndarray
        Each player's expected payoff.
    regret : float
        The largest regret of any player at this profile (``<= tol``).
    tol : float
        The absolute regret threshold the profile was verified against.
    method : str
        The algorithm that found it.
    exact : tuple of tuples of Fraction, optional
        The exact rational strategies, when an exact-arithmetic method produced them.
    """

    strategies: tuple[np.ndarray, ...]
    payoffs: np.ndarray
    regret: float
    tol: float
    method: str
    exact: tuple[tuple[Fraction, ...], ...] | None = None

    _verified_by = ("regret", "regret", "tol", None)
    _dict_extras = ("welfare",)

    @property
    def welfare(self) -> float:
        """Utilitarian welfare: the sum of the players' payoffs."""
        return float(self.payoffs.sum())

    @property
    def supports(self) -> tuple[np.ndarray, ...]:
        """For each player, the indices of the actions played with positive probability."""
        return tuple(np.flatnonzero(s > 0) for s in self.strategies)

    @property
    def is_pure(self) -> bool:
        """Whether every player plays a single action."""
        return all(s.size == 1 for s in self.supports)

    @property
    def pure_profile(self) -> tuple[int, ...] | None:
        """The pure profile if the equilibrium is pure, else ``None``."""
        if not self.is_pure:
            return None
        return tuple(int(s[0]) for s in self.supports)

    def __repr__(self) -> str:
        if self.is_pure:
            body = f"pure {self.pure_profile}"
        else:
            body = "(" + ", ".join(np.array2string(s, precision=4, separator=", ") for s in self.strategies) + ")"
        pay = np.array2string(self.payoffs, precision=4, separator=", ")
        return f"Equilibrium({body}, payoffs={pay}, regret={self.regret:.2g}, method={self.method!r})"


def verify(
    game: NormalFormGame | Any,
    strategies: Sequence[Any],
    *,
    tol: float = DEFAULT_TOL,
    method: str = "verify",
    exact: Sequence[Sequence[Fraction]] | None = None,
) -> Equilibrium:
    """Check that ``strategies`` is a Nash equilibrium of ``game`` and wrap it.

    The one public check of a profile: every solver's equilibria pass the same rule (each
    player's regret, recomputed from the payoffs, at most ``tol`` times the payoff scale).

    Parameters
    ----------
    game : NormalFormGame, array_like or tuple (A, B)
        The game, or its payoffs (see :func:`coordgame.games.as_game`).
    strategies : sequence
        A pure or mixed profile (see :meth:`NormalFormGame.as_mixed_profile`).
    tol : float, default 1e-9
        Relative tolerance: the profile passes when its largest regret is at most
        ``tol * game.payoff_range`` (see :mod:`coordgame.tolerances`).
    method : str, default "verify"
        Name of the algorithm that produced the profile, recorded in the result.
    exact : sequence of sequences of Fraction, optional
        The exact strategies when known; then the float strategies are derived from them.

    Returns
    -------
    Equilibrium

    Raises
    ------
    VerificationError
        If some player's regret exceeds the tolerance.
    InvalidGameError, InvalidProfileError, InvalidArgumentError
        If the game, the profile or ``tol`` is malformed.

    See Also
    --------
    coordgame.solvers.incentives.incentive_violation : the check of a correlated distribution.

    Examples
    --------
    >>> import coordgame as cg
    >>> g = cg.games.battle_of_the_sexes()
    >>> cg.verify(g, ([0.6, 0.4], [0.4, 0.6])).payoffs.round(6).tolist()
    [1.2, 1.2]
    >>> cg.verify(([[3, 0], [0, 2]], [[2, 0], [0, 3]]), (1, 1)).pure_profile
    (1, 1)
    >>> cg.verify(g, (0, 1), method="by hand")
    Traceback (most recent call last):
    ...
    coordgame.errors.VerificationError: profile is not an equilibrium within tolerance 3e-09: regrets [2. 2.] (method 'by hand')
    """
    game = as_game(game)
    tol = _valid_tol(tol)
    if exact is not None:
        exact = tuple(tuple(Fraction(p) for p in s) for s in exact)
        strategies = [np.array([float(p) for p in s]) for s in exact]
    mixed = game.as_mixed_profile(strategies)  # fresh float64 arrays, owned here
    values = [game._action_values(mixed, i) for i in range(game.num_players)]
    payoffs = np.fromiter((v @ s for v, s in zip(values, mixed)), dtype=np.float64, count=len(mixed))
    best = np.fromiter((v.max() for v in values), dtype=np.float64, count=len(values))
    return _checked(game, mixed, payoffs, (best - payoffs).tolist(), method=method, tol=tol, exact=exact)


def _valid_tol(tol: Any, name: str = "tol") -> float:
    """``tol`` as a float if it is a finite number >= 0, else InvalidArgumentError naming it."""
    return check_tolerance(tol, name)


def _checked(
    game: NormalFormGame,
    strategies: Sequence[np.ndarray],
    payoffs: np.ndarray,
    regrets: Sequence[float],
    *,
    method: str,
    tol: float,
    exact: tuple[tuple[Fraction, ...], ...] | None = None,
    refuse: bool = True,
    exact_table: np.ndarray | None = None,
) -> Equilibrium | None:
    """The tolerance rule of every check here: the :class:`Equilibrium` of a profile whose regrets are known.

    ``regrets`` holds each player's best action value minus their payoff (rounding may make
    one slightly negative; it is reported as zero).  The profile passes when every regret is
    at most ``tol * game.payoff_range`` (a NaN regret fails); otherwise VerificationError is
    raised, or, with ``refuse=False``, None is returned (for batches, where failures are
    counted rather than raised).  ``strategies`` and ``payoffs`` are float64 arrays handed over
    by the caller: they are frozen and stored.  An ``exact`` profile must moreover have exact
    regrets of zero, in rational arithmetic on the game's exact payoffs (``exact_table``, from
    :func:`exact_payoff_table`, when the caller checks many profiles of one game).
    """
    threshold = absolute_tolerance(tol, game)
    if exact is not None and any(exact_regrets(game, exact, exact_table)):
        # An exact profile is an equilibrium exactly or not at all: no tolerance applies.
        if not refuse:
            return None
        raise VerificationError(f"exact profile is not an equilibrium: exact regrets "
                                f"{[str(r) for r in exact_regrets(game, exact, exact_table)]} (method {method!r})")
    regret = 0.0  # the largest regret
    for r in regrets:
        if not r <= threshold:  # a NaN regret fails too
            if not refuse:
                return None
            raise VerificationError(
                f"profile is not an equilibrium within tolerance {threshold:.2g}: regrets {np.maximum(regrets, 0.0)} "
                f"(method {method!r})"
            )
        regret = max(regret, r)
    for s in strategies:
        s.setflags(write=False)
    payoffs.setflags(write=False)
    return Equilibrium(tuple(strategies), payoffs, regret, threshold, method, exact)  # the fields in order


def exact_payoff_table(game: NormalFormGame) -> np.ndarray:
    """The game's payoffs as Fractions: its :attr:`~NormalFormGame.exact_payoffs`, else each float's decimal.

    Examples
    --------
    >>> import coordgame as cg
    >>> exact_payoff_table(cg.NormalFormGame([[[0.1, 2]], [[1, 0]]]))[0, 0, 0]
    Fraction(1, 10)
    """
    if game.exact_payoffs is not None:
        return game.exact_payoffs
    return np.vectorize(decimal_fraction, otypes=[object])(game.payoffs)


def exact_regrets(game: NormalFormGame, exact: Sequence[Sequence[Fraction]], table: np.ndarray | None = None
                  ) -> list[Fraction]:
    """Each player's regret at the exact profile ``exact``, in rational arithmetic (0 at an equilibrium).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> import coordgame as cg
    >>> g = cg.games.battle_of_the_sexes()
    >>> exact_regrets(g, [(F(3, 5), F(2, 5)), (F(2, 5), F(3, 5))])
    [Fraction(0, 1), Fraction(0, 1)]
    >>> exact_regrets(g, [(1, 0), (0, 1)])
    [Fraction(2, 1), Fraction(2, 1)]
    """
    table = exact_payoff_table(game) if table is None else table
    strategies = [np.array([Fraction(p) for p in s], dtype=object) for s in exact]
    regrets = []
    for i, own in enumerate(strategies):
        values = table[i]
        for j in reversed(range(len(strategies))):  # contract the others' axes, last first
            if j != i:
                values = np.tensordot(values, strategies[j], axes=([j], [0]))
        regrets.append(Fraction(max(values)) - Fraction(values @ own))
    return regrets


def _verify_bimatrix_weights(
    game: NormalFormGame, u: np.ndarray, v: np.ndarray, *, method: str, tol: float = DEFAULT_TOL
) -> Equilibrium:
    """:func:`verify` for the two-player profile ``(u / sum(u), v / sum(v))``, for solvers that build it.

    ``u`` and ``v`` are fresh float64 weight vectors of the right lengths owned by the caller, who
    hands them over: they are clipped at zero (rounding may leave ``-1e-17``) and normalised in
    place, so they are probability vectors by construction.  A total that is not positive and
    finite (all weights zero, or a NaN or infinite weight) is refused with VerificationError.
    Then :func:`_verify_bimatrix_values` with ``A @ y`` and ``x @ B``, skipping the input
    conversion of :func:`verify`.
    """
    x = np.maximum(u, 0.0, out=u)
    y = np.maximum(v, 0.0, out=v)
    x_total, y_total = float(x.sum()), float(y.sum())
    if not (0.0 < x_total < np.inf and 0.0 < y_total < np.inf):
        raise VerificationError(
            f"profile weights cannot be normalised: totals {x_total:.3g} and {y_total:.3g} (method {method!r})"
        )
    x /= x_total
    y /= y_total
    A, B = game.payoffs
    row_values, col_values = A @ y, x @ B
    return _verify_bimatrix_values(
        game, x, y, float(row_values @ x), float(col_values @ y), float(row_values.max()), float(col_values.max()),
        method=method, tol=tol,
    )


def _verify_bimatrix_values(
    game: NormalFormGame, x: np.ndarray, y: np.ndarray, row_payoff: float, col_payoff: float, row_best: float,
    col_best: float, *, method: str, tol: float = DEFAULT_TOL,
) -> Equilibrium:
    """The check of :func:`verify` for a two-player profile given with its action values.

    ``x`` and ``y`` are fresh float64 probability vectors handed over by the caller (they are
    frozen and stored); with ``A @ y`` and ``x @ B`` computed from the game's payoff matrices,
    ``row_payoff = x @ (A @ y)``, ``row_best = max(A @ y)``, ``col_payoff = (x @ B) @ y`` and
    ``col_best = max(x @ B)``.  Each player's regret is the best value minus the payoff, checked
    by :func:`_checked`.
    """
    regrets = (row_best - row_payoff, col_best - col_payoff)
    return _checked(game, (x, y), np.array((row_payoff, col_payoff)), regrets, method=method, tol=tol)


def _verify_bimatrix(
    game: NormalFormGame,
    xs: Any,
    ys: Any,
    *,
    method: str,
    tol: float = DEFAULT_TOL,
    exact: Sequence[Sequence[Sequence[Fraction]]] | None = None,
) -> tuple[list[Equilibrium], np.ndarray]:
    """:func:`verify` for many profiles ``(xs[k], ys[k])`` of a two-player game at once.

    The check is the one of :func:`verify` (each row a probability vector; each player's regret
    recomputed from the payoff matrices, at most ``tol * game.payoff_range``), with every
    profile's action values from one matrix product.  Profiles that fail are not raised but
    reported in the returned mask, so a solver can drop them and say so.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game with ``m`` and ``n`` actions.
    xs, ys : array_like, shape (K, m) and (K, n)
        The players' mixed strategies, profile by profile.
    method, tol
        As for :func:`verify`.
    exact : sequence of profiles of Fractions, optional
        The exact profiles when known (``exact[k] = (x, y)``), stored with each equilibrium;
        ``xs`` and ``ys`` must then be their float values.

    Returns
    -------
    equilibria : list of Equilibrium
        The profiles that passed, in their input order.
    passed : ndarray of bool, shape (K,)
        Which profiles passed.

    Examples
    --------
    >>> import coordgame as cg
    >>> g = cg.games.battle_of_the_sexes()
    >>> from coordgame.equilibrium import _verify_bimatrix
    >>> eqs, passed = _verify_bimatrix(g, [[0.6, 0.4], [1, 0]], [[0.4, 0.6], [0, 1]], method="by hand")
    >>> passed.tolist(), [eq.payoffs.round(6).tolist() for eq in eqs]
    ([True, False], [[1.2, 1.2]])
    """
    m, n = game.num_actions
    # One row per profile, [x | y], so that each step below is a single array operation.
    profiles = np.concatenate([np.reshape(xs, (-1, m)), np.reshape(ys, (-1, n))], axis=1, dtype=np.float64)
    totals = np.add.reduceat(profiles, [0, m], axis=1)
    # As in as_mixed_profile; a NaN or infinite entry makes a total non-finite, failing the comparison.
    near_one = np.abs(totals - 1.0) <= PROBABILITY_TOL * np.array([m, n])
    if not near_one.all() or profiles.min(initial=0.0) < -PROBABILITY_TOL:
        raise InvalidProfileError("xs, ys: expected rows of non-negative probabilities summing to 1")
    np.maximum(profiles, 0.0, out=profiles)
    return _verified_profiles(game, profiles, method=method, tol=tol, exact=exact)


def _verified_profiles(
    game: NormalFormGame,
    profiles: np.ndarray,
    *,
    method: str,
    tol: float,
    exact: Sequence[Sequence[Sequence[Fraction]]] | None = None,
) -> tuple[list[Equilibrium], np.ndarray]:
    """The regret check of :func:`_verify_bimatrix` on rows ``[x | y]`` that are probability vectors.

    For solvers that build their profiles as probability vectors (non-negative, normalised):
    ``profiles`` is a fresh float64 array handed over (it is frozen and its rows are stored).
    Each player's regret is recomputed from the payoff matrices, as in :func:`verify`.
    """
    m, n = game.num_actions
    profiles.setflags(write=False)
    A, B = game.payoffs
    # values[k] = [A @ y_k | x_k @ B]: each player's action values against the other's strategy.
    both = np.zeros((m + n, m + n))
    both[:m, m:], both[m:, :m] = B, A.T
    values = profiles @ both
    blocks = [0, m]
    payoffs = np.add.reduceat(values * profiles, blocks, axis=1)
    regrets = (np.maximum.reduceat(values, blocks, axis=1) - payoffs).tolist()
    payoffs.setflags(write=False)
    table = None if exact is None else exact_payoff_table(game)
    checked = [
        _checked(game, (x, y), payoff, regret, method=method, tol=tol, refuse=False, exact_table=table,
                 exact=None if exact is None else tuple(tuple(Fraction(p) for p in s) for s in exact[k]))
        for k, (x, y, payoff, regret) in enumerate(zip(profiles[:, :m], profiles[:, m:], payoffs, regrets))
    ]
    passed = np.array([eq is not None for eq in checked], dtype=bool)
    return [eq for eq in checked if eq is not None], passed


@dataclass(frozen=True, eq=False)
class EquilibriumSet(Result, Sequence[Equilibrium]):
    """The equilibria a solver found, with what it claims about them.

    Attributes
    ----------
    equilibria : tuple of Equilibrium
    game : NormalFormGame
    method : str
        The algorithm used (``nash(method="auto")`` records the one it chose).
    complete : bool
        Whether the method guarantees that no equilibrium of the searched class is missing
        (e.g. all pure equilibria, or all extreme equilibria of a two-player game).
    notes : tuple of str
        Anything a reader should know (degeneracy detected, which class was searched, ...).
    components : tuple of tuple of int, optional
        For two-player vertex enumeration with ``components=True``: indices of the extreme
        equilibria grouped by the connected component of the equilibrium set they lie in.
    maximal_subsets : tuple of tuple of int, optional
        Likewise, the maximal Nash subsets (convex sets of equilibria whose union is the
        component), each given by the extreme equilibria that span it.
    """

    equilibria: tuple[Equilibrium, ...]
    game: NormalFormGame
    method: str
    complete: bool
    notes: tuple[str, ...] = ()
    components: tuple[tuple[int, ...], ...] | None = None
    maximal_subsets: tuple[tuple[int, ...], ...] | None = None
    parameters: dict[str, Any] = field(default_factory=dict)

    _members = "equilibria"
    _dict_skip = ("game",)

    @overload
    def __getitem__(self, index: int) -> Equilibrium: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Equilibrium, ...]: ...
    def __getitem__(self, index):
        return self.equilibria[index]

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    def __repr__(self) -> str:
        lines = [f"EquilibriumSet({len(self)} equilibria, method={self.method!r}, complete={self.complete})"]
        lines += [f"  {eq!r}" for eq in self.equilibria]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    @property
    def welfare(self) -> np.ndarray:
        """Utilitarian welfare of each equilibrium."""
        return np.array([eq.welfare for eq in self.equilibria])

    def pure_profiles(self) -> list[tuple[int, ...]]:
        """The pure profiles among the equilibria."""
        return [eq.pure_profile for eq in self.equilibria if eq.is_pure]

    def to_frame(self) -> pd.DataFrame:
        """A tidy pandas DataFrame: one row per equilibrium.

        Columns: ``equilibrium`` (index), ``pure`` (bool), one ``strategy[<player>]`` column
        per player (the probability vector as a tuple), one ``payoff[<player>]`` column per
        player, ``welfare``, ``regret``, ``method`` and, when components were computed,
        ``component``.

        Examples
        --------
        >>> import coordgame as cg
        >>> frame = cg.pure_nash(cg.games.stag_hunt()).to_frame()
        >>> frame[["pure", "welfare"]].to_dict("list")
        {'pure': [True, True], 'welfare': [8.0, 4.0]}
        """
        import pandas as pd

        names = self.game.player_names
        rows = []
        component_of = {}
        for c, members in enumerate(self.components or ()):
            for k in members:
                component_of[k] = c
        for k, eq in enumerate(self.equilibria):
            row: dict[str, Any] = {"equilibrium": k, "pure": eq.is_pure}
            for name, s in zip(names, eq.strategies):
                row[f"strategy[{name}]"] = tuple(np.round(s, 12).tolist())
            for name, p in zip(names, eq.payoffs):
                row[f"payoff[{name}]"] = float(p)
            row.update(welfare=eq.welfare, regret=eq.regret, method=eq.method)
            if self.components is not None:
                row["component"] = component_of.get(k)
            rows.append(row)
        columns = ["equilibrium", "pure", *[f"strategy[{n}]" for n in names], *[f"payoff[{n}]" for n in names],
                   "welfare", "regret", "method"] + (["component"] if self.components is not None else [])
        return pd.DataFrame(rows, columns=columns).set_index("equilibrium")
