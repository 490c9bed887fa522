r"""Best-response dynamics over pure profiles, for normal-form and structured games.

One implementation, :func:`_best_response_path`, runs the dynamic on any finite game through a
function giving a player's payoff to each of its (feasible) actions against the others' actions:
:meth:`NormalFormGame` payoff slices, or a :class:`~coordgame.StructuredGame`'s vectorised
deviation payoffs (infeasible actions valued :math:`-\infty`).  A player revises only when its
current action is not a best response (regret above the threshold) and then moves to its
lowest-index action within the threshold of its best.

* :func:`best_response_dynamics` follows one path from one start and returns the path
  (:class:`DynamicsResult`).
* :func:`best_response_equilibria` runs the sequential round-robin dynamic from several starts
  (named, explicit, random) and returns the distinct pure equilibria reached, each verified, with
  the outcome of every start and the cycles found (:class:`StructuredEquilibria`, not complete).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import as_generator, one_of, positive_float, positive_int
from coordgame.equilibrium import DEFAULT_TOL
from coordgame.errors import InvalidArgumentError
from coordgame.games.normal_form import NormalFormGame
from coordgame.games.structured import StructuredGame
from coordgame.solvers.dynamics._common import DynamicsResult, _one_hot_path, _pure_values, _try_verify
from coordgame.solvers.structured import StartRecord, StructuredEquilibria, StructuredEquilibrium, verify_profile

__all__ = ["best_response_dynamics", "best_response_equilibria"]

ValuesFunction = Callable[[tuple[int, ...], int], np.ndarray]


@dataclass(frozen=True)
class _Path:
    """Outcome of :func:`_best_response_path`."""

    profiles: list[tuple[int, ...]]
    converged: bool
    cycle_detected: bool
    cycle: np.ndarray | None
    steps: int
    repeated: bool  # a deterministic schedule stopped because its state (profile, next mover) repeated


def _best_response_path(values: ValuesFunction, start: tuple[int, ...], num_players: int, *, mode: str,
                        order: str, max_iter: int, atol: float, rng: np.random.Generator) -> _Path:
    """Run best-response dynamics from ``start`` (see the module docstring); ``values(p, i)`` gives
    player i's payoff to each of its actions against ``p`` (``-inf`` for infeasible ones)."""
    n = num_players

    def improvement(p: tuple[int, ...], i: int) -> int | None:
        v = values(p, i)
        best = v.max()
        if v[p[i]] >= best - atol and v[p[i]] > -np.inf:
            return None
        if best == -np.inf:  # nothing feasible: no move, and not an equilibrium either
            return None
        return int(np.flatnonzero(v >= best - atol)[0])

    def stable(p: tuple[int, ...]) -> bool:
        return all(improvement(p, j) is None for j in range(n))

    profile = start
    deterministic = mode == "simultaneous" or order == "round_robin"
    path = [profile]
    entered = {profile: 0}  # profile -> index in path where a move last entered it
    # Deterministic schedules repeat forever once their state (profile, next mover) repeats.
    states = {(profile, 0)}
    cycle = None
    cycle_detected = converged = repeated = False
    steps = 0
    for steps in range(1, max_iter + 1):
        if mode == "simultaneous":
            moves = {i: improvement(profile, i) for i in range(n)}
            moves = {i: a for i, a in moves.items() if a is not None}
            if not moves:
                converged = True
                break
            profile = tuple(moves.get(i, a) for i, a in enumerate(profile))
            moved = True
        else:
            i = (steps - 1) % n if order == "round_robin" else int(rng.integers(n))
            a = improvement(profile, i)
            if a is None and stable(profile):
                path.append(profile)
                converged = True
                break
            moved = a is not None
            if moved:
                profile = (*profile[:i], a, *profile[i + 1:])
        path.append(profile)
        if moved:  # a move entered ``profile``: revisiting it after strict improvements is a cycle
            if profile in entered and cycle is None:
                cycle_detected = True
                segment = path[entered[profile]:-1]
                cycle = np.array([p for k, p in enumerate(segment) if k == 0 or p != segment[k - 1]], dtype=np.int64)
            entered[profile] = len(path) - 1
        state = (profile, steps % n if mode == "sequential" else 0)
        if deterministic and state in states:
            repeated = True
            break
        states.add(state)
    return _Path(path, converged, cycle_detected, cycle, steps, repeated)


def _values_function(game: NormalFormGame | StructuredGame) -> ValuesFunction:
    if isinstance(game, StructuredGame):
        return game._feasible_values
    payoffs = game.payoffs
    return lambda p, i: _pure_values(payoffs, p, i)


def _as_finite_game(game: Any) -> NormalFormGame | StructuredGame:
    if isinstance(game, (NormalFormGame, StructuredGame)):
        return game
    raise InvalidArgumentError(f"game: expected a NormalFormGame or a StructuredGame, got {type(game).__name__}")


@checked_arguments
def best_response_dynamics(
    game: NormalFormGame | StructuredGame,
    initial: Sequence[int] | None = None,
    *,
    mode: str = "sequential",
    order: str = "round_robin",
    max_iter: int = 10_000,
    tol: float = DEFAULT_TOL,
    seed: int | np.random.Generator | None = None,
) -> DynamicsResult:
    """Best-response dynamics over pure profiles, with cycle detection.

    A player revises only when its current action is not a best response (regret above
    ``tol * game.payoff_scale``), and then moves to its lowest-index best response.

    Parameters
    ----------
    game : NormalFormGame or StructuredGame
        A structured game's deviations respect its feasibility rule.
    initial : sequence of int, optional
        Starting pure profile (default: drawn uniformly with ``seed``).
    mode : {"sequential", "simultaneous"}
        One player revises per step, or every player with positive regret at once.
    order : {"round_robin", "random"}
        Sequential mode: who gets the revision opportunity (ignored when simultaneous).
    max_iter : int, default 10000
        Maximum number of steps (revision opportunities).
    tol : float, default 1e-9
        Relative regret tolerance (times ``game.payoff_scale``).
    seed : int or Generator, optional
        For the initial profile and the random order.

    Returns
    -------
    DynamicsResult
        ``converged`` is True when the dynamic stopped at a pure Nash equilibrium, which is then
        in ``equilibrium`` (verified: an :class:`~coordgame.Equilibrium`, or a
        :class:`~coordgame.solvers.structured.StructuredEquilibrium` for a structured game).
        ``cycle_detected`` is True when a profile was revisited after strict improvements;
        deterministic schedules (simultaneous, round-robin) then stop and ``cycle`` holds the
        profiles of the cycle; the random order keeps going (it may still leave the cycle).

    Examples
    --------
    >>> import coordgame as cg
    >>> r = cg.solvers.best_response_dynamics(cg.games.minimum_effort(3, efforts=4), initial=(3, 1, 2))
    >>> r.converged, r.equilibrium.pure_profile
    (True, (1, 1, 1))
    >>> r = cg.solvers.best_response_dynamics(cg.games.matching_pennies(), initial=(0, 0))
    >>> r.converged, r.cycle_detected, r.cycle.tolist()
    (False, True, [[0, 0], [0, 1], [1, 1], [1, 0]])

    A structured game (here an entry game: entering alone pays 2, together -1 each):

    >>> import numpy as np
    >>> g = cg.StructuredGame([[0, 1], [0, 1]], lambda p: np.array([a * (2.0 if sum(p) == 1 else -1.0) for a in p]))
    >>> cg.solvers.best_response_dynamics(g, initial=(1, 1)).equilibrium.profile
    (0, 1)
    """
    game = _as_finite_game(game)
    one_of(mode, "mode", ("sequential", "simultaneous"))
    one_of(order, "order", ("round_robin", "random"))
    max_iter = positive_int(max_iter, "max_iter")
    positive_float(tol, "tol", allow_zero=True)
    rng = as_generator(seed)
    structured = isinstance(game, StructuredGame)
    if initial is None:
        start = tuple(int(rng.integers(k)) for k in game.num_actions)
    else:
        start = game.as_profile(initial) if structured else game.as_pure_profile(initial)
    run = _best_response_path(_values_function(game), start, game.num_players, mode=mode, order=order,
                              max_iter=max_iter, atol=tol * game.payoff_scale, rng=rng)
    profiles = np.array(run.profiles, dtype=np.int64)
    final = tuple(int(a) for a in profiles[-1])
    equilibrium: Any = None
    if structured:
        max_regret = float(game.regrets(final).max())
        if run.converged and max_regret <= tol * game.payoff_scale:
            equilibrium = verify_profile(game, final, method="best_response_dynamics", tol=tol)
    else:
        max_regret = game.max_regret(final)
        if run.converged:
            equilibrium = _try_verify(game, final, "best_response_dynamics", tol)
    return DynamicsResult(
        method="best_response_dynamics",
        strategies=_one_hot_path(profiles, game.num_actions),
        times=np.arange(len(profiles), dtype=float),
        converged=run.converged,
        iterations=run.steps,
        max_regret=max_regret,
        distance=float(np.any(profiles[-1] != profiles[-2])) if len(profiles) > 1 else 0.0,
        cycle_detected=run.cycle_detected,
        profiles=profiles,
        cycle=run.cycle,
        equilibrium=equilibrium,
        parameters={"mode": mode, "order": order, "max_iter": max_iter, "tol": tol, "initial": list(start)},
    )


# --------------------------------------------------------------------------- from several starts
def _named_start(game: StructuredGame, name: str) -> tuple[int, ...]:
    if name == "first":
        return (0,) * game.num_players
    if name == "last":
        return tuple(n - 1 for n in game.num_actions)
    raise InvalidArgumentError(f"starts: named starts are 'first' and 'last', got {name!r}")


def _starts(game: StructuredGame, starts: Any, num_random_starts: int, seed) -> list[tuple[str, tuple[int, ...]]]:
    out = []
    if isinstance(starts, Mapping):
        return [(str(name), game.as_profile(s)) for name, s in starts.items()] + _starts(game, (), num_random_starts, seed)
    for k, s in enumerate(starts):
        if isinstance(s, str):
            out.append((s, _named_start(game, s)))
        else:
            out.append((f"start {k}", game.as_profile(s)))
    rng = as_generator(seed)
    for k in range(num_random_starts):
        out.append((f"random {k}", tuple(int(rng.integers(n)) for n in game.num_actions)))
    return out

@checked_arguments
def best_response_equilibria(
    game: StructuredGame | NormalFormGame,
    *,
    starts: Sequence[Any] | Mapping[str, Sequence[int]] = ("first", "last"),
    num_random_starts: int = 0,
    max_rounds: int = 1000,
    tol: float = DEFAULT_TOL,
    seed: int | np.random.Generator | None = None,
) -> StructuredEquilibria:
    """Pure equilibria reached by sequential best-response dynamics from several starts, with cycle detection.

    Each start runs :func:`best_response_dynamics` in sequential round-robin mode (players in
    index order, one round = one revision opportunity for each player) until nobody moves, its
    state repeats (a cycle) or ``max_rounds`` rounds have passed.

    Parameters
    ----------
    game : StructuredGame or NormalFormGame
    starts : sequence or mapping, default ("first", "last")
        Starting profiles: ``"first"`` (everyone's action 0), ``"last"`` (everyone's last
        action) or explicit profiles of action indices; or a mapping ``{name: profile}`` to
        name the starts in the record.
    num_random_starts : int, default 0
        Additional uniformly random starting profiles drawn with ``seed``.
    max_rounds : int, default 1000
        Rounds (each player moves once per round) before a start is abandoned.
    tol : float, default 1e-9
        A player moves only when it gains more than ``tol * payoff_scale``.
    seed : int or Generator, optional
        For the random starts.

    Returns
    -------
    StructuredEquilibria
        ``complete=False``; distinct equilibria in order of first arrival, each verified;
        ``starts`` records the outcome of each start (``rounds``: the rounds played, the last
        one without a move when it converged, so 1 when the start is already an equilibrium;
        that check round may be round ``max_rounds + 1``)
        and ``cycles`` the cycles found (the distinct profiles of each, in the order visited).

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.games.structured import StructuredGame
    >>> from coordgame.solvers.dynamics import best_response_equilibria
    >>> g = StructuredGame([[0, 1], [0, 1]], lambda p: np.array([a * (2.0 if sum(p) == 1 else -1.0) for a in p]))
    >>> res = best_response_equilibria(g)
    >>> res.profiles(), [s.outcome for s in res.starts]
    ([(1, 0), (0, 1)], ['converged', 'converged'])
    """
    game = _as_finite_game(game)
    if isinstance(game, NormalFormGame):
        game = StructuredGame.from_normal_form(game)
    max_rounds = positive_int(max_rounds, "max_rounds")
    num_random_starts = positive_int(num_random_starts, "num_random_starts", minimum=0)
    positive_float(tol, "tol", allow_zero=True)
    n = game.num_players
    values, atol, rng = _values_function(game), tol * game.payoff_scale, as_generator(None)
    found: dict[tuple[int, ...], int] = {}
    equilibria: list[StructuredEquilibrium] = []
    cycles: list[tuple[tuple[int, ...], ...]] = []
    records = []
    for name, start in _starts(game, starts, num_random_starts, seed):
        run = _best_response_path(values, start, n, mode="sequential", order="round_robin",
                                  max_iter=max_rounds * n, atol=atol, rng=rng)
        eq_index = cycle_index = None
        rounds = math.ceil(run.steps / n)
        if run.converged:
            outcome = "converged"
            # rounds with a move, plus the round in which nobody moved
            moves = [k for k in range(1, len(run.profiles)) if run.profiles[k] != run.profiles[k - 1]]
            rounds = math.ceil(moves[-1] / n) + 1 if moves else 1
            state = run.profiles[-1]
            if state not in found:
                found[state] = len(equilibria)
                equilibria.append(verify_profile(game, state, method="best_response", tol=tol))
            eq_index = found[state]
        elif run.repeated:
            outcome, cycle_index = "cycle", len(cycles)
            cycles.append(tuple(tuple(int(a) for a in p) for p in run.cycle))
        else:
            outcome = "max_rounds"
        records.append(StartRecord(name, tuple(start), outcome, rounds, eq_index, cycle_index))
    notes = ("equilibria reached by sequential best-response dynamics from the listed starts; others may exist",)
    return StructuredEquilibria(tuple(equilibria), method="best_response", complete=False, starts=tuple(records),
                                cycles=tuple(cycles), notes=notes,
                                parameters={"tol": tol, "max_rounds": max_rounds, "num_random_starts": num_random_starts})
