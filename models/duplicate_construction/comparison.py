r"""Local competition against the second-best plan, lean: what the sweeps over draws need.

:func:`compare_regimes` solves only local competition (the reference equilibrium, reached by
best-response dynamics from "nobody builds" — regions entering one by one from an empty
economy — and verified) and the second-best planner (certified), and measures the gap between
them in *national welfare* (consumer surplus + profits − fixed costs; delivery costs, when
markets are segmented, are paid out of profits).  Officials' payoffs :math:`U_r` decide the
equilibrium; they are never the objective of the comparison.

Metrics (all floats unless noted):

* ``welfare_nash``, ``welfare_second_best``; ``welfare_loss_pct`` = 100 (W* − W^N)/W*;
* ``entries_nash``, ``entries_second_best``, ``excess_entry`` (> 0: local competition
  over-builds; < 0: it under-builds);
* ``similarity_nash``, ``similarity_second_best`` (1 − mean Krugman dissimilarity / 2);
* ``price_nash``, ``price_second_best`` (mean over industries of the average price paid),
  ``consumer_surplus_nash``, ``consumer_surplus_second_best``;
* ``instrument_per_F`` — the implementing per-cluster instrument averaged over industries,
  in units of F (< 0: a tax; > 0: a subsidy); ``fiscal_balance`` — what the instrument
  raises at the plan (tax revenue − subsidies paid);
* ``planner_gap``, ``planner_gap_pct`` (certified gap of the second best, % of its welfare),
  ``planner_upper_bound`` (the certified upper bound on second-best welfare),
  ``planner_method``, ``nash_method`` (str);
* ``objective`` — ``"national welfare"``: what the planner maximises and the regimes are compared in.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError
from coordgame.tolerances import DEFAULT_TOL

from .economy import Economy, build_economy
from .local_competition import _reached_from_nobody
from .metrics import _pct, krugman_dissimilarity
from .parameters import Parameters
from .planner import second_best
from .regimes import implementing_instrument

__all__ = ["compare_regimes", "regime_markets"]


def regime_markets(economy: Economy, x: np.ndarray) -> dict[str, float]:
    """Average price paid and consumer surplus (summed over industries) of portfolio ``x`` (R, K).

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.comparison import regime_markets
    >>> e = build_economy(Parameters(num_regions=2, num_industries=1, cost_dispersion=0.0, sigma=0.0))
    >>> regime_markets(e, np.array([[1], [0]]))   # monopoly at cost 40: P = 70, CS = 30**2 / 2
    {'price': 70.0, 'consumer_surplus': 450.0}
    """
    built = np.asarray(x, dtype=float).T
    price, _, _, _, surplus = economy.outcome(built)
    return {"price": float(np.mean(price)), "consumer_surplus": float(np.sum(surplus))}


def compare_regimes(params: Parameters | None = None, *, max_nodes: int | None = None,
                    tol: float = DEFAULT_TOL) -> dict[str, Any]:
    """Local competition (reference equilibrium) against the second-best plan, in national welfare.

    Parameters
    ----------
    params : Parameters, optional
    max_nodes : int, optional
        Node limit of each industry's branch and bound, as in :func:`second_best` (the certified
        gap is reported).
    tol : float, default 1e-9
        Relative equilibrium tolerance.

    Returns
    -------
    dict
        The metrics listed in the module docstring.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters
    >>> from coordgame.models.duplicate_construction.comparison import compare_regimes
    >>> m = compare_regimes(Parameters(num_regions=6, num_industries=2))
    >>> m["excess_entry"] > 0, m["welfare_second_best"] >= m["welfare_nash"], m["instrument_per_F"] < 0
    (True, True, True)
    """
    if params is not None and not isinstance(params, Parameters):
        raise InvalidArgumentError(f"params: expected a Parameters instance, got {type(params).__name__}")
    economy = build_economy(Parameters() if params is None else params)
    x_nash = reference_equilibrium(economy, tol=tol)
    x_sb, sb = second_best(economy, max_nodes=max_nodes, tol=tol)
    instrument, _, implements = implementing_instrument(economy, x_sb, tol=tol)
    w_nash = economy.welfare(x_nash) if x_nash is not None else float("nan")
    F = economy.params.fixed_cost
    out: dict[str, Any] = {
        "welfare_nash": w_nash,
        "welfare_second_best": sb["welfare"],
        "welfare_loss_pct": _pct(sb["welfare"], w_nash),
        "entries_nash": float(x_nash.sum()) if x_nash is not None else float("nan"),
        "entries_second_best": float(x_sb.sum()),
        "similarity_nash": 1.0 - krugman_dissimilarity(x_nash) / 2.0 if x_nash is not None else float("nan"),
        "similarity_second_best": 1.0 - krugman_dissimilarity(x_sb) / 2.0,
        "instrument_per_F": float(np.mean(instrument)) / F if F > 0 else float("nan"),
        "instrument_implements": int(implements),
        "fiscal_balance": float(-instrument @ x_sb.sum(axis=0)),
        "planner_gap": float(sb["gap"]),
        "planner_gap_pct": 100.0 * float(sb["gap"]) / abs(sb["welfare"]) if sb["welfare"] else float("nan"),
        "planner_upper_bound": float(sb["upper_bound"]),
        "planner_method": sb["method"],
        "nash_method": "best_response",
        "objective": "national welfare",
    }
    out["excess_entry"] = out["entries_nash"] - out["entries_second_best"]
    for name, x in (("nash", x_nash), ("second_best", x_sb)):
        markets = regime_markets(economy, x) if x is not None else {"price": np.nan, "consumer_surplus": np.nan}
        out[f"price_{name}"], out[f"consumer_surplus_{name}"] = markets["price"], markets["consumer_surplus"]
    return out


def reference_equilibrium(economy: Economy, *, tol: float = DEFAULT_TOL) -> np.ndarray | None:
    """The equilibrium reached from "nobody builds" (regions best-responding in data order), verified; None if it cycles."""
    return _reached_from_nobody(economy, tol=tol)
