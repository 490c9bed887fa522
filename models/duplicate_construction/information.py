r"""Selective versus market-enhancing policy when the centre sees regions' costs with noise.

The centre observes each base cost :math:`\bar c_{rk}` with independent Gaussian noise,
:math:`\tilde c_{rk} = \max(0, \bar c_{rk} + s\,\varepsilon_{rk})`, and plans on the noisy
economy :math:`\tilde E` (same demand, spillovers and officials' motives, noisy base costs).
Everything is evaluated on the **true** economy's national welfare :math:`W` (subsidies and taxes
are transfers and do not count).

* **Selective policy** (picking winners): the centre solves the second-best planner's problem on
  :math:`\tilde E` (:func:`~coordgame.models.duplicate_construction.second_best`) and licenses
  exactly those clusters: :math:`x^{sel} = x^*(\tilde E)`.
* **Market-enhancing policy** (uniform rules): the centre computes, also on :math:`\tilde E`, the
  uniform per-industry entry subsidy/tax that would implement its noisy plan
  (:func:`~coordgame.models.duplicate_construction.implementing_instrument`), announces it, and
  lets regions choose on their **true** costs: :math:`x^{mkt}` is the equilibrium of the true
  entry game with that subsidy reached from "nobody builds"
  (:func:`~coordgame.models.duplicate_construction.subsidised_equilibrium`).  The noise moves
  the tax level, but who enters is decided by true costs.
* **Local competition**: the same equilibrium without subsidy; **full-information planner**:
  :math:`x^*(E)`.

The noise standard deviation is :math:`s = \text{relative\_noise} \times` the standard deviation
of the true base costs (10.0 cost units in the default calibration, mean 40).
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import numpy as np

from coordgame._checks import as_generator
from coordgame.errors import InvalidArgumentError
from coordgame.results import Result

from .economy import Economy
from .planner import second_best
from .regimes import implementing_instrument, subsidised_equilibrium

__all__ = ["NoisyPolicyOutcome", "noisy_economy", "misreported_economy", "policies_under_noise"]


def noisy_economy(economy: Economy, noise_sd: float, seed: int | np.random.Generator | None = None) -> Economy:
    """The centre's view of ``economy``: base costs plus Gaussian noise of sd ``noise_sd`` (clipped at 0).

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.information import noisy_economy
    >>> e = build_economy(Parameters(num_regions=4, num_industries=2))
    >>> bool((noisy_economy(e, 0.0, seed=1).base_cost == e.base_cost).all())
    True
    """
    if isinstance(noise_sd, bool) or not isinstance(noise_sd, (int, float, np.floating)) or not np.isfinite(noise_sd) \
            or noise_sd < 0:
        raise InvalidArgumentError(f"noise_sd: expected a finite number >= 0, got {noise_sd!r}")
    rng = as_generator(seed)
    seen = np.maximum(economy.base_cost + float(noise_sd) * rng.standard_normal(economy.base_cost.shape), 0.0)
    seen.setflags(write=False)
    return dataclasses.replace(economy, base_cost=seen)


def misreported_economy(economy: Economy, understatement: float, plan: np.ndarray | None = None) -> Economy:
    """Reports of regions that want licences: base costs understated by ``understatement`` where a licence pays.

    A region understates its cost in industry k (by the same amount, clipped at 0) iff its
    officials gain from having that cluster when the others build the full-information plan
    ``plan`` (its entry gain there is positive: the planned regions and the would-be entrants
    of local competition); the others report truthfully.  A stylised rule, not an equilibrium
    of a reporting game: lying is costless and bounded by what the centre finds credible.  The
    equilibrium of the reporting game is :func:`~coordgame.models.duplicate_construction.reporting.reporting_equilibrium`.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.information import misreported_economy
    >>> e = build_economy(Parameters(num_regions=5, num_industries=2))
    >>> bool((misreported_economy(e, 3.0).base_cost <= e.base_cost).all())
    True
    """
    if isinstance(understatement, bool) or not isinstance(understatement, (int, float, np.floating)) \
            or not np.isfinite(understatement) or understatement < 0:
        raise InvalidArgumentError(f"understatement: expected a finite number >= 0, got {understatement!r}")
    plan = second_best(economy)[0] if plan is None else np.asarray(plan, dtype=np.int64)
    wants = economy.entry_gains(plan) > 0
    reported = np.maximum(economy.base_cost - float(understatement) * wants, 0.0)
    reported.setflags(write=False)
    return dataclasses.replace(economy, base_cost=reported)


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class NoisyPolicyOutcome(Result):
    """True national welfare of each policy for one draw of the centre's noise.

    Attributes
    ----------
    noise_sd : float
    seed : int
    welfare_selective, welfare_market, welfare_local, welfare_planner : float
        :math:`W` of the selective, market-enhancing, local-competition and full-information outcomes.
    entries_selective, entries_market, entries_local, entries_planner : int
        Clusters built under each.
    implementable : bool
        Whether a uniform subsidy implements the centre's noisy plan in the noisy economy (every industry).
    market_found : bool
        Whether the market-enhancing equilibrium was reached (best-response dynamics did not cycle).

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.information import policies_under_noise
    >>> out = policies_under_noise(build_economy(Parameters(num_regions=4, num_industries=2)), 0.5, seed=1)
    >>> out.entries_planner, out.entries_selective, out.entries_market, out.entries_local
    (4, 4, 6, 7)
    >>> round(out.welfare_planner, 2), round(out.welfare_market, 2), round(out.welfare_local, 2)
    (3593.54, 3489.49, 3413.9)
    """

    noise_sd: float
    seed: int
    welfare_selective: float
    welfare_market: float
    welfare_local: float
    welfare_planner: float
    entries_selective: int
    entries_market: int
    entries_local: int
    entries_planner: int
    implementable: bool
    market_found: bool

    method: ClassVar[str] = "selective vs market-enhancing (noisy costs)"


def _full_information(economy: Economy) -> tuple[np.ndarray, np.ndarray]:
    local = subsidised_equilibrium(economy, np.zeros(economy.num_industries))
    planned, _ = second_best(economy)
    return local, planned


def policies_under_noise(economy: Economy, noise_sd: float, seed: int = 0, *, understatement: float = 0.0,
                         reference: tuple[np.ndarray, np.ndarray] | None = None) -> NoisyPolicyOutcome:
    """Selective, market-enhancing, local-competition and full-information welfare for one noise draw.

    ``understatement`` > 0: the centre works from the reports of :func:`misreported_economy`
    (then observed with the noise).  ``reference`` = (local-competition portfolio,
    full-information plan) of ``economy`` when already computed (they do not depend on the noise).

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.information import policies_under_noise
    >>> e = build_economy(Parameters(num_regions=6, num_industries=2))
    >>> out = policies_under_noise(e, 0.0)
    >>> out.welfare_selective == out.welfare_planner == out.welfare_market
    True
    """
    if not isinstance(economy, Economy):
        raise InvalidArgumentError(f"economy: expected an Economy, got {type(economy).__name__}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InvalidArgumentError(f"seed: expected an integer >= 0, got {seed!r}")
    local, planned = _full_information(economy) if reference is None else reference
    reported = economy if understatement == 0 else misreported_economy(economy, understatement, planned)
    seen = noisy_economy(reported, noise_sd, seed)
    selective, _ = second_best(seen)
    subsidy, implementable, _ = implementing_instrument(seen, selective)
    market = subsidised_equilibrium(economy, subsidy)
    found = market is not None
    market = np.zeros_like(selective) if market is None else market
    local = np.zeros_like(selective) if local is None else local
    return NoisyPolicyOutcome(
        float(noise_sd), int(seed), economy.welfare(selective), economy.welfare(market) if found else float("nan"),
        economy.welfare(local), economy.welfare(planned), int(selective.sum()), int(market.sum()), int(local.sum()),
        int(planned.sum()), bool(np.all(implementable)), found)
