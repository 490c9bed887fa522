"""The result type and helpers shared by the learning dynamics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from coordgame.equilibrium import Equilibrium, verify
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.results import Result, Verification

__all__ = ["DynamicsResult"]


@dataclass(frozen=True, eq=False)
class DynamicsResult(Result):
    """The path of a learning dynamic and its convergence diagnostics.

    Attributes
    ----------
    method : str
        The dynamic that produced it.
    strategies : tuple of ndarray
        One array of shape ``(T + 1, n_i)`` per player (per population): the state after each
        recorded step — pure actions one-hot, empirical frequencies (fictitious play) or
        population shares (replicator).  For one-population replicator dynamics there is one array.
    times : ndarray
        Step numbers (discrete dynamics) or ODE times (replicator) of the recorded states.
    converged : bool
        Whether the dynamic met its stopping criterion (see each function).
    iterations : int
        Steps taken (revision opportunities, periods, or ODE right-hand-side evaluations).
    max_regret : float
        Largest regret (absolute) of any player at the final state, as a mixed profile.
    distance : float
        Size of the last change of the state (max-norm); for replicator dynamics the speed
        :math:`\\|\\dot x\\|_\\infty` at the final state.
    cycle_detected : bool
        Best-response dynamics: whether a profile was revisited after strict improvements.
    profiles : ndarray, optional
        ``(T + 1, N)`` pure profiles played (best-response, logit, regret matching).
    cycle : ndarray, optional
        The profiles forming the detected cycle, in order.
    equilibrium : Equilibrium, optional
        The final state verified as a Nash equilibrium (only when it passes :func:`verify`).
    joint_distribution : ndarray, optional
        Empirical distribution over pure profiles, shape ``(n_1, ..., n_N)`` (logit dynamics,
        regret matching).
    cce_violation, ce_violation : float, optional
        For regret matching: the joint distribution's largest coarse correlated / correlated
        equilibrium constraint violation (absolute payoff units).
    parameters : dict
        The arguments the dynamic ran with.
    notes : tuple of str
    """

    method: str
    strategies: tuple[np.ndarray, ...]
    times: np.ndarray
    converged: bool
    iterations: int
    max_regret: float
    distance: float
    cycle_detected: bool = False
    profiles: np.ndarray | None = None
    cycle: np.ndarray | None = None
    equilibrium: Equilibrium | None = None
    joint_distribution: np.ndarray | None = None
    cce_violation: float | None = None
    ce_violation: float | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def verification(self) -> Verification:
        """The final state's largest regret, passed when it was verified as an equilibrium."""
        tol = None if self.equilibrium is None else self.equilibrium.tol
        return Verification("regret", self.max_regret, tol, self.equilibrium is not None)

    @property
    def final(self) -> tuple[np.ndarray, ...]:
        """The final state: one probability vector per player (population)."""
        return tuple(s[-1].copy() for s in self.strategies)

    def __repr__(self) -> str:
        final = ", ".join(np.array2string(s, precision=4, separator=", ") for s in self.final)
        extra = ", cycle detected" if self.cycle_detected else ""
        return (f"DynamicsResult({self.method!r}, converged={self.converged}, iterations={self.iterations}, "
                f"max_regret={self.max_regret:.3g}{extra}, final=({final}))")

    def _payload(self) -> dict[str, Any]:
        """The final state and diagnostics, not the whole path."""
        return {
            "method": self.method,
            "final": [s.tolist() for s in self.final],
            "converged": self.converged,
            "iterations": self.iterations,
            "max_regret": self.max_regret,
            "distance": self.distance,
            "cycle_detected": self.cycle_detected,
            "cycle": None if self.cycle is None else self.cycle.tolist(),
            "equilibrium": None if self.equilibrium is None else self.equilibrium.to_dict(),
            "cce_violation": self.cce_violation,
            "ce_violation": self.ce_violation,
            "parameters": dict(self.parameters),
            "notes": list(self.notes),
        }


# --------------------------------------------------------------------------- helpers
def _check_game(game: Any) -> NormalFormGame:
    return as_game(game)


def _initial_pure(game: NormalFormGame, initial: Sequence[int] | None, rng: np.random.Generator) -> tuple[int, ...]:
    if initial is None:
        return tuple(int(rng.integers(n)) for n in game.num_actions)
    return game.as_pure_profile(initial)


def _pure_values(payoffs: np.ndarray, profile: Sequence[int], i: int) -> np.ndarray:
    """Player ``i``'s payoff to each of its actions when the others play ``profile``."""
    index = (i, *profile[:i], slice(None), *profile[i + 1:])
    return payoffs[index]


def _one_hot_path(profiles: np.ndarray, num_actions: Sequence[int]) -> tuple[np.ndarray, ...]:
    return tuple(np.eye(n)[profiles[:, i]] for i, n in enumerate(num_actions))


def _try_verify(game: NormalFormGame, profile: Sequence[Any], method: str, tol: float) -> Equilibrium | None:
    if game.max_regret(profile) > tol * game.payoff_scale:
        return None
    return verify(game, profile, method=method, tol=tol)


def _occupation(profiles: np.ndarray, sizes: Sequence[int]) -> np.ndarray:
    flat = np.ravel_multi_index(tuple(profiles.T), tuple(sizes))
    return np.bincount(flat, minlength=int(np.prod(sizes))).reshape(tuple(sizes)) / len(profiles)
