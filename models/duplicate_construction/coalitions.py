r"""Coalitions of regions: what a group obtains by coordinating, and how the gains of the plan can be shared.

**Payoffs** (argument ``payoff``).  ``"welfare"`` (default): region :math:`r`'s contribution to
national welfare :math:`W`,

.. math:: m_r(x) = \sum_k \Big( x_{rk}\,(\pi_{rk} - F) + \tfrac{1}{R}\,\tfrac{b}{2} Q_k^2 \Big),

its clusters' profits net of fixed costs plus an equal share of consumer surplus (equal shares
are an assumption: the model has no regional populations), so :math:`\sum_r m_r = W`.
``"officials"``: the officials' objective :math:`U_r` of the model (profit, weight
:math:`\lambda` on local output value, the tournament term :math:`\theta`).

**The coalition value: the γ-characteristic function** (Chander & Tulkens 1997).  For a
coalition :math:`S`, a *partial-agreement Nash equilibrium* is a profile :math:`x` in which
:math:`x_S` maximises the joint payoff :math:`\sum_{r \in S} m_r(x_S, x_{-S})` given the
outsiders' :math:`x_{-S}`, and every outsider :math:`r \notin S` best-responds with its
official's :math:`U_r` (the outsiders keep competing locally).  Then

.. math:: v_\gamma(S) = \sum_{r \in S} m_r(x^S), \qquad x^S \text{ a partial-agreement equilibrium for } S.

Payoffs, the coalition's problem and the outsiders' incentives all separate across industries
(without a ``budget``), so :math:`v_\gamma(S) = \sum_k v_k(S)` with one computation per industry
over its :math:`2^R` entry columns: the columns are tabulated once (each region's payoff and
each region's gain from switching its own entry), and for every :math:`S` the equilibria are
the columns where no outsider gains from switching and :math:`x_S` attains the best joint
payoff among the columns with the same :math:`x_{-S}`.  **Multiplicity** among the outsiders'
responses is resolved by ``selection``: ``"worst"`` (default — the coalition cannot count on
the outsiders settling where it prefers; the value is conservative, so blocking is harder) or
``"best"``.  If an industry has **no** pure partial-agreement equilibrium for :math:`S`, its
part is the α-value below and the count of such cases is reported.  :math:`v(N)` is the
grand coalition's optimum (with ``payoff="welfare"`` the second-best plan's welfare, which the
tests check against the planner's branch and bound), and :math:`v(\{r\})` is region
:math:`r`'s payoff at an equilibrium where it maximises :math:`m_r` and the others their
:math:`U_{r'}` (with ``payoff="officials"``, a Nash equilibrium of the entry game).

The **α-characteristic function** (``kind="alpha"``, von Neumann & Morgenstern; Aumann 1961),
:math:`v_\alpha(S) = \max_{x_S}\min_{x_{-S}} \sum_{r \in S} m_r`, costs the same on the tables
and is offered for comparison (outsiders as adversaries; :math:`v_\alpha \le v_\gamma` need
not hold industry by industry, but it is the standard pessimistic benchmark).

**Candidates.**  Exact tabulation needs :math:`2^R` columns per industry.  With more than
``num_candidates`` (default 10) regions, industry :math:`k` is tabulated over its
``num_candidates`` regions of lowest base cost :math:`\bar c_{rk}` only; the other regions are
assumed never to build in :math:`k` (an approximation: in the default 31-region calibration
every cluster built under local competition or by the planner is among the 8 cheapest of its
industry).  A non-candidate's payoff part is then the same function of the column for all of
them (its share of consumer surplus, or the tournament term), so a coalition's value depends on
its candidate members and on *how many* non-candidates it has: a table of
:math:`2^{R'} \times (R - R' + 1)` values per industry, from which :math:`v(S)` for any of the
:math:`2^{31}` coalitions is a lookup.  Whether a non-candidate *outsider* would gain by
entering at the selected equilibrium is checked and counted (``entry_violations``); whether a
coalition would like to build a non-candidate's cluster is not.  With at most
``num_candidates`` regions every region is a candidate and the values are exact.  The tables'
fixed candidates are inadequate at 31 regions (in the default economy an excluded region would
enter in 11% of coalition-industry cases, and still in 10% with 11 candidates: which excluded
region matters depends on the coalition); there
:class:`~coordgame.models.duplicate_construction.coalition_oracle.OnDemandValues` computes
:math:`v(S)` per coalition with coalition-specific candidates and verifies every equilibrium over
all regions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError
from coordgame.tolerances import DEFAULT_TOL, absolute_tolerance

from .economy import Economy

__all__ = ["MAX_CANDIDATES", "IndustryTable", "ColumnTables", "CoalitionValues", "column_tables", "coalition_values",
           "portfolio_payoffs", "region_payoffs"]

#: Largest number of candidate regions per industry (2^R' columns, 2^R' coalitions of candidates).
MAX_CANDIDATES = 12

PAYOFFS = ("welfare", "officials")


@dataclass(frozen=True, eq=False)
class IndustryTable:
    """One industry's entry columns over its candidate regions, tabulated.

    ``measure[c, j]``: candidate ``candidates[j]``'s payoff part when the candidates of bitmask
    ``c`` build; ``others[c]``: every non-candidate's part; ``official_gain[c, j]``: candidate
    j's official's gain from switching its entry; ``entry_gain[c]``: the largest gain of a
    non-candidate official from entering (``-inf`` without non-candidates).

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.coalitions import column_tables
    >>> table = column_tables(build_economy(Parameters(num_regions=4, num_industries=2))).industries[0]
    >>> table.candidates.tolist(), table.measure.shape  # every region a candidate: 2^4 entry columns
    ([0, 1, 2, 3], (16, 4))
    >>> bool((table.entry_gain == float("-inf")).all())  # no non-candidate left to enter
    True
    """

    candidates: np.ndarray
    measure: np.ndarray
    others: np.ndarray
    official_gain: np.ndarray
    entry_gain: np.ndarray


@dataclass(frozen=True, eq=False)
class ColumnTables:
    """Every industry's table (see the module docstring); ``exact`` when every region is a candidate.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.coalitions import column_tables
    >>> tables = column_tables(build_economy(Parameters(num_regions=4, num_industries=2)))
    >>> tables.payoff, tables.exact, len(tables.industries)
    ('welfare', True, 2)
    """

    economy: Economy
    payoff: str
    industries: tuple[IndustryTable, ...]

    @property
    def exact(self) -> bool:
        return all(t.candidates.size == self.economy.num_regions for t in self.industries)


def column_tables(economy: Economy, *, payoff: str = "welfare", num_candidates: int = 10) -> ColumnTables:
    """Tabulate each candidate's payoff part and its official's switching gain in every entry column.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.coalitions import column_tables
    >>> tables = column_tables(build_economy(Parameters(num_regions=3, num_industries=2)))
    >>> tables.exact, tables.industries[0].measure.shape
    (True, (8, 3))
    """
    if payoff not in PAYOFFS:
        raise InvalidArgumentError(f"payoff: expected one of {PAYOFFS}, got {payoff!r}")
    if isinstance(num_candidates, bool) or not isinstance(num_candidates, int) or not 1 <= num_candidates <= MAX_CANDIDATES:
        raise InvalidArgumentError(f"num_candidates: expected an integer 1..{MAX_CANDIDATES}, got {num_candidates!r}")
    if economy.params.budget is not None:
        raise InvalidArgumentError("economy: a budget couples the industries; coalition values need budget=None")
    R = economy.num_regions
    size = min(num_candidates, R)
    tables = []
    for k in range(economy.num_industries):
        candidates = np.sort(np.argsort(economy.base_cost[:, k], kind="stable")[:size])
        tables.append(_industry_table(economy, k, candidates, payoff))
    return ColumnTables(economy, payoff, tuple(tables))


def _industry_table(economy: Economy, k: int, candidates: np.ndarray, payoff: str, *,
                    entry: bool = True) -> IndustryTable:
    """``entry=False`` skips the non-candidates' entry gains (``-inf``): callers that check them
    only at the equilibria they select (:mod:`.coalition_oracle`)."""
    R, n = economy.num_regions, candidates.size
    columns = np.arange(1 << n)
    bits = ((columns[:, None] >> np.arange(n)) & 1).astype(float)
    built = np.zeros((columns.size, R))
    built[:, candidates] = bits
    official = _parts(economy, k, built, "officials")
    measure = official if payoff == "officials" else _parts(economy, k, built, payoff)
    flipped = columns[:, None] ^ (1 << np.arange(n))[None, :]
    gain = official[flipped, candidates[None, :]] - official[:, candidates]
    outside = np.setdiff1d(np.arange(R), candidates)
    if outside.size and not entry:
        entry_gain, others = np.full(columns.size, -np.inf), measure[:, outside[0]]
    elif outside.size:
        trial = np.repeat(built[:, None, :], outside.size, axis=1)  # (columns, non-candidates, R)
        trial[:, np.arange(outside.size), outside] = 1.0
        entered = _parts(economy, k, trial, "officials")[:, np.arange(outside.size), outside]
        entry_gain = (entered - official[:, outside]).max(axis=1)
        others = measure[:, outside[0]]
    else:
        entry_gain, others = np.full(columns.size, -np.inf), np.zeros(columns.size)
    return IndustryTable(candidates, measure[:, candidates], others, gain, entry_gain)


def _parts(economy: Economy, k: int, built: np.ndarray, payoff: str) -> np.ndarray:
    """Each region's industry-k payoff part for columns ``built`` (..., R)."""
    price, q = economy.market(built, k)
    if payoff == "officials":
        return economy.regional_parts(built, price, q)
    p = economy.params
    surplus = 0.5 * p.demand_slope * q.sum(axis=-1) ** 2
    return built * (p.demand_slope * q**2 - p.fixed_cost) + surplus[..., None] / economy.num_regions


def region_payoffs(tables: ColumnTables, x: np.ndarray) -> np.ndarray:
    """Each region's payoff (in ``tables.payoff``) at the portfolio matrix ``x`` (R, K).

    Raises :class:`~coordgame.errors.InvalidArgumentError` if ``x`` builds a non-candidate's cluster.

    Examples
    --------
    The regions' welfare under the second-best plan sums to the plan's welfare:

    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, second_best
    >>> from coordgame.models.duplicate_construction.coalitions import column_tables, region_payoffs
    >>> economy = build_economy(Parameters(num_regions=4, num_industries=2))
    >>> plan, info = second_best(economy)
    >>> payoffs = region_payoffs(column_tables(economy), plan)
    >>> payoffs.round(2).tolist(), bool(abs(payoffs.sum() - info["welfare"]) < 1e-6)
    ([1086.06, 1237.49, 496.03, 773.96], True)
    """
    x = np.asarray(x, dtype=np.int64)
    total = np.zeros(tables.economy.num_regions)
    for k, table in enumerate(tables.industries):
        outside = np.setdiff1d(np.arange(x.shape[0]), table.candidates)
        if x[outside, k].any():
            raise InvalidArgumentError(f"x: industry {k} builds outside its candidate regions; raise num_candidates")
        column = int((x[table.candidates, k] << np.arange(table.candidates.size)).sum())
        total += table.others[column]
        total[table.candidates] += table.measure[column] - table.others[column]
    return total


def portfolio_payoffs(economy: Economy, x: np.ndarray, *, payoff: str = "welfare") -> np.ndarray:
    """Each region's payoff (``"welfare"`` contribution or ``"officials"``) at the portfolio matrix ``x`` (R, K).

    Needs no tables, so it is exact at any size (unlike :func:`region_payoffs`, limited to candidates).

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.coalitions import portfolio_payoffs
    >>> economy = build_economy(Parameters(num_regions=4, num_industries=2))
    >>> x = np.array([[1, 0], [1, 1], [0, 1], [0, 0]])
    >>> bool(abs(portfolio_payoffs(economy, x).sum() - economy.welfare(x)) < 1e-9)
    True
    """
    if payoff not in PAYOFFS:
        raise InvalidArgumentError(f"payoff: expected one of {PAYOFFS}, got {payoff!r}")
    x = np.asarray(x, dtype=float)
    if x.shape != (economy.num_regions, economy.num_industries):
        raise InvalidArgumentError(f"x: expected shape {(economy.num_regions, economy.num_industries)}, got {x.shape}")
    return sum(_parts(economy, k, x[:, k], payoff) for k in range(economy.num_industries))


@dataclass(frozen=True, eq=False)
class CoalitionValues:
    """The characteristic function of the regions, as per-industry lookup tables.

    ``tables[k][c, j]`` is industry k's value to a coalition whose candidate members form the
    bitmask ``c`` (over ``candidates[k]``) and which has ``j`` non-candidate members.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.coalitions import coalition_values, column_tables
    >>> values = coalition_values(column_tables(build_economy(Parameters(num_regions=4, num_industries=2))))
    >>> values.kind, values.selection, values.exact, values.value(0)
    ('gamma', 'worst', True, 0.0)
    >>> round(values.value(0b1111), 2)  # v(N): the welfare of the second-best plan
    3593.54
    """

    num_regions: int
    candidates: tuple[np.ndarray, ...]
    tables: tuple[np.ndarray, ...]
    kind: str
    selection: str
    exact: bool
    counts: dict[str, int]

    def value(self, mask: int) -> float:
        """:math:`v(S)` for the coalition of bitmask ``mask`` (region r is bit r)."""
        mask, size, total = int(mask), bin(int(mask)).count("1"), 0.0
        for candidates, table in zip(self._positions, self.tables):  # plain ints: called millions of times
            column = members = 0
            for j, region in enumerate(candidates):
                if mask >> region & 1:
                    column |= 1 << j
                    members += 1
            total += float(table[column, size - members])
        return total

    @property
    def _positions(self) -> tuple[tuple[int, ...], ...]:
        return tuple(tuple(int(r) for r in c) for c in self.candidates)

    def array(self) -> np.ndarray:
        """:math:`v` over all :math:`2^R` coalitions (only for exact tables: at most 12 regions)."""
        if not self.exact:
            raise InvalidArgumentError("values: the tables are not exact (non-candidates); use value(mask)")
        masks = np.arange(1 << self.num_regions)
        out = np.zeros(masks.size)
        for candidates, table in zip(self.candidates, self.tables):
            column = (((masks[:, None] >> candidates[None, :]) & 1) << np.arange(candidates.size)).sum(axis=1)
            out += table[column, 0]
        return out


def coalition_values(tables: ColumnTables, *, kind: str = "gamma", selection: str = "worst",
                     tol: float = DEFAULT_TOL) -> CoalitionValues:
    """The characteristic function (γ or α) of the regions, from the tabulated columns.

    Parameters
    ----------
    tables : ColumnTables
    kind : {"gamma", "alpha"}
    selection : {"worst", "best"}
        Which partial-agreement equilibrium fixes :math:`v_\\gamma(S)` when there are several.
    tol : float
        Relative tolerance (times ``Economy.payoff_range``) of "no gain from switching" and of
        "the coalition's best".

    Returns
    -------
    CoalitionValues
        ``counts``: ``no_equilibrium`` (coalition-industry pairs without a pure
        partial-agreement equilibrium, valued by the α rule), ``multiple`` (pairs whose
        equilibria differ in value to the coalition), ``entry_violations`` (pairs where a
        non-candidate outsider would gain by entering at the selected equilibrium).

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, second_best
    >>> from coordgame.models.duplicate_construction.coalitions import coalition_values, column_tables
    >>> economy = build_economy(Parameters(num_regions=4, num_industries=2))
    >>> v = coalition_values(column_tables(economy)).array()
    >>> bool(abs(v[-1] - second_best(economy)[1]["welfare"]) < 1e-6)   # v(N): the plan
    True
    """
    if kind not in ("gamma", "alpha"):
        raise InvalidArgumentError(f"kind: expected 'gamma' or 'alpha', got {kind!r}")
    if selection not in ("worst", "best"):
        raise InvalidArgumentError(f"selection: expected 'worst' or 'best', got {selection!r}")
    atol = absolute_tolerance(tol, tables.economy)
    R = tables.economy.num_regions
    counts = {"no_equilibrium": 0, "multiple": 0, "entry_violations": 0}
    out = []
    for table in tables.industries:
        n = table.candidates.size
        values = np.zeros((1 << n, R - n + 1))
        for members_outside in range(R - n + 1):
            values[:, members_outside] = _industry_values(table, members_outside, R - n - members_outside, kind,
                                                          selection, atol, counts)
        out.append(values)
    return CoalitionValues(R, tuple(t.candidates for t in tables.industries), tuple(out), kind, selection,
                           tables.exact, counts)


def _industry_values(table: IndustryTable, members_outside: int, outsiders_outside: int, kind: str, selection: str,
                     atol: float, counts: dict[str, int]) -> np.ndarray:
    """One industry's value to every coalition of candidates, with ``members_outside`` non-candidate members."""
    n = table.candidates.size
    coalitions = np.arange(1 << n)
    indicator = ((coalitions[None, :] >> np.arange(n)[:, None]) & 1).astype(float)
    joint = table.measure @ indicator + members_outside * table.others[:, None]  # (columns, coalitions)
    alpha = _fold(joint, coalitions, n, np.minimum, outside=True).max(axis=0)
    if kind == "alpha":
        return _drop_empty(alpha, members_outside)
    best_own = _fold(joint, coalitions, n, np.maximum, outside=False)
    unhappy = ((table.official_gain > atol) << np.arange(n)).sum(axis=1)
    outside = ((1 << n) - 1) ^ coalitions
    equilibrium = ((unhappy[:, None] & outside[None, :]) == 0) & (joint >= best_own - atol)
    low = np.where(equilibrium, joint, np.inf).min(axis=0)
    high = np.where(equilibrium, joint, -np.inf).max(axis=0)
    found = equilibrium.any(axis=0)
    chosen = np.where(equilibrium, joint, np.inf if selection == "worst" else -np.inf)
    column = chosen.argmin(axis=0) if selection == "worst" else chosen.argmax(axis=0)
    empty = coalitions == 0 if members_outside == 0 else np.zeros(coalitions.size, dtype=bool)
    counts["no_equilibrium"] += int((~found & ~empty).sum())
    counts["multiple"] += int((found & (high - low > atol) & ~empty).sum())
    if outsiders_outside:
        counts["entry_violations"] += int((found & (table.entry_gain[column] > atol) & ~empty).sum())
    return _drop_empty(np.where(found, low if selection == "worst" else high, alpha), members_outside)


def _drop_empty(values: np.ndarray, members_outside: int) -> np.ndarray:
    """v(empty coalition) = 0."""
    if members_outside == 0:
        values = values.copy()
        values[0] = 0.0
    return values


def _fold(joint: np.ndarray, coalitions: np.ndarray, n: int, reduce: Any, *, outside: bool) -> np.ndarray:
    """For each coalition (column of ``joint``), reduce over the entry columns differing only in its
    members' bits (``outside=False``) or its outsiders' bits (``outside=True``)."""
    out = joint.copy()
    columns = joint.shape[0]
    for i in range(n):
        has = ((coalitions >> i) & 1).astype(bool)
        selected = ~has if outside else has
        pairs = out.reshape(columns >> (i + 1), 2, 1 << i, -1)  # entry columns paired on bit i
        reduced = reduce(pairs[:, 0], pairs[:, 1])[:, None]
        out = np.where(selected[None, :], np.broadcast_to(reduced, pairs.shape).reshape(out.shape), out)
    return out
