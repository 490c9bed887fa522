r"""Production networks with Cobb–Douglas technology and input-purchase wedges (Liu 2019).

**Economy.**  :math:`N` sectors, one primary factor (labour, supplied inelastically, :math:`L = 1`,
wage :math:`w = 1` the numeraire) and a representative household with Cobb–Douglas final
demand shares :math:`\beta` (:math:`\sum_i \beta_i = 1`), so real consumption (welfare, real GDP)
is :math:`Y = \prod_i (c_i/\beta_i)^{\beta_i}`.  Sector :math:`i` produces

.. math:: y_i = z_i \left(\frac{l_i}{\alpha_i}\right)^{\alpha_i} \prod_j \left(\frac{x_{ij}}{\sigma_{ij}}\right)^{\sigma_{ij}},
          \qquad \alpha_i + \sum_j \sigma_{ij} = 1,\ \alpha_i > 0,

with :math:`\sigma` the input-output matrix (cost shares).  A market imperfection (a credit
constraint, a markup) is a wedge :math:`\mu_i \ge 1` between the value of the sector's output and
its cost, so that :math:`p_j x_{ij} = \sigma_{ij} p_i y_i / \mu_i` and
:math:`w l_i = \alpha_i p_i y_i / \mu_i`; the wedge's rents go to the household lump-sum.  A
subsidy :math:`s_i` to sector :math:`i`'s purchases lowers the effective wedge to
:math:`m_i = \mu_i (1 - s_i)`, financed lump-sum (Liu 2019, *QJE* 134(4), sec. II).

**Closed forms.**  Prices solve :math:`\log p = (I - \sigma)^{-1}(\log m - \log z)`.  With
:math:`\Psi = (I - M^{-1}\sigma)^{-1}`, :math:`M = \mathrm{diag}(m)`:

* the *influence vector* :math:`\tilde\lambda' = \beta'(I - \sigma)^{-1}`: the elasticity of
  :math:`Y` to each sector's productivity, and, without wedges, its sales over GDP (Hulten 1978);
* the *Domar weights* (sales over GDP) :math:`\lambda' = \beta'\Psi`; equal to
  :math:`\tilde\lambda` when :math:`m = 1`;
* the *distortion centrality* :math:`\xi_i = m_i \tilde\lambda_i / \lambda_i`: a sector's influence
  relative to its distorted cost size; wedges downstream shrink the demand reaching upstream
  sectors, so upstream sectors are the sink of distortions and have large :math:`\xi`.  Weighted by
  the sectors' value added paid to labour (wage bills over GDP,
  :math:`\alpha_i \lambda_i / m_i`), it averages one:
  :math:`\sum_i (\alpha_i\lambda_i/m_i)\,\xi_i = \sum_i \alpha_i \tilde\lambda_i = 1`
  (Liu 2019, Lemma 2);
* the *social value of a subsidy* (Liu 2019, Propositions 1–2, in this economy's notation):
  :math:`\log Y = -\log \Lambda_L - \tilde\lambda' \log m + \tilde\lambda'\log z`, with
  :math:`\Lambda_L = \sum_i \alpha_i \lambda_i / m_i` labour's share of GDP, so

  .. math:: \frac{\partial \log Y}{\partial s_k}\Big|_{s=0}
            = \tilde\lambda_k - \frac{\lambda_k v_k}{\Lambda_L}
            = \frac{\lambda_k}{m_k}\Big(\xi_k - \frac{m_k v_k}{\Lambda_L}\Big),
            \qquad v = \Psi\,(\alpha / m),

  :math:`v_k` the labour income generated per unit of sector :math:`k`'s sales along its supply
  chain.  Without wedges every term vanishes (the efficient economy is a maximum).

:func:`solve_production` computes the competitive equilibrium from the primitives and verifies it
(production functions, goods and labour markets); the tests check the closed forms above against
finite differences of that solved equilibrium.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame.errors import InvalidArgumentError
from coordgame.results import Result
from coordgame.tolerances import check_tolerance

__all__ = ["ProductionNetwork", "ProductionEquilibrium", "production_network", "solve_production",
           "influence_vector", "domar_weights", "distortion_centrality", "subsidy_value", "effective_wedges"]

_DEFAULT_TOL = 1e-10


def _vector(value: Any, name: str, size: int, default: float) -> np.ndarray:
    if value is None:
        return np.full(size, default)
    try:
        array = np.broadcast_to(np.asarray(value, dtype=float), (size,)).copy()
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{name}: expected a number or {size} numbers, got {value!r}") from None
    if not np.all(np.isfinite(array)):
        raise InvalidArgumentError(f"{name}: expected finite numbers, got {array.tolist()}")
    return array


@dataclasses.dataclass(frozen=True)
class ProductionNetwork:
    """A Cobb–Douglas production network with wedges (see the module docstring).

    Attributes
    ----------
    input_shares : (N, N) ndarray
        :math:`\\sigma_{ij}`, sector ``i``'s cost share of input ``j``; rows sum to less than one.
    final_shares : (N,) ndarray
        :math:`\\beta`, the household's expenditure shares (sum one).
    wedges : (N,) ndarray
        :math:`\\mu \\ge 1`.
    productivity : (N,) ndarray
        :math:`z > 0`.

    Examples
    --------
    >>> from coordgame.games.production import production_network
    >>> net = production_network([[0, 0], [0.5, 0]], wedges=[1.0, 1.5])  # sector 1 buys half its inputs from 0
    >>> net.num_sectors, net.labour_shares.tolist(), net.wedges.tolist()
    (2, [1.0, 0.5], [1.0, 1.5])
    """

    input_shares: np.ndarray
    final_shares: np.ndarray
    wedges: np.ndarray
    productivity: np.ndarray

    @property
    def num_sectors(self) -> int:
        """N."""
        return int(self.final_shares.size)

    @property
    def labour_shares(self) -> np.ndarray:
        """:math:`\\alpha_i = 1 - \\sum_j \\sigma_{ij}`."""
        return 1.0 - self.input_shares.sum(axis=1)

    def with_wedges(self, wedges: Any) -> ProductionNetwork:
        """The same network with other wedges (checked like :func:`production_network`'s)."""
        return production_network(self.input_shares, self.final_shares, wedges, self.productivity)


def production_network(input_shares: Any, final_shares: Any = None, wedges: Any = None,
                       productivity: Any = None) -> ProductionNetwork:
    """A checked :class:`ProductionNetwork`.

    Parameters
    ----------
    input_shares : (N, N) array_like
        Non-negative cost shares; every row sums to less than one (labour's share
        :math:`\\alpha_i > 0`, which keeps :math:`I - \\sigma` invertible).
    final_shares : array_like, optional
        Household expenditure shares, non-negative, summing to one (default uniform).
    wedges : float or array_like, optional
        :math:`\\mu_i > 0` (default 1: no distortion; values below one are subsidies already in place).
    productivity : float or array_like, optional
        :math:`z_i > 0` (default 1).

    Raises
    ------
    InvalidArgumentError
        Naming the argument: a non-square or negative matrix, a row with no labour share, shares
        that do not sum to one, non-positive wedges or productivities.

    Examples
    --------
    >>> net = production_network([[0, 0], [0.5, 0]], wedges=[1.0, 1.5])
    >>> net.labour_shares.tolist(), net.num_sectors
    ([1.0, 0.5], 2)
    """
    try:
        sigma = np.array(input_shares, dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"input_shares: expected a square matrix of numbers, got {input_shares!r}") from None
    if sigma.ndim != 2 or sigma.shape[0] != sigma.shape[1] or sigma.shape[0] == 0:
        raise InvalidArgumentError(f"input_shares: expected a non-empty square matrix, got shape {sigma.shape}")
    if not np.all(np.isfinite(sigma)) or np.any(sigma < 0):
        raise InvalidArgumentError("input_shares: expected finite non-negative cost shares")
    n = sigma.shape[0]
    if np.any(sigma.sum(axis=1) >= 1.0):
        rows = np.flatnonzero(sigma.sum(axis=1) >= 1.0).tolist()
        raise InvalidArgumentError(f"input_shares: rows {rows} sum to one or more; every sector needs a labour share > 0")
    beta = _vector(final_shares, "final_shares", n, 1.0 / n)
    if np.any(beta < 0) or abs(beta.sum() - 1.0) > 1e-9:
        raise InvalidArgumentError(f"final_shares: expected non-negative shares summing to one, got {beta.tolist()}")
    mu = _vector(wedges, "wedges", n, 1.0)
    if np.any(mu <= 0):
        raise InvalidArgumentError(f"wedges: expected positive wedges, got {mu.tolist()}")
    z = _vector(productivity, "productivity", n, 1.0)
    if np.any(z <= 0):
        raise InvalidArgumentError(f"productivity: expected positive productivities, got {z.tolist()}")
    return ProductionNetwork(sigma, beta, mu, z)


def _network(net: Any) -> ProductionNetwork:
    if not isinstance(net, ProductionNetwork):
        raise InvalidArgumentError(f"net: expected a ProductionNetwork (see production_network), got {type(net).__name__}")
    return net


def effective_wedges(net: ProductionNetwork, subsidies: Any = None) -> np.ndarray:
    """:math:`m_i = \\mu_i (1 - s_i)`; subsidies must lie below one.

    Examples
    --------
    >>> effective_wedges(production_network([[0.0]], wedges=1.5), [0.2]).tolist()
    [1.2]
    """
    net = _network(net)
    s = _vector(subsidies, "subsidies", net.num_sectors, 0.0)
    if np.any(s >= 1):
        raise InvalidArgumentError(f"subsidies: expected rates below one, got {s.tolist()}")
    return net.wedges * (1.0 - s)


def influence_vector(net: ProductionNetwork) -> np.ndarray:
    """:math:`\\tilde\\lambda' = \\beta'(I - \\sigma)^{-1}`, the elasticities of output to productivity.

    Examples
    --------
    >>> influence_vector(production_network([[0, 0], [0.5, 0]], [0, 1])).tolist()  # a two-link chain
    [0.5, 1.0]
    """
    net = _network(net)
    return np.linalg.solve((np.eye(net.num_sectors) - net.input_shares).T, net.final_shares)


def domar_weights(net: ProductionNetwork, subsidies: Any = None) -> np.ndarray:
    """Sales over GDP, :math:`\\lambda' = \\beta'(I - M^{-1}\\sigma)^{-1}` at the effective wedges.

    Examples
    --------
    >>> domar_weights(production_network([[0, 0], [0.5, 0]], [0, 1], wedges=[1, 2])).tolist()
    [0.25, 1.0]
    """
    m = effective_wedges(net, subsidies)
    return np.linalg.solve((np.eye(net.num_sectors) - net.input_shares / m[:, None]).T, net.final_shares)


def distortion_centrality(net: ProductionNetwork, subsidies: Any = None) -> np.ndarray:
    """:math:`\\xi_i = m_i \\tilde\\lambda_i / \\lambda_i` (Liu 2019); NaN for a sector with no sales.

    Examples
    --------
    >>> distortion_centrality(production_network([[0, 0], [0.5, 0]], [0, 1], wedges=[1, 2])).tolist()
    [2.0, 2.0]
    """
    m = effective_wedges(net, subsidies)
    sales = domar_weights(net, subsidies)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(sales > 0, m * influence_vector(net) / np.where(sales > 0, sales, 1.0), np.nan)


def subsidy_value(net: ProductionNetwork, subsidies: Any = None) -> np.ndarray:
    """The closed-form :math:`\\partial \\log Y / \\partial s_k` at ``subsidies`` (default none).

    Examples
    --------
    >>> # Two consumer goods, the second made from the first under a wedge: subsidise the second.
    >>> subsidy_value(production_network([[0, 0], [0.5, 0]], [0.5, 0.5], wedges=[1, 1.5])).round(4).tolist()
    [-0.05, 0.1]
    """
    m = effective_wedges(net, subsidies)
    s = _vector(subsidies, "subsidies", net.num_sectors, 0.0)
    sales = domar_weights(net, subsidies)
    alpha = net.labour_shares
    labour = np.linalg.solve(np.eye(net.num_sectors) - net.input_shares / m[:, None], alpha / m)
    labour_share = float(alpha @ (sales / m))
    # d log m_k / d s_k = -1 / (1 - s_k): the chain rule from the wedge to the subsidy rate.
    return (influence_vector(net) - sales * labour / labour_share) / (1.0 - s)


@dataclasses.dataclass(frozen=True)
class ProductionEquilibrium(Result):
    """The competitive equilibrium of a production network, verified on its primitives.

    ``residual`` is the largest relative violation of a production function, a goods market or
    the labour market; ``threshold`` the bound it was checked against.

    Examples
    --------
    >>> from coordgame.games.production import production_network, solve_production
    >>> eq = solve_production(production_network([[0, 0], [0.5, 0]], [0, 1]))
    >>> round(eq.real_output, 6), eq.prices.round(6).tolist(), eq.method
    (1.0, [1.0, 1.0], 'closed_form_prices')
    """

    prices: np.ndarray
    outputs: np.ndarray
    consumption: np.ndarray
    labour: np.ndarray
    inputs: np.ndarray
    expenditure: float
    real_output: float
    value_added: np.ndarray
    residual: float
    threshold: float
    method: str = "closed_form_prices"

    _verified_by = ("residual", "residual", "threshold", None)
    _dict_skip = ("inputs",)

    @property
    def log_output(self) -> float:
        """:math:`\\log Y`."""
        return float(np.log(self.real_output))


@checked_arguments
def solve_production(net: ProductionNetwork, subsidies: Any = None, *, tol: float = _DEFAULT_TOL) -> ProductionEquilibrium:
    """Prices, quantities and real output of the economy at ``subsidies``, verified.

    Prices come from the cost functions (:math:`p_i = m_i \\prod_j p_j^{\\sigma_{ij}} / z_i`),
    sales from the goods markets, the scale from the labour market; then every production function
    and market-clearing condition is re-checked in physical units.

    Parameters
    ----------
    net : ProductionNetwork
    subsidies : float or array_like, optional
        Rates :math:`s_i < 1` (default none).
    tol : float
        Relative bound on the residual of the equilibrium conditions.

    Returns
    -------
    ProductionEquilibrium

    Examples
    --------
    >>> eq = solve_production(production_network([[0, 0], [0.5, 0]], [0, 1]))
    >>> round(eq.real_output, 6), eq.verification.passed   # no wedge, unit productivity
    (1.0, True)
    """
    net = _network(net)
    tol = check_tolerance(tol, "tol")
    m = effective_wedges(net, subsidies)
    n, sigma, alpha, beta = net.num_sectors, net.input_shares, net.labour_shares, net.final_shares
    log_prices = np.linalg.solve(np.eye(n) - sigma, np.log(m) - np.log(net.productivity))
    prices = np.exp(log_prices)
    spending = sigma / m[:, None]
    sales_per_gdp = np.linalg.solve((np.eye(n) - spending).T, beta)
    expenditure = 1.0 / float(alpha @ (sales_per_gdp / m))  # the labour market: sum of wage bills = 1
    sales = sales_per_gdp * expenditure
    outputs = sales / prices
    labour = alpha * sales / m
    inputs = spending * sales[:, None] / prices[None, :]
    consumption = beta * expenditure / prices
    positive = beta > 0
    real_output = float(np.exp(np.sum(beta[positive] * np.log(consumption[positive] / beta[positive]))))
    residual = _equilibrium_residual(net, outputs, labour, inputs, consumption)
    value_added = sales - (spending * sales[:, None]).sum(axis=1)
    return ProductionEquilibrium(prices, outputs, consumption, labour, inputs, expenditure, real_output,
                                 value_added, residual, tol)


def _equilibrium_residual(net: ProductionNetwork, outputs: np.ndarray, labour: np.ndarray, inputs: np.ndarray,
                          consumption: np.ndarray) -> float:
    """Largest relative violation of the production functions, goods markets and labour market."""
    sigma, alpha = net.input_shares, net.labour_shares
    used = sigma > 0
    log_inputs = np.where(used, np.log(np.where(used, inputs, 1.0) / np.where(used, sigma, 1.0)), 0.0)
    produced = net.productivity * (labour / alpha) ** alpha * np.exp((sigma * log_inputs).sum(axis=1))
    technology = np.abs(produced - outputs) / np.maximum(outputs, 1e-300)
    scale = np.maximum(outputs, 1e-300)
    goods = np.abs(consumption + inputs.sum(axis=0) - outputs) / scale
    return float(max(technology.max(), goods.max(), abs(labour.sum() - 1.0)))
