"""What a solution is measured by: portfolio similarity, market summaries, welfare losses."""

from __future__ import annotations

import numpy as np

from coordgame.metrics import welfare_loss

from .economy import Economy

__all__ = ["krugman_dissimilarity"]


def krugman_dissimilarity(x: np.ndarray) -> float:
    r"""Mean pairwise Krugman dissimilarity of 0/1 portfolios normalised to shares.

    :math:`s_{rk} = x_{rk} / \sum_j x_{rj}`, :math:`\mathrm{KSI}_{rr'} = \sum_k |s_{rk} - s_{r'k}|
    \in [0, 2]`, averaged over pairs of regions that build something (NaN if fewer than two).

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import krugman_dissimilarity
    >>> krugman_dissimilarity([[1, 0], [0, 1]]), krugman_dissimilarity([[1, 1], [1, 1], [0, 0]])
    (2.0, 0.0)
    """
    x = np.asarray(x, dtype=float)
    x = x[x.sum(axis=1) > 0]
    if x.shape[0] < 2:
        return float("nan")
    shares = x / x.sum(axis=1, keepdims=True)
    ksi = np.abs(shares[:, None, :] - shares[None, :, :]).sum(axis=-1)
    upper = np.triu_indices(x.shape[0], 1)
    return float(ksi[upper].mean())


def _market_summary(economy: Economy, x: np.ndarray) -> dict[str, np.ndarray]:
    built = x.T.astype(float)
    price, q = economy.market(built)
    total = q.sum(axis=-1)
    hhi = np.where(total > 0, ((q / np.where(total > 0, total, 1.0)[:, None]) ** 2).sum(axis=-1), np.nan)
    return {"entries": x.sum(axis=0), "active": (q > 0).sum(axis=-1), "price": price, "output": total, "hhi": hhi,
            "welfare": economy.industry_welfare(built)}


def _pct(reference: float, achieved: float) -> float:
    """Welfare lost by ``achieved`` in % of ``reference`` (:func:`coordgame.metrics.welfare_loss`: NaN unless reference > 0)."""
    loss = welfare_loss(reference, achieved)
    return float("nan") if loss.reason else 100.0 * loss.absolute / loss.reference  # 100 * absolute first, as always
