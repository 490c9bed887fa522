"""Stage 2: the Cournot market of each industry, solved exactly by the library's closed form."""

from __future__ import annotations

from typing import Any

import numpy as np

from coordgame.games import cournot_equilibrium

__all__ = ["market_outcome"]


def market_outcome(intercept: Any, slope: Any, costs: Any) -> tuple[np.ndarray, np.ndarray]:
    """The price and the quantities of the Cournot equilibrium in every market at once.

    The quantities are :func:`coordgame.games.cournot_equilibrium`'s (linear demand
    ``P = intercept - slope * Q``, heterogeneous constant costs, ``inf`` for a firm absent from a
    market); the price is the demand at their total.

    Parameters
    ----------
    intercept, slope : array_like, broadcastable to ``costs.shape[:-1]``
    costs : array_like, shape (..., n)

    Returns
    -------
    price : ndarray, shape (...)
    quantities : ndarray, shape (..., n)

    Examples
    --------
    Costs 10, 20 and 60 with ``P = 100 - Q``: the third firm stays out (60 > price 43.3).

    >>> from coordgame.models.duplicate_construction import market_outcome
    >>> price, q = market_outcome(100.0, 1.0, [10.0, 20.0, 60.0])
    >>> round(float(price), 4), q.round(4).tolist()
    (43.3333, [33.3333, 23.3333, 0.0])
    """
    quantities = cournot_equilibrium(intercept, slope, costs)
    price = np.asarray(intercept, dtype=np.float64) - np.asarray(slope, dtype=np.float64) * quantities.sum(axis=-1)
    return price, quantities
