r"""Pure equilibria of structured games: result types, verification and exhaustive search.

The solvers for a :class:`~coordgame.games.structured.StructuredGame` work through its
vectorised deviation payoffs :math:`v_i(a_{-i})` and return a :class:`StructuredEquilibria`
whose every profile passed :func:`verify_profile`: for every player :math:`i`,

.. math:: \max_{k \text{ feasible}} v_i(a_{-i})_k - u_i(a) \le \mathrm{tol} \cdot \mathrm{payoff\_range},

checked over the player's **full** action set.

* :func:`coordgame.pure_nash` on a structured game (this module's ``exhaustive_pure_nash``) —
  every pure equilibrium.  Depth-first over the players
  ``0..N-2``; the last player is never branched on: only its best responses to the partial
  profile are candidates, and each candidate is then checked player by player, stopping at the
  first profitable deviation.  The result is complete.

Best-response dynamics on structured games (one path, or the equilibria reached from several
starts) are :func:`coordgame.best_response_dynamics` and :func:`coordgame.best_response_equilibria`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame.errors import NotAGameError, UnsupportedGameError, VerificationError
from coordgame.games.structured import StructuredGame
from coordgame.results import Result
from coordgame.tolerances import DEFAULT_TOL, absolute_tolerance

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "StructuredEquilibrium",
    "StructuredEquilibria",
    "verify_profile",
    "exhaustive_pure_nash",
]


@dataclass(frozen=True, eq=False, repr=False)
class StructuredEquilibrium(Result):
    """A verified pure equilibrium of a structured game.

    Attributes
    ----------
    profile : tuple of int
        One action index per player.
    payoffs : ndarray
        Each player's payoff.
    regret : float
        Largest regret over the players' full feasible action sets (``<= tol``).
    tol : float
        Absolute threshold the profile was verified against.
    method : str

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.games.structured import StructuredGame
    >>> from coordgame.solvers.structured import verify_profile
    >>> entry = StructuredGame([[0, 1], [0, 1]], lambda p: np.array([a * (2.0 if sum(p) == 1 else -1.0) for a in p]))
    >>> eq = verify_profile(entry, (1, 0), method="by hand")  # one entrant earns 2; two would lose 1 each
    >>> eq.profile, eq.payoffs.tolist(), eq.regret, eq.welfare
    ((1, 0), [2.0, 0.0], 0.0, 2.0)
    """

    profile: tuple[int, ...]
    payoffs: np.ndarray
    regret: float
    tol: float
    method: str

    _verified_by = ("regret", "regret", "tol", None)
    _dict_extras = ("welfare",)

    @property
    def welfare(self) -> float:
        """Utilitarian welfare: the sum of the players' payoffs."""
        return float(self.payoffs.sum())


@dataclass(frozen=True)
class StartRecord:
    """What best-response dynamics did from one start.

    ``outcome`` is ``"converged"`` (then ``equilibrium`` indexes the result's list), ``"cycle"``
    (then ``cycle`` indexes the result's cycles) or ``"max_rounds"``.
    """

    name: str
    start: tuple[int, ...]
    outcome: str
    rounds: int
    equilibrium: int | None = None
    cycle: int | None = None


@dataclass(frozen=True, eq=False)
class StructuredEquilibria(Result, Sequence[StructuredEquilibrium]):
    """Pure equilibria of a structured game and what the solver claims about them.

    Attributes
    ----------
    equilibria : tuple of StructuredEquilibrium
    method : str
        ``"exhaustive"`` or ``"best_response"``.
    complete : bool
        True when the list is every pure equilibrium (exhaustive search); False when it is the
        set reached by dynamics.
    starts : tuple of StartRecord
        For dynamics: the outcome from each start.
    cycles : tuple of tuple of tuple of int
        For dynamics: each detected cycle, as the sequence of round-end profiles on it.
    notes : tuple of str
    parameters : dict

    Examples
    --------
    >>> import numpy as np
    >>> import coordgame as cg
    >>> from coordgame.games.structured import StructuredGame
    >>> entry = StructuredGame([[0, 1], [0, 1]], lambda p: np.array([a * (2.0 if sum(p) == 1 else -1.0) for a in p]))
    >>> found = cg.pure_nash(entry)  # exhaustive: the two one-entrant profiles
    >>> found.profiles(), found.complete, found.method
    ([(0, 1), (1, 0)], True, 'exhaustive')
    """

    equilibria: tuple[StructuredEquilibrium, ...]
    method: str
    complete: bool
    starts: tuple[StartRecord, ...] = ()
    cycles: tuple[tuple[tuple[int, ...], ...], ...] = ()
    notes: tuple[str, ...] = ()
    parameters: dict[str, Any] = field(default_factory=dict)

    _members = "equilibria"

    @overload
    def __getitem__(self, index: int) -> StructuredEquilibrium: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[StructuredEquilibrium, ...]: ...
    def __getitem__(self, index):
        return self.equilibria[index]

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[StructuredEquilibrium]:
        return iter(self.equilibria)

    def __repr__(self) -> str:
        head = f"StructuredEquilibria({len(self)} equilibria, method={self.method!r}, complete={self.complete}"
        return head + (f", {len(self.cycles)} cycles)" if self.cycles else ")")

    def profiles(self) -> list[tuple[int, ...]]:
        """The equilibrium profiles."""
        return [eq.profile for eq in self.equilibria]

    @property
    def welfare(self) -> np.ndarray:
        """Utilitarian welfare of each equilibrium."""
        return np.array([eq.welfare for eq in self.equilibria])

    def to_frame(self) -> pd.DataFrame:
        """One row per equilibrium: profile, welfare, regret, method, and the starts that reached it."""
        import pandas as pd

        reached: dict[int, list[str]] = {}
        for s in self.starts:
            if s.equilibrium is not None:
                reached.setdefault(s.equilibrium, []).append(s.name)
        rows = [{"equilibrium": k, "profile": eq.profile, "welfare": eq.welfare, "regret": eq.regret,
                 "method": eq.method, "reached_from": tuple(reached.get(k, ()))} for k, eq in enumerate(self.equilibria)]
        return pd.DataFrame(rows, columns=["equilibrium", "profile", "welfare", "regret", "method",
                                           "reached_from"]).set_index("equilibrium")

    def _payload(self) -> dict[str, Any]:
        return {"method": self.method, "complete": self.complete, "notes": list(self.notes),
                "parameters": dict(self.parameters), "equilibria": [eq.to_dict() for eq in self.equilibria],
                "starts": [s.__dict__ | {"start": list(s.start)} for s in self.starts],
                "cycles": [[list(p) for p in c] for c in self.cycles]}


def verify_profile(game: StructuredGame, profile: Sequence[int], *, method: str,
                   tol: float = DEFAULT_TOL) -> StructuredEquilibrium:
    """Check that a pure profile is an equilibrium of ``game`` over full action sets, and wrap it.

    Parameters
    ----------
    game : StructuredGame
    profile : sequence of int
    method : str
        Name of the algorithm that produced the profile.
    tol : float, default 1e-9
        Relative tolerance: threshold ``tol * game.payoff_range``.

    Raises
    ------
    VerificationError
        If some player can gain more than the threshold by a feasible deviation.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.games.structured import StructuredGame
    >>> from coordgame.solvers.structured import verify_profile
    >>> g = StructuredGame([[0, 1], [0, 1]], lambda p: np.array([a * (2.0 if sum(p) == 1 else -1.0) for a in p]))
    >>> verify_profile(g, (1, 0), method="by hand").payoffs.tolist()
    [2.0, 0.0]
    """
    profile = game.as_profile(profile)
    regrets = game.regrets(profile)
    threshold = absolute_tolerance(tol, game)
    if not regrets.max() <= threshold:
        raise VerificationError(f"profile {profile} is not an equilibrium within tolerance {threshold:.2g}: "
                                f"regrets {regrets} (method {method!r})")
    return StructuredEquilibrium(profile=profile, payoffs=game.payoff(profile), regret=float(regrets.max()),
                                 tol=float(threshold), method=method)


def _stable(game: StructuredGame, profile: tuple[int, ...], i: int, atol: float) -> bool:
    values = game._feasible_values(profile, i)
    # an infeasible current action (value -inf) is never stable, even when nothing else is feasible
    return bool(values[profile[i]] > -np.inf and values.max() <= values[profile[i]] + atol)


def _check_structured(game: Any) -> None:
    if not isinstance(game, StructuredGame):
        raise NotAGameError(f"game: expected a StructuredGame, got {type(game).__name__}")


@checked_arguments
def exhaustive_pure_nash(game: StructuredGame, *, tol: float = DEFAULT_TOL, limit: int | None = None,
                         max_candidates: int = 1_000_000) -> StructuredEquilibria:
    """Every pure equilibrium of a structured game, by search over the players' actions.

    The last player is not enumerated: for each action profile of the first N-1 players only
    the last player's (feasible) best responses are candidates; a candidate survives when no
    other player can gain by a feasible deviation.

    Parameters
    ----------
    game : StructuredGame
    tol : float, default 1e-9
        Relative tolerance, threshold ``tol * game.payoff_range``.
    limit : int, optional
        Return only the first ``limit`` equilibria (in lexicographic order); ``complete`` is then
        False when some were left out.
    max_candidates : int, default 1_000_000
        Refuse games whose first N-1 players have more joint profiles than this.

    Returns
    -------
    StructuredEquilibria
        ``complete=True``; profiles in lexicographic order, each verified.

    Notes
    -----
    The public route is :func:`coordgame.pure_nash`, which dispatches a structured game here.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.games.structured import StructuredGame
    >>> import coordgame as cg
    >>> g = StructuredGame([[0, 1], [0, 1]], lambda p: np.array([a * (2.0 if sum(p) == 1 else -1.0) for a in p]))
    >>> cg.pure_nash(g).profiles()
    [(0, 1), (1, 0)]
    """
    _check_structured(game)
    sizes = game.num_actions
    head = 1
    for n in sizes[:-1]:
        head *= n
    if head > max_candidates:
        raise UnsupportedGameError(f"exhaustive_pure_nash: {head} partial profiles exceed max_candidates={max_candidates}")
    atol = absolute_tolerance(tol, game)
    last = game.num_players - 1
    found = []
    for partial in itertools.product(*(range(n) for n in sizes[:-1])):
        for a in game.best_responses((*partial, 0), last, tol=tol):
            profile = (*partial, int(a))
            # stop at the first player with a profitable deviation; survivors are verified in full
            if all(_stable(game, profile, i, atol) for i in range(last)):
                found.append(verify_profile(game, profile, method="exhaustive", tol=tol))
    found.sort(key=lambda eq: eq.profile)
    if limit is not None and len(found) > limit:
        return StructuredEquilibria(tuple(found[:limit]), method="exhaustive", complete=False,
                                    notes=(f"stopped after {limit} of {len(found)} pure equilibria (limit)",),
                                    parameters={"tol": tol, "limit": limit})
    return StructuredEquilibria(tuple(found), method="exhaustive", complete=True,
                                notes=("every pure equilibrium (exhaustive search)",), parameters={"tol": tol})
