r"""Who gains and who loses from moving from local competition to the plan.

National welfare is split by region:

.. math:: V_r(x) = CS_r(x) + \sum_k \big(\pi_{rk}(x) - F x_{rk}\big), \qquad \sum_r V_r = W(x),

with :math:`CS_r` the consumer surplus of region r's consumers — its own market's surplus when
markets are regional, its population share :math:`s_r` of the national consumer surplus
otherwise — and :math:`\pi_{rk}` the profits of its clusters (net of delivery costs).  The move
from the equilibrium :math:`x^N` to the plan :math:`x^*` changes region r's welfare by
:math:`\Delta V_r = V_r(x^*) - V_r(x^N)` ("without the instrument": the plan imposed, no
transfers).  With the implementing instrument :math:`s_k` (< 0: a tax) region r also pays
:math:`-\sum_k s_k x^*_{rk}` and receives its population share of the fiscal balance (revenue
returned per head — an assumption; the model has no central budget):
:math:`\Delta V_r + \sum_k s_k x^*_{rk} + s_r B`, :math:`B = -\sum_k s_k n^*_k`.  Both columns
sum to the national gain :math:`W(x^*) - W(x^N)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from coordgame.errors import InvalidArgumentError
from coordgame.tolerances import DEFAULT_TOL

from .comparison import reference_equilibrium
from .economy import Economy, build_economy
from .markets import segmented_cournot
from .parameters import Parameters
from .planner import second_best
from .regimes import implementing_instrument

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["regional_welfare", "regional_gains"]


def regional_welfare(economy: Economy, x: Any) -> np.ndarray:
    """Each region's part :math:`V_r` of national welfare at portfolio ``x`` (R, K); sums to ``economy.welfare(x)``.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, regional_welfare
    >>> e = build_economy(Parameters(num_regions=4, num_industries=2))
    >>> x = np.array([[1, 0], [1, 1], [0, 0], [0, 1]])
    >>> bool(np.isclose(regional_welfare(e, x).sum(), e.welfare(x)))
    True
    """
    built = np.asarray(x, dtype=float).T  # (K, R)
    p = economy.params
    _, _, _, profit, surplus = economy.outcome(built)
    own = (profit - p.fixed_cost * built).sum(axis=0)
    if not economy.segmented:
        return own + surplus.sum() * economy.market_sizes
    costs = np.where(built > 0, economy.costs(built), np.inf)
    markets = segmented_cournot(p.demand_intercept, economy.market_slopes, costs, economy.delivery)
    per_market = (0.5 * economy.market_slopes * markets.quantities.sum(axis=-1) ** 2).sum(axis=0)  # (M,)
    return own + per_market


def regional_gains(params: Parameters | None = None, *, tol: float = DEFAULT_TOL) -> pd.DataFrame:
    """Per-region gains and losses of moving from local competition to the second-best plan.

    Local competition is the equilibrium reached from "nobody builds" (verified); the plan is the
    certified second best; the instrument is :func:`implementing_instrument`'s.

    Returns
    -------
    pandas.DataFrame
        One row per region: ``region``, ``latitude``, ``longitude``, ``population_share``,
        ``clusters_nash``, ``clusters_plan``, ``welfare_nash``, ``welfare_plan`` (:math:`V_r`),
        ``gain_without_instrument``, ``instrument_paid`` (> 0: the region pays a tax),
        ``rebate``, ``gain_with_instrument``.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, regional_gains
    >>> table = regional_gains(Parameters(num_regions=5, num_industries=2))
    >>> list(table.columns[:3]), len(table)
    (['region', 'latitude', 'longitude'], 5)
    >>> bool(abs(table.gain_with_instrument.sum() - table.gain_without_instrument.sum()) < 1e-6)
    True
    """
    import pandas as pd

    if params is not None and not isinstance(params, Parameters):
        raise InvalidArgumentError(f"params: expected a Parameters instance, got {type(params).__name__}")
    economy = build_economy(Parameters() if params is None else params)
    x_nash = reference_equilibrium(economy, tol=tol)
    if x_nash is None:
        raise InvalidArgumentError("params: best-response dynamics from 'nobody builds' cycle; no reference equilibrium")
    x_plan, _ = second_best(economy, tol=tol)
    instrument, _, _ = implementing_instrument(economy, x_plan, tol=tol)
    coords = economy.coordinates
    before, after = regional_welfare(economy, x_nash), regional_welfare(economy, x_plan)
    paid = -(x_plan * instrument[None, :]).sum(axis=1)
    rebate = economy.market_sizes * paid.sum()
    return pd.DataFrame({
        "region": economy.regions, "latitude": coords[:, 0], "longitude": coords[:, 1],
        "population_share": economy.market_sizes, "clusters_nash": x_nash.sum(axis=1),
        "clusters_plan": x_plan.sum(axis=1), "welfare_nash": before, "welfare_plan": after,
        "gain_without_instrument": after - before, "instrument_paid": paid, "rebate": rebate,
        "gain_with_instrument": after - before - paid + rebate,
    })
