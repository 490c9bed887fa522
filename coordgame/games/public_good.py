r"""A shared generic technology as a public good: voluntary contributions, matching grants, a central budget.

Regions :math:`i = 1..n` fund a public good (basic research, a common standard) of size
:math:`G`.  Region :math:`i` contributes :math:`g_i \ge 0` at cost :math:`g_i` and values the good
at :math:`b_i(G)`, with

* ``"log"``: :math:`b_i(G) = a_i \ln(1 + G)` (Bergstrom, Blume & Varian 1986), or
* ``"quadratic"``: :math:`b_i(G) = a_i G - \tfrac{\beta}{2} G^2`.

*Matching grant.*  The centre adds :math:`m` for every unit a region contributes, so
:math:`G = (1 + m) \sum_i g_i` and the region's price of a unit of :math:`G` is :math:`1/(1+m)`.
*Central budget.*  The centre provides :math:`G` itself.  Central money costs :math:`1 + \lambda`
per unit (:math:`\lambda \ge 0`: the marginal cost of public funds, a deadweight loss of taxation).

National welfare is :math:`W = \sum_i b_i(G) - \sum_i g_i - (1 + \lambda)\,\text{central outlay}`.

Closed forms (interior solutions):

* **Nash** (local competition): region :math:`i` contributes until :math:`(1+m)\,b_i'(G) = 1`;
  only the regions with the largest valuation :math:`a_{\max}` contribute (the others free-ride):
  :math:`G^N = (1+m) a_{\max} - 1` (log), :math:`G^N = (a_{\max} - \frac1{1+m})/\beta` (quadratic).
* **Samuelson rule** (the optimum with regional money): :math:`\sum_i b_i'(G) = 1`:
  :math:`G^* = \sum_i a_i - 1` (log), :math:`G^* = (\sum_i a_i - 1)/(n\beta)` (quadratic).
* **Matching rate implementing** :math:`G^*`: :math:`1 + m^* = 1 / b_{\max}'(G^*)`, i.e.
  :math:`m^* = \sum_i a_i / a_{\max} - 1` (log; :math:`n - 1` for identical regions).

With :math:`\lambda > 0` the matching grant reaches :math:`G^*` for a central outlay of
:math:`m^* G^* / (1 + m^*)` only, the central budget pays all of :math:`G^*`; both are compared at
:math:`G^*` (:func:`public_good_outcomes`).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, ClassVar

import numpy as np

from coordgame.errors import InvalidArgumentError
from coordgame.games.action_sets import Box
from coordgame.games.continuous import ContinuousGame
from coordgame.results import Result

__all__ = ["ContributionGame", "PublicGoodOutcome", "public_good_outcomes"]

BENEFITS = ("log", "quadratic")


@dataclasses.dataclass(frozen=True, repr=False)
class PublicGoodOutcome(Result):
    """Provision, contributions and welfare under one regime (no equilibrium check: closed forms).

    Attributes
    ----------
    regime : str
        ``"nash"``, ``"matching"``, ``"central"`` or ``"samuelson"``.
    provision : float
        :math:`G`.
    contributions : tuple of float
        Each region's own contribution :math:`g_i`.
    central_outlay : float
        What the centre pays (before the cost of public funds).
    welfare : float
        :math:`W` (see the module docstring).
    match_rate : float

    Examples
    --------
    >>> from coordgame.games.public_good import ContributionGame, public_good_outcomes
    >>> out = public_good_outcomes(ContributionGame([1.0, 1.0, 1.0, 1.0], cost_of_public_funds=0.2))
    >>> central = out["central"]
    >>> central.regime, round(central.provision, 4), round(central.welfare, 4)
    ('central', 3.0, 1.9452)
    """

    regime: str
    provision: float
    contributions: tuple[float, ...]
    central_outlay: float
    welfare: float
    match_rate: float = 0.0

    _dict_extras: ClassVar = ()

    @property
    def method(self) -> str:
        return f"closed form ({self.regime})"


@dataclasses.dataclass(frozen=True)
class ContributionGame:
    """Voluntary contributions to a public good (see the module docstring).

    Examples
    --------
    >>> from coordgame.games.public_good import ContributionGame
    >>> g = ContributionGame([2.0, 1.0, 1.0])
    >>> g.nash_provision(), g.samuelson_provision(), g.implementing_match_rate()
    (1.0, 3.0, 1.0)
    >>> g.nash_provision(match=1.0)   # the match rate that implements the optimum
    3.0
    """

    valuations: Any
    benefit: str = "log"
    curvature: float = 1.0
    cost_of_public_funds: float = 0.0

    def __post_init__(self) -> None:
        a = np.asarray(self.valuations, dtype=float)
        if a.ndim != 1 or a.size < 1 or not np.all(np.isfinite(a)) or np.any(a <= 0):
            raise InvalidArgumentError(f"valuations: expected a non-empty 1-D array of positive numbers, got {self.valuations!r}")
        if self.benefit not in BENEFITS:
            raise InvalidArgumentError(f"benefit: expected one of {BENEFITS}, got {self.benefit!r}")
        for name in ("curvature", "cost_of_public_funds"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0 \
                    or (name == "curvature" and value == 0):
                raise InvalidArgumentError(f"{name}: expected a finite number {'> 0' if name == 'curvature' else '>= 0'}, "
                                           f"got {value!r}")
        a.setflags(write=False)
        object.__setattr__(self, "valuations", a)

    # ---------------------------------------------------------------- benefits
    def benefits(self, provision: Any) -> np.ndarray:
        """:math:`b_i(G)` for every region, shape (..., n)."""
        G = np.asarray(provision, dtype=float)[..., None]
        if self.benefit == "log":
            return self.valuations * np.log1p(G)
        return self.valuations * G - 0.5 * self.curvature * G**2

    def marginal_benefits(self, provision: Any) -> np.ndarray:
        """:math:`b_i'(G)`, shape (..., n)."""
        G = np.asarray(provision, dtype=float)[..., None]
        if self.benefit == "log":
            return self.valuations / (1.0 + G)
        return self.valuations - self.curvature * G

    def welfare(self, provision: float, own_contributions: float, central_outlay: float = 0.0) -> float:
        """:math:`W = \\sum_i b_i(G) - \\sum_i g_i - (1 + \\lambda)\\,\\text{outlay}`."""
        return float(self.benefits(provision).sum() - own_contributions - (1 + self.cost_of_public_funds) * central_outlay)

    # ---------------------------------------------------------------- closed forms
    def nash_provision(self, match: float = 0.0) -> float:
        """:math:`G^N(m)`: the largest valuation's contributor alone, where :math:`(1+m) b'(G) = 1` (0 if negative)."""
        a, price = float(self.valuations.max()), 1.0 / (1.0 + match)
        G = (1 + match) * a - 1 if self.benefit == "log" else (a - price) / self.curvature
        return max(G, 0.0)

    def samuelson_provision(self) -> float:
        """:math:`G^*` with :math:`\\sum_i b_i'(G^*) = 1` (0 if negative)."""
        total = float(self.valuations.sum())
        G = total - 1 if self.benefit == "log" else (total - 1) / (self.valuations.size * self.curvature)
        return max(G, 0.0)

    def implementing_match_rate(self) -> float:
        """:math:`m^*` with :math:`G^N(m^*) = G^*`: :math:`1 + m^* = 1 / b_{\\max}'(G^*)`.

        Negative (a tax on contributions) only when the largest-valuation region would over-provide,
        which happens with quadratic benefits whose marginal benefit turns negative for the others.
        """
        top = float(self.marginal_benefits(self.samuelson_provision()).max())
        if top <= 0:
            raise InvalidArgumentError("valuations: no match rate implements the optimum (the marginal benefit is not positive)")
        return 1.0 / top - 1.0

    def contribution_game(self, match: float = 0.0, endowment: float | None = None) -> ContinuousGame:
        """The contribution game as a :class:`ContinuousGame` (for the library's Nash and planner solvers).

        Region :math:`i` chooses :math:`g_i \\in [0, w]` and earns :math:`w - g_i + b_i((1+m)\\sum_j g_j)`;
        the match is paid by the centre, outside the regions' payoffs.
        """
        w = 2.0 * max(self.samuelson_provision(), 1.0) if endowment is None else float(endowment)
        scale = 1.0 + match

        def payoff(g: np.ndarray) -> np.ndarray:
            return w - g + self.benefits(scale * g.sum(axis=-1))

        def gradient(g: np.ndarray) -> np.ndarray:
            return -1.0 + scale * self.marginal_benefits(scale * g.sum(axis=-1))

        return ContinuousGame([Box(0.0, w)] * self.valuations.size, payoff, gradient, vectorized=True,
                              title=f"public-good contributions ({self.benefit}, match {match:g})")


def public_good_outcomes(game: ContributionGame) -> dict[str, PublicGoodOutcome]:
    """Nash without help, Nash with the implementing matching grant, the central budget, and the Samuelson optimum.

    Examples
    --------
    >>> from coordgame.games.public_good import ContributionGame, public_good_outcomes
    >>> out = public_good_outcomes(ContributionGame([1.0, 1.0, 1.0, 1.0], cost_of_public_funds=0.2))
    >>> {k: round(v.welfare, 4) for k, v in out.items()}
    {'nash': 0.0, 'matching': 2.0952, 'central': 1.9452, 'samuelson': 2.5452}
    """
    if not isinstance(game, ContributionGame):
        raise InvalidArgumentError(f"game: expected a ContributionGame, got {type(game).__name__}")
    n = game.valuations.size
    top = np.flatnonzero(game.valuations == game.valuations.max())

    def own(total: float) -> tuple[float, ...]:
        share = np.zeros(n)
        share[top] = total / top.size  # the top regions share the burden (any split is an equilibrium)
        return tuple(share.tolist())

    G_nash, G_star, m = game.nash_provision(), game.samuelson_provision(), game.implementing_match_rate()
    paid = G_star / (1 + m)
    return {
        "nash": PublicGoodOutcome("nash", G_nash, own(G_nash), 0.0, game.welfare(G_nash, G_nash)),
        "matching": PublicGoodOutcome("matching", G_star, own(paid), G_star - paid, game.welfare(G_star, paid, G_star - paid), m),
        "central": PublicGoodOutcome("central", G_star, (0.0,) * n, G_star, game.welfare(G_star, 0.0, G_star)),
        "samuelson": PublicGoodOutcome("samuelson", G_star, own(G_star), 0.0, game.welfare(G_star, G_star)),
    }
