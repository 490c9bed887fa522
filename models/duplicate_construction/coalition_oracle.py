r"""Coalition values on demand at full size: :math:`v_\gamma(S)` per coalition, its equilibria verified over every region.

The tables of :mod:`~coordgame.models.duplicate_construction.coalitions` need :math:`2^R` entry
columns per industry, so with 31 regions they keep each industry's 10 cheapest regions and
assume the others never build — and in the default economy an excluded region would in fact
enter in about 11% of coalition-industry cases: the excluded region that matters depends on the
coalition (when a coalition holds the cheap regions and builds few clusters, the cheapest
*outsiders* enter).  This module computes :math:`v_\gamma(S) = \sum_k v_k(S)` for one
coalition at a time (as :class:`~coordgame.coop.TUGame` calls it: the Shapley sample and the
least core's constraint generation ask only for the coalitions they need, and the game caches
them), each industry by a **coalition-specific restricted game with a verification loop**:

1. Candidates :math:`C`: the coalition's ``members`` cheapest regions in industry :math:`k`
   (by base cost :math:`\bar c_{rk}`) and the ``outsiders`` cheapest outside it.
2. The partial-agreement equilibria among the :math:`2^{|C|}` columns that build only in
   :math:`C` are found exactly, as in the tables: no candidate outsider's official gains by
   switching, and the coalition's joint payoff is within tolerance of its best given the
   outsiders' columns.
3. **Verification over all regions** at *every* such equilibrium :math:`x`: no excluded outsider
   :math:`e` gains by entering (its official's :math:`U_e(x + e) - U_e(x) \le` tolerance,
   Cournot re-solved), and the coalition gains nothing by also building an excluded member's
   cluster (:math:`\sum_{i \in S} m_i(x + r) - m_i(x) \le` tolerance), by building one instead
   of a cluster it has built, or (``pairs``) by building two excluded members' clusters at once
   (each may not pay alone while the pair does: their spillovers lower each other's costs).
   Every violator joins :math:`C` and step 2 is repeated; at most ``max_candidates`` candidates.
4. :math:`v_k(S)` is the worst (or best, ``selection``) coalition payoff among the equilibria.

**What is certified.**  When the loop ends without violators (status ``verified``), every
equilibrium found is a partial-agreement equilibrium of the *full* 31-region industry: the
outsiders' side is an exact Nash check (an outsider deviates alone, and every outsider's entry
or exit is tried); the coalition's side is exact over the candidates' columns and checked for
single and paired additions of the excluded members' clusters — additions of three or more at
once are not tested.  And :math:`v_k(S)` is attained at one of them.  The loop does not
enumerate equilibria that build an excluded region's cluster; where one exists and is worse for
the coalition, the ``"worst"`` value is an upper bound of the exact one (``"best"``: a lower
bound).  On small economies (tests) the values agree with the exhaustive tables for every
coalition.  Status ``unverified``: the cap was reached with violators left; ``no_equilibrium``:
no pure equilibrium among the candidates' columns, the part is the α-value over them.  Each
status is counted per coalition-industry pair evaluated (:attr:`OnDemandValues.counts`).
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np

from coordgame.errors import InvalidArgumentError
from coordgame.tolerances import DEFAULT_TOL, absolute_tolerance

from .coalitions import PAYOFFS, IndustryTable, _industry_table, _parts
from .economy import Economy
from .market import market_outcome

__all__ = ["OnDemandValues", "VALUE_STATUSES"]

#: Per coalition-industry pair: verified, unverified (cap reached) or no pure equilibrium (α part).
VALUE_STATUSES = ("verified", "unverified", "no_equilibrium")



_TABLE_CACHE_BYTES = 512 * 2**20
"""Memory kept for restricted industry tables (least recently used dropped first)."""


def _table_bytes(table: IndustryTable) -> int:
    """Bytes held by a table's arrays."""
    return sum(value.nbytes for value in vars(table).values() if isinstance(value, np.ndarray))


class OnDemandValues:
    """:math:`v_\\gamma(S)` of any coalition of an economy's regions, computed when asked (see the module docstring).

    Parameters
    ----------
    economy : Economy
        Without a budget (payoffs then separate across industries).
    payoff : {"welfare", "officials"}
    selection : {"worst", "best"}
    members, outsiders : int
        Initial candidates per industry: the coalition's cheapest members and cheapest outsiders.
    max_candidates : int, default 14
        Cap of the candidate set (:math:`2^{14}` columns).
    pairs : bool, default True
        Also verify that the coalition gains nothing by adding two excluded members' clusters at
        once (counted in ``counts["pair_deviations"]`` where only that check found a violator).
    tol : float
        Relative tolerance (times ``Economy.payoff_range``).

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.coalition_oracle import OnDemandValues
    >>> from coordgame.models.duplicate_construction.coalitions import coalition_values, column_tables
    >>> economy = build_economy(Parameters(num_regions=6, num_industries=2))
    >>> oracle = OnDemandValues(economy, members=1, outsiders=2)
    >>> exact = coalition_values(column_tables(economy)).array()
    >>> all(abs(oracle.value(mask) - exact[mask]) < 1e-9 for mask in range(64))
    True
    >>> oracle.counts["pairs"], oracle.counts["verified"], oracle.counts["no_equilibrium"], oracle.counts["expanded"] > 0
    (126, 125, 1, True)
    """

    def __init__(self, economy: Economy, *, payoff: str = "welfare", selection: str = "worst", members: int = 4,
                 outsiders: int = 6, max_candidates: int = 14, pairs: bool = True, tol: float = DEFAULT_TOL) -> None:
        if payoff not in PAYOFFS:
            raise InvalidArgumentError(f"payoff: expected one of {PAYOFFS}, got {payoff!r}")
        if selection not in ("worst", "best"):
            raise InvalidArgumentError(f"selection: expected 'worst' or 'best', got {selection!r}")
        for name, value, low in (("members", members, 0), ("outsiders", outsiders, 0),
                                 ("max_candidates", max_candidates, 1)):
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= 20:
                raise InvalidArgumentError(f"{name}: expected an integer {low}..20, got {value!r}")
        if economy.params.budget is not None:
            raise InvalidArgumentError("economy: a budget couples the industries; coalition values need budget=None")
        self.economy, self.payoff, self.selection = economy, payoff, selection
        self.members, self.outsiders, self.max_candidates, self.pairs = members, outsiders, max_candidates, bool(pairs)
        self.atol = absolute_tolerance(tol, economy)
        self._order = [tuple(int(r) for r in np.argsort(economy.base_cost[:, k], kind="stable"))
                       for k in range(economy.num_industries)]
        self._tables: OrderedDict[tuple[int, tuple[int, ...]], IndustryTable] = OrderedDict()
        self._table_bytes = 0
        self.counts = {"pairs": 0, **{s: 0 for s in VALUE_STATUSES}, "expanded": 0, "multiple": 0, "largest_candidates": 0,
                       "pair_deviations": 0}

    def value(self, mask: int) -> float:
        """:math:`v_\\gamma(S)` for the coalition of bitmask ``mask`` (region r is bit r); 0 for the empty one."""
        mask = int(mask)
        if mask == 0:
            return 0.0
        return float(sum(self.industry_value(k, mask)[0] for k in range(self.economy.num_industries)))

    def industry_value(self, k: int, mask: int) -> tuple[float, str, tuple[int, ...], np.ndarray]:
        """Industry k's part :math:`v_k(S)`, its status (:data:`VALUE_STATUSES`), the final candidates, and the
        equilibria found as 0/1 entry columns over all regions (shape (E, R); E = 0 without equilibrium)."""
        order = self._order[k]
        inside = [r for r in order if mask >> r & 1]
        outside = [r for r in order if not mask >> r & 1]
        candidates = set(inside[:self.members]) | set(outside[:self.outsiders])
        self.counts["pairs"] += 1
        grown = False
        while True:
            chosen = tuple(sorted(candidates))
            joint, equilibria = self._restricted(k, chosen, mask)
            if not equilibria.size:  # perhaps an artefact of the restriction: widen before falling back to alpha
                wider = self._next_cheapest(order, candidates, mask)
                if not wider or len(candidates | wider) > self.max_candidates:
                    value, status = self._alpha(k, chosen, mask, joint), "no_equilibrium"
                    columns = np.zeros((0, self.economy.num_regions))
                    break
                candidates |= wider
                grown = True
                continue
            columns = np.zeros((equilibria.size, self.economy.num_regions))
            columns[:, list(chosen)] = (equilibria[:, None] >> np.arange(len(chosen))) & 1
            violators = self._violators(k, mask, columns, chosen)
            room = self.max_candidates - len(candidates)
            if not violators or room <= 0:
                status = "unverified" if violators else "verified"
                value = self._select(joint[equilibria])
                break
            candidates |= set(sorted(violators, key=order.index)[:room])  # the cheapest first
            grown = True
        self.counts[status] += 1
        self.counts["expanded"] += int(grown)
        self.counts["largest_candidates"] = max(self.counts["largest_candidates"], len(chosen))
        return value, status, chosen, columns

    @staticmethod
    def _next_cheapest(order: tuple[int, ...], candidates: set[int], mask: int) -> set[int]:
        """The cheapest excluded member and the cheapest excluded outsider (those that exist)."""
        out: set[int] = set()
        for inside in (True, False):
            out |= set([r for r in order if r not in candidates and bool(mask >> r & 1) == inside][:1])
        return out

    # ---- the restricted game ---------------------------------------------------------------
    def _table(self, k: int, chosen: tuple[int, ...]) -> IndustryTable:
        # Least recently used tables are dropped beyond _TABLE_CACHE_BYTES: at 31 regions the
        # candidate sets differ from coalition to coalition, and keeping every table grows
        # memory by about a gigabyte a minute.
        key = (k, chosen)
        if key in self._tables:
            self._tables.move_to_end(key)
            return self._tables[key]
        build = _industry_table if self.economy.segmented else _national_table
        table = self._tables[key] = build(self.economy, k, np.array(chosen), self.payoff, entry=False)
        self._table_bytes += _table_bytes(table)
        while self._table_bytes > _TABLE_CACHE_BYTES and len(self._tables) > 1:
            self._table_bytes -= _table_bytes(self._tables.popitem(last=False)[1])
        return table

    def _restricted(self, k: int, chosen: tuple[int, ...], mask: int) -> tuple[np.ndarray, np.ndarray]:
        """The coalition's joint payoff in every candidate column, and the equilibrium columns."""
        table = self._table(k, chosen)
        n = len(chosen)
        member = np.array([mask >> r & 1 for r in chosen], dtype=bool)
        excluded_members = bin(mask).count("1") - int(member.sum())
        joint = table.measure[:, member].sum(axis=1) + excluded_members * table.others
        columns = np.arange(1 << n)
        member_bits = int((member.astype(np.int64) << np.arange(n)).sum())
        outsiders_key = columns & ~member_bits  # columns with the same outsiders' entries
        best = np.full(1 << n, -np.inf)
        np.maximum.at(best, outsiders_key, joint)
        unhappy = (table.official_gain[:, ~member] > self.atol).any(axis=1)
        equilibrium = ~unhappy & (joint >= best[outsiders_key] - self.atol)
        return joint, np.flatnonzero(equilibrium)

    def _alpha(self, k: int, chosen: tuple[int, ...], mask: int, joint: np.ndarray) -> float:
        """max over the members' columns of min over the outsiders' columns (candidates only)."""
        member_bits = sum(1 << j for j, r in enumerate(chosen) if mask >> r & 1)
        key = np.arange(joint.size) & member_bits
        worst = np.full(joint.size, np.inf)
        np.minimum.at(worst, key, joint)
        return float(worst[np.isfinite(worst)].max())

    def _select(self, values: np.ndarray) -> float:
        if values.max() - values.min() > self.atol:
            self.counts["multiple"] += 1
        return float(values.min() if self.selection == "worst" else values.max())

    def _violators(self, k: int, mask: int, columns: np.ndarray, chosen: tuple[int, ...]) -> set[int]:
        """Excluded regions that break one of the equilibria ``columns`` (E, R): an outsider entering, or a
        member whose cluster the coalition would add, or build instead of one of its built clusters."""
        R = self.economy.num_regions
        excluded = np.setdiff1d(np.arange(R), chosen)
        if not excluded.size:
            return set()
        in_coalition = np.array([mask >> r & 1 for r in range(R)], dtype=bool)
        found: set[int] = set()
        for x in columns:
            found |= self._column_violators(k, x, excluded, in_coalition)
        return found

    def _column_violators(self, k: int, x: np.ndarray, excluded: np.ndarray, in_coalition: np.ndarray) -> set[int]:
        """At one equilibrium column ``x`` (R,): each excluded region's entry, and each swap of a built member."""
        built_members = np.flatnonzero((x > 0) & in_coalition)
        starts = np.vstack([x[None, :], np.repeat(x[None, :], built_members.size, axis=0)])
        starts[np.arange(1, starts.shape[0]), built_members] = 0.0  # x, then x without each built member
        trial = np.repeat(starts[:, None, :], excluded.size, axis=1)  # (starts, excluded, R)
        trial[:, np.arange(excluded.size), excluded] = 1.0
        official = _parts(self.economy, k, trial, "officials")
        measure = official if self.payoff == "officials" else _parts(self.economy, k, trial, self.payoff)
        base_official = _parts(self.economy, k, x, "officials")
        base_joint = float(((_parts(self.economy, k, x, self.payoff)) * in_coalition).sum())
        entry = official[0][np.arange(excluded.size), excluded] - base_official[excluded]
        gain = measure[:, :, in_coalition].sum(axis=2) - base_joint  # (starts, excluded): add, or swap in
        member = in_coalition[excluded]
        broken = np.where(member, gain.max(axis=0), entry) > self.atol
        found = {int(r) for r in excluded[broken]}
        if self.pairs:
            pairs = self._pair_violators(k, x, excluded[member], in_coalition, base_joint)
            self.counts["pair_deviations"] += int(bool(pairs - found))
            found |= pairs
        return found

    def _pair_violators(self, k: int, x: np.ndarray, members: np.ndarray, in_coalition: np.ndarray,
                        base_joint: float) -> set[int]:
        """Excluded members two of which the coalition would add together (each alone may not pay:
        their spillovers lower each other's costs)."""
        first, second = np.triu_indices(members.size, k=1)
        if not first.size:
            return set()
        trial = np.repeat(x[None, :], first.size, axis=0)
        trial[np.arange(first.size), members[first]] = 1.0
        trial[np.arange(first.size), members[second]] = 1.0
        gain = _parts(self.economy, k, trial, self.payoff)[:, in_coalition].sum(axis=1) - base_joint
        broken = gain > self.atol
        return {int(r) for r in np.concatenate([members[first[broken]], members[second[broken]]])}


def _national_table(economy: Economy, k: int, candidates: np.ndarray, payoff: str, *, entry: bool = False) -> IndustryTable:
    """:func:`~.coalitions._industry_table` (without entry gains) for one national market, solving each
    column's Cournot market among the candidates only (the excluded regions do not build)."""
    del entry
    p, R, n = economy.params, economy.num_regions, candidates.size
    columns = np.arange(1 << n)
    built = ((columns[:, None] >> np.arange(n)) & 1).astype(float)
    spill = built @ economy.weights[np.ix_(candidates, candidates)]  # w[i, j]: i's cluster lowers j's cost
    costs = np.where(built > 0, np.maximum(0.0, economy.base_cost[candidates, k] - p.sigma * spill), np.inf)
    price, q = market_outcome(p.demand_intercept, p.demand_slope, costs)
    value, profit = price[:, None] * q, p.demand_slope * q**2
    official = built * (profit + p.lam * value - p.fixed_cost)
    others_official = np.zeros(columns.size)
    if R > 1 and p.theta != 0.0:  # the tournament term; an excluded region's own output value is 0
        total = value.sum(axis=1)
        official = official + p.theta * (value - (total[:, None] - value) / (R - 1))
        others_official = -p.theta * total / (R - 1)
    if payoff == "officials":
        measure, others = official, others_official
    else:
        others = 0.5 * p.demand_slope * q.sum(axis=1) ** 2 / R
        measure = built * (profit - p.fixed_cost) + others[:, None]
    flipped = columns[:, None] ^ (1 << np.arange(n))[None, :]
    gain = official[flipped, np.arange(n)[None, :]] - official
    return IndustryTable(candidates, measure, others, gain, np.full(columns.size, -np.inf))
