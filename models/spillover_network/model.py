r"""The 31 regions as a spillover network whose distance decay digital reach weakens.

Regions are the players of a linear–quadratic network game
(:class:`coordgame.games.network.LQNetworkGame`): region *i* chooses an innovation activity
:math:`x_i \ge 0` and earns :math:`u_i = \alpha x_i - \tfrac12 \beta x_i^2 + \delta \sum_j g_{ij} x_i x_j`
(:math:`\gamma = 0`), the link weight :math:`g_{ij} \in [0, 1]` being the knowledge spillover
between the capitals of *i* and *j*, :math:`d_{ij}` km apart (great-circle distance).

**Kernels** (:func:`spillover_matrix`), both equal to the flagship's geographic kernel
:math:`2^{-d/h}` at zero digital reach :math:`\varphi = 0` and to the complete network
:math:`g_{ij} = 1` at :math:`\varphi = 1`:

* ``"flagship"``: :math:`g = (1 - \varphi)\, 2^{-d/h} + \varphi`, the duplicate-construction
  model's weights (a share :math:`\varphi` of spillovers carried by digital space, distance-free);
* ``"exponential"``: :math:`g = e^{-(1 - \varphi) d / \lambda}` with :math:`\lambda = h / \ln 2`:
  digital reach stretches the decay length to :math:`\lambda / (1 - \varphi)`.

**Reach without level.**  In both kernels every weight rises with :math:`\varphi`, so a larger
:math:`\varphi` means both *farther* spillovers (reach) and *more* spillover in total (level).
The ``mean_preserving`` variant rescales :math:`G` so its mean off-diagonal weight stays at its
:math:`\varphi = 0` value: only the shape of the decay changes.

**Scaling for the spectral condition.**  Every weight is in :math:`[0, 1]` (the mean-preserving
rescaling divides by a factor :math:`\ge 1`), so :math:`\rho(G) \le \max_i \sum_j g_{ij} \le n - 1`
and :math:`\rho(G + G^\top) \le 2(n - 1)`.  The spillover intensity is fixed once for the whole
sweep at :math:`\delta = s\beta / (n - 1)`; with :math:`s < 1/2` both the equilibrium's condition
:math:`\delta\rho(G) < \beta` and the planner's :math:`\delta\rho(G + G^\top) < \beta` hold for
every network of the sweep, and :math:`\delta` never changes with :math:`\varphi` (one thing at a
time).  :math:`s\,\rho(G)/(n-1) = \delta\rho(G)/\beta` is reported as ``spectral_condition``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from coordgame.models.duplicate_construction.geography import great_circle_km, load_regions, spillover_weights

from coordgame._checks import one_of, positive_float
from coordgame.errors import InvalidArgumentError
from coordgame.games.network import LQNetworkGame
from coordgame.results import Result
from coordgame.solvers.network import NetworkEquilibrium, NetworkOptimum, intercentrality, network_nash, network_optimum

__all__ = ["Calibration", "KERNELS", "PARAMETER_SOURCES", "regions", "spillover_matrix", "SpilloverOutcome", "solve_spillovers"]

KERNELS = ("flagship", "exponential")


@dataclass(frozen=True)
class Calibration:
    """The model's parameters; see :data:`PARAMETER_SOURCES` for where each comes from.

    Attributes
    ----------
    half_distance_km : float, default 1200
        :math:`h`, the distance at which the geographic spillover halves (the flagship's value,
        ``coordgame.models.duplicate_construction.Parameters.half_distance_km``).
    strength : float, default 0.45
        :math:`s = \\delta (n - 1) / \\beta`, in :math:`(0, 1/2)`: the spillover intensity as a share
        of its largest value compatible with the planner's condition on any network of the sweep.
    alpha : float, default 1
        Stand-alone marginal return, the same in every region.
    beta : float, default 1
        Own concavity (a normalisation: it sets the unit of activity).

    Examples
    --------
    >>> from coordgame.models.spillover_network.model import Calibration, solve_spillovers
    >>> weak = Calibration(strength=0.2)  # spillovers at a fifth of their largest admissible value
    >>> weak.half_distance_km, weak.strength
    (1200.0, 0.2)
    >>> out = solve_spillovers(0.0, calibration=weak)
    >>> bool(out.efficiency_ratio > solve_spillovers(0.0).efficiency_ratio)  # weaker spillovers, smaller loss
    True
    """

    half_distance_km: float = 1200.0
    strength: float = 0.45
    alpha: float = 1.0
    beta: float = 1.0

    def __post_init__(self) -> None:
        positive_float(self.half_distance_km, "half_distance_km")
        positive_float(self.alpha, "alpha")
        positive_float(self.beta, "beta")
        if not 0 < positive_float(self.strength, "strength") < 0.5:
            raise InvalidArgumentError(f"strength: expected a number in (0, 0.5) (the planner's spectral condition), "
                                       f"got {self.strength!r}")


#: Where each parameter comes from (the data dictionary of the calibration).
PARAMETER_SOURCES = {
    "half_distance_km": "the flagship model's h (duplicate_construction Parameters; empirical work on Chinese "
                        "knowledge spillovers puts it near 1,200 km)",
    "strength": "assumption (0.45 < 1/2 keeps the planner's problem concave on every network of the sweep)",
    "alpha": "assumption (identical regions, so that only the network ranks them)",
    "beta": "normalisation (the unit of activity)",
    "gamma": "assumption (0: no global substitutability between regions' activities)",
    "coordinates": "models/data/china_provincial_capitals.csv (see models/data/SOURCES.md)",
}


@lru_cache(maxsize=1)
def regions() -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """The 31 regions' names, their capitals' (latitude, longitude) in degrees, and distances in km."""
    frame = load_regions()
    coordinates = frame[["latitude", "longitude"]].to_numpy(dtype=float)
    distances = great_circle_km(coordinates)
    coordinates.setflags(write=False)
    distances.setflags(write=False)
    return tuple(frame.region), coordinates, distances


def _mean_off_diagonal(g: np.ndarray) -> float:
    n = g.shape[0]
    return float(g.sum() - np.trace(g)) / (n * (n - 1))


def _raw_kernel(distances: np.ndarray, reach: float, kernel: str, half_distance_km: float) -> np.ndarray:
    if kernel == "flagship":
        return spillover_weights(distances, half_distance_km, reach)
    decay_length = half_distance_km / math.log(2)  # exp(-d ln2 / h) = 2^(-d/h): the two kernels agree at reach 0
    g = np.exp(-(1.0 - reach) * np.asarray(distances, dtype=float) / decay_length)
    np.fill_diagonal(g, 0.0)
    return g


def spillover_matrix(distances: Any, reach: float, *, kernel: str = "flagship", mean_preserving: bool = False,
                     half_distance_km: float = 1200.0) -> np.ndarray:
    """Spillover weights :math:`g_{ij}` between regions ``distances`` km apart, at digital reach ``reach``.

    Parameters
    ----------
    distances : array_like (n, n)
        Symmetric distances in km, zero diagonal.
    reach : float
        Digital reach :math:`\\varphi \\in [0, 1]`.
    kernel : {"flagship", "exponential"}
        See the module docstring.
    mean_preserving : bool, default False
        Rescale so the mean off-diagonal weight equals its value at reach 0.
    half_distance_km : float, default 1200
        :math:`h`.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.models.spillover_network import spillover_matrix
    >>> d = np.array([[0, 1200, 2400], [1200, 0, 1200], [2400, 1200, 0]])
    >>> spillover_matrix(d, 0.0)[0].tolist(), spillover_matrix(d, 0.5, kernel="exponential")[0].round(4).tolist()
    ([0.0, 0.5, 0.25], [0.0, 0.7071, 0.5])
    >>> g = spillover_matrix(d, 0.5, mean_preserving=True)
    >>> round(float(g.sum()) / 6, 12)  # the mean off-diagonal weight of reach 0: (0.5 + 0.25 + 0.5) / 3
    0.416666666667
    """
    kernel = one_of(kernel, "kernel", KERNELS)
    phi = positive_float(reach, "reach", allow_zero=True)
    if phi > 1:
        raise InvalidArgumentError(f"reach: expected a number in [0, 1], got {reach!r}")
    h = positive_float(half_distance_km, "half_distance_km")
    d = np.asarray(distances, dtype=float)
    g = _raw_kernel(d, phi, kernel, h)
    if mean_preserving:
        g = g * (_mean_off_diagonal(_raw_kernel(d, 0.0, kernel, h)) / _mean_off_diagonal(g))
    return g


@dataclass(frozen=True, eq=False)
class SpilloverOutcome(Result):
    """Nash and planner activity on one spillover network, the efficiency ratio and the key region.

    Attributes
    ----------
    reach, kernel, mean_preserving :
        The network's description.
    delta : float
        The spillover intensity :math:`\\delta = s\\beta/(n-1)`.
    spectral_condition : float
        :math:`\\delta\\rho(G)/\\beta` (< 1/2 by construction).
    mean_weight : float
        Mean off-diagonal link weight.
    equilibrium, optimum :
        The verified Nash equilibrium and the certified planner's optimum.
    intercentrality : ndarray
        Each region's fall in aggregate equilibrium activity were it removed.
    names : tuple of str

    Examples
    --------
    >>> from coordgame.models.spillover_network import solve_spillovers
    >>> out = solve_spillovers(0.0)  # the geographic network of the 31 regions
    >>> round(out.efficiency_ratio, 4), out.key_region, out.equilibrium.converged, out.optimum.converged
    (0.9148, 'Henan', True, True)
    """

    reach: float
    kernel: str
    mean_preserving: bool
    delta: float
    spectral_condition: float
    mean_weight: float
    equilibrium: NetworkEquilibrium
    optimum: NetworkOptimum
    intercentrality: np.ndarray
    names: tuple[str, ...] = field(default=())

    _members = "members"
    _dict_skip = ("equilibrium", "optimum")
    _dict_extras = ("efficiency_ratio", "activity_ratio", "key_region")

    @property
    def members(self) -> tuple[Result, ...]:
        """The equilibrium and the optimum (the outcome's verification combines theirs)."""
        return (self.equilibrium, self.optimum)

    @property
    def method(self) -> str:
        """``"network_nash + network_optimum"``."""
        return f"{self.equilibrium.method} equilibrium, {self.optimum.method} optimum"

    @property
    def efficiency_ratio(self) -> float:
        """Nash welfare over the planner's (both positive here: :math:`\\alpha > 0`)."""
        return self.equilibrium.welfare / self.optimum.welfare

    @property
    def activity_ratio(self) -> float:
        """Aggregate Nash activity over the planner's."""
        return self.equilibrium.total_activity / self.optimum.total_activity

    @property
    def key_region(self) -> str:
        """The region of largest intercentrality; ``"(tie)"`` when the top two agree to 1e-9."""
        order = np.argsort(self.intercentrality)[::-1]
        top, second = self.intercentrality[order[0]], self.intercentrality[order[1]]
        return "(tie)" if top - second <= 1e-9 * abs(top) else self.names[int(order[0])]

    @property
    def key_lead_pct(self) -> float:
        """How far the key region's intercentrality exceeds the regions' mean, in %."""
        return 100.0 * (float(self.intercentrality.max()) / float(self.intercentrality.mean()) - 1.0)

    def metrics(self) -> dict[str, Any]:
        """The scalar figures of the outcome, by name (one row of an experiment's table)."""
        ranked = np.argsort(self.intercentrality)[::-1]
        return {
            "delta": self.delta, "spectral_condition": self.spectral_condition, "mean_weight": self.mean_weight,
            "welfare_nash": self.equilibrium.welfare, "welfare_planner": self.optimum.welfare,
            "efficiency_ratio": self.efficiency_ratio, "activity_nash": self.equilibrium.total_activity,
            "activity_planner": self.optimum.total_activity, "activity_ratio": self.activity_ratio,
            "key_region": self.key_region, "second_region": self.names[int(ranked[1])],
            "key_intercentrality": float(self.intercentrality[ranked[0]]), "key_lead_pct": self.key_lead_pct,
            "nash_regret": self.equilibrium.regret, "nash_tol": self.equilibrium.tol,
            "planner_gap": self.optimum.gap, "planner_tol": self.optimum.tol,
            "verified": bool(self.verification.passed) if self.verification is not None else False,
        }


def solve_spillovers(reach: float, *, kernel: str = "flagship", mean_preserving: bool = False,
                     calibration: Calibration | None = None) -> SpilloverOutcome:
    """Nash equilibrium, planner's optimum and key region of the 31-region spillover network.

    Examples
    --------
    >>> from coordgame.models.spillover_network import solve_spillovers
    >>> out = solve_spillovers(0.0)
    >>> out.equilibrium.converged, out.optimum.converged, 0 < out.efficiency_ratio < 1
    (True, True, True)
    """
    calibration = Calibration() if calibration is None else calibration
    names, _coordinates, distances = regions()
    g = spillover_matrix(distances, reach, kernel=kernel, mean_preserving=mean_preserving,
                         half_distance_km=calibration.half_distance_km)
    n = len(names)
    delta = calibration.strength * calibration.beta / (n - 1)
    game = LQNetworkGame(g, alpha=calibration.alpha, delta=delta, beta=calibration.beta, names=names)
    return SpilloverOutcome(reach=float(reach), kernel=kernel, mean_preserving=bool(mean_preserving), delta=delta,
                            spectral_condition=delta * game.spectral_radius / calibration.beta,
                            mean_weight=_mean_off_diagonal(g), equilibrium=network_nash(game),
                            optimum=network_optimum(game), intercentrality=intercentrality(game), names=names)
