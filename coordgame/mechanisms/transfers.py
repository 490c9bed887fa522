r"""Transfers: payments from a centre that make a target profile an equilibrium.

For a pure target :math:`z`, player *i*'s *regret* at :math:`z` is
:math:`r_i(z) = \max_k u_i(k, z_{-i}) - u_i(z)`.

* ``kind="profile"`` (Monderer & Tennenholtz 2004, "k-Implementation", *JAIR* 21): the centre
  commits to non-negative payments :math:`t_i(a)` at every profile.  The least-cost scheme
  making :math:`z` an equilibrium solves the linear program
  :math:`\min \sum_i t_i(z)` s.t. :math:`u_i(z) + t_i(z) \ge u_i(k, z_{-i}) + t_i(k, z_{-i})`,
  :math:`t \ge 0`, whose value is :math:`\sum_i r_i(z)`.  Promises off the equilibrium path
  cost nothing when kept, so the scheme also pays player *i* at :math:`(z_i, a_{-i})` the
  amount :math:`\max_k u_i(k, a_{-i}) - u_i(z_i, a_{-i})` plus a premium: :math:`z_i` then
  *weakly* dominates every other action, strictly off the path, while the cost stays
  :math:`\sum_i r_i(z)`: :math:`z` is the only profile of undominated strategies (Monderer &
  Tennenholtz's implementation).  But at that least cost each player is indifferent at
  :math:`z`, so other (weakly dominated) Nash equilibria survive (in chicken three equilibria
  remain): this is *weak* implementation.
  *Strict* implementation adds a paid on-path margin :math:`m` per player: :math:`z_i` is then
  strictly dominant, :math:`z` the unique equilibrium, and the cost
  :math:`\sum_i r_i(z) + N m`.
* ``kind="action"``: payments :math:`s_i(k)` depend only on a player's own action (a subsidy,
  or a tax down to ``-max_tax``, per industry).  Weak: the LP
  :math:`\min \sum_i s_i(z_i)` s.t. :math:`s_i(z_i) - s_i(k) \ge u_i(k, z_{-i}) - u_i(z) + m`,
  :math:`s \ge -\text{max\_tax}`, solved with HiGHS; such a scheme cannot separate paths, so
  other equilibria may survive or appear.  Strict: the same LP with the right-hand side
  :math:`\max_{a_{-i}} [u_i(k, a_{-i}) - u_i(z_i, a_{-i})] + m`, :math:`m > 0`, so that
  :math:`z_i` is strictly dominant and :math:`z` the unique equilibrium.

Transfers move money between the centre and the players, so an outcome's welfare is the welfare
of the *original* payoffs; the cost is reported separately.  Which equilibrium of the
transformed game is played follows the ``select`` rule of :class:`~coordgame.mechanisms.LocalCompetition`
(``"worst"`` by default); the reported cost is the cost of implementation, the payment at
the target, and the expected payment at the selected equilibrium is reported beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import one_of, positive_float
from coordgame.equilibrium import verify
from coordgame.errors import InfeasibleError, InvalidArgumentError
from coordgame.games.normal_form import NormalFormGame
from coordgame.mechanisms.regimes import SELECT, Outcome, Regime, _checked_method, _frozen, _selected, _selection_phrase
from coordgame.solvers.nash import nash
from coordgame.solvers.planner import social_optimum
from coordgame.tolerances import DEFAULT_TOL, TIE_TOL, check_tolerance
from coordgame.welfare import WelfareLike, as_welfare

__all__ = ["Transfers", "profile_transfers", "action_transfers", "cost_of_implementation", "STRICT_MARGIN"]

#: Default on-path margin of strict implementation, relative to the payoff range.
STRICT_MARGIN = 0.01


class Transfers(Regime):
    """The cheapest transfers that make the planner's profile (or ``target``) an equilibrium.

    Parameters
    ----------
    target : sequence of int, optional
        The pure profile to implement; default: the planner's optimal profile for ``welfare``
        (among tied optima, the cheapest to implement).
    strict : bool, default False
        False: weak implementation, the least cost making the target *an* equilibrium; other
        equilibria may survive.  True: strict implementation, every target action strictly
        dominant (a paid margin, ``margin`` or :data:`STRICT_MARGIN`), so the target is the
        unique equilibrium.
    select : {"worst", "best", "first", "all"}, default "worst"
        Which equilibrium of the transformed game the outcome reports (welfare of the original
        payoffs), as in :class:`~coordgame.mechanisms.LocalCompetition`.
        Under strict implementation there is only the target.
    budget : float, optional
        The most the centre may pay at the target; a dearer target raises
        :class:`~coordgame.errors.InfeasibleError`.
    kind : {"profile", "action"}, default "profile"
        Payments that may depend on the whole profile (Monderer–Tennenholtz), or only on each
        player's own action (a subsidy or tax per action).
    welfare : str, Welfare or callable, default "utilitarian"
    margin : float, optional
        Extra on-path payment per player, relative to the payoff range (paid).  Default 0, or
        :data:`STRICT_MARGIN` with ``strict=True`` (which needs it positive).
    premium : float, default 0.01
        ``kind="profile"`` only: off-path premium (relative to the payoff range) that makes
        the target's actions strictly better away from the target; promised, never paid at
        the target.
    max_tax : float, default 0
        ``kind="action"`` only: the largest tax per action (``s_i(k) >= -max_tax``).
    method : str, default "auto"
        Method for the equilibrium set of the transformed game.

    The outcome's ``details`` hold ``transfers`` (the scheme: an array shaped like the
    payoffs for ``"profile"``, a list of per-action vectors for ``"action"``),
    ``transformed_game``, ``target``, ``target_equilibrium`` (the verified target),
    ``target_cost`` (the payment at the target, also the outcome's ``cost``), ``paid`` (the
    expected payment at the selected equilibrium, which differs from the cost when another
    equilibrium than the target is selected: off-path promises are then paid), ``unique``
    (whether the target is the only equilibrium, the set being complete) and ``margin`` (the
    absolute on-path margin per player).

    Examples
    --------
    Prisoners' dilemma: mutual cooperation needs 1 per player on the path.  At that least
    cost the defector is indifferent, so two weak equilibria survive beside the target, and the
    worst of them is reported; strict implementation makes cooperation strictly dominant and
    the target the only equilibrium, for a margin.

    >>> import coordgame as cg
    >>> out = cg.mechanisms.Transfers(method="pure").solve(cg.games.prisoners_dilemma())
    >>> out.equilibria.pure_profiles(), out.details["target_cost"], out.welfare
    ([(0, 0), (0, 1), (1, 0)], 2.0, 3.0)
    >>> out = cg.mechanisms.Transfers(method="pure", select="best").solve(cg.games.prisoners_dilemma())
    >>> out.cost, out.welfare, out.details["paid"]
    (2.0, 4.0, 2.0)
    >>> out = cg.mechanisms.Transfers(strict=True, margin=0.01, method="pure").solve(cg.games.prisoners_dilemma())
    >>> round(out.cost, 9), out.equilibria.pure_profiles(), out.welfare
    (2.06, [(0, 0)], 4.0)
    """

    @checked_arguments
    def __init__(self, target: Sequence[int] | None = None, *, strict: bool = False, select: str = "worst",
                 budget: float | None = None, kind: str = "profile", welfare: WelfareLike = "utilitarian",
                 margin: float | None = None, premium: float = 0.01, max_tax: float = 0.0, method: str = "auto",
                 tol: float = DEFAULT_TOL) -> None:
        self.target = None if target is None else tuple(target)
        self.strict = bool(strict)
        self.select = one_of(select, "select", SELECT)
        self.budget = None if budget is None else positive_float(budget, "budget", allow_zero=True)
        self.kind = one_of(kind, "kind", ("profile", "action"))
        self.welfare = as_welfare(welfare)
        if margin is None:
            margin = STRICT_MARGIN if self.strict else 0.0
        self.margin = positive_float(margin, "margin", allow_zero=not self.strict)
        self.premium = positive_float(premium, "premium")
        self.max_tax = positive_float(max_tax, "max_tax", allow_zero=True)
        self.method = _checked_method(method)
        self.tol = check_tolerance(tol, "tol", positive=True)

    def __repr__(self) -> str:
        return (f"Transfers(target={self.target}, kind={self.kind!r}, strict={self.strict}, select={self.select!r}, "
                f"budget={self.budget})")

    def _target(self, game: NormalFormGame) -> tuple[int, ...]:
        if self.target is not None:
            return game.as_pure_profile(self.target)
        optima = social_optimum(game, self.welfare).profiles
        regret_sums = [float(game.regrets(z).sum()) for z in optima]
        return optima[int(np.argmin(regret_sums))]

    def outcomes(self, game: NormalFormGame) -> list[Outcome]:
        game = self._check_game(game)
        z = self._target(game)
        if self.kind == "profile":
            scheme, cost, transformed = profile_transfers(game, z, margin=self.margin, premium=self.premium)
        else:
            scheme, cost, transformed = action_transfers(game, z, margin=self.margin, max_tax=self.max_tax,
                                                         strict=self.strict)
        if self.budget is not None and cost > self.budget + TIE_TOL * game.payoff_range:
            raise InfeasibleError(
                f"budget: making {z} an equilibrium with {self.kind} transfers costs at least {cost:.6g} at the "
                f"target, more than the budget {self.budget:.6g}"
            )
        target_eq = verify(transformed, z, method=f"transfers ({self.kind})", tol=self.tol)
        eqs = nash(transformed, self.method, tol=self.tol)
        unique = eqs.complete and len(eqs) == 1 and eqs.pure_profiles() == [z]
        w = self.welfare
        strength = "strict" if self.strict else "weak"
        values = np.array([w(game.expected_payoffs(eq.strategies)) for eq in eqs])
        details = {"transfers": scheme, "transformed_game": transformed, "target": z, "target_equilibrium": target_eq,
                   "target_cost": cost, "unique": unique, "margin": self.margin * game.payoff_range}
        outs = []
        for k in _selected(values, self.select, eqs):
            eq = eqs[k]
            payoffs = _frozen(game.expected_payoffs(eq.strategies))  # original payoffs: transfers are not welfare
            # the expected payment at the selected equilibrium: transformed minus original payoffs
            paid_here = float(transformed.expected_payoffs(eq.strategies).sum() - payoffs.sum())
            tag = f"transfers ({self.kind}{', strict' if self.strict else ''})" + (
                f" (equilibrium {k})" if self.select == "all" else "")
            description = (f"{strength} {self.kind} transfers costing {cost:.6g} at the target make {z} an equilibrium; "
                           + ("it is the only one" if unique else
                              f"the transformed game has {len(eqs)} equilibri{'um' if len(eqs) == 1 else 'a'}: "
                              + _selection_phrase(self.select, k, len(eqs), w, eqs)
                              + (f", paying {paid_here:.6g}" if eq.pure_profile != z else "")))
            outs.append(Outcome(f"{tag}", description, payoffs, w(payoffs), w.name, strategies=eq.strategies,
                                equilibria=eqs, cost=cost, details={**details, "paid": paid_here}, selection=self.select,
                                equilibrium_count=len(eqs), complete=eqs.complete, method=eqs.method))
        return outs


def _action_table(game: NormalFormGame, subsidies: list[np.ndarray]) -> np.ndarray:
    """Per-action payments as an array shaped like the payoffs."""
    table = np.zeros_like(game.payoffs)
    for i, si in enumerate(subsidies):
        shape = [1] * game.num_players
        shape[i] = si.size
        table[i] += si.reshape(shape)
    return table


def profile_transfers(game: NormalFormGame, target: Sequence[int], *, margin: float = 0.0,
                      premium: float = 0.01) -> tuple[np.ndarray, float, NormalFormGame]:
    """The least-cost non-negative profile-contingent transfers implementing ``target`` (see module docs).

    Returns the transfer array ``t`` (shape of the payoffs), the cost at the target
    :math:`\\sum_i t_i(z)` and the transformed game ``u + t``.  With ``margin > 0`` every
    target action is strictly dominant (strict implementation).

    Examples
    --------
    >>> import coordgame as cg
    >>> from coordgame.mechanisms import profile_transfers
    >>> t, cost, _ = profile_transfers(cg.games.prisoners_dilemma(), (0, 0), premium=0.5)
    >>> t[0].tolist(), cost
    ([[1.0, 2.5], [0.0, 0.0]], 2.0)
    """
    margin = check_tolerance(margin, "margin")
    z = game.as_pure_profile(target)
    scale = game.payoff_range
    transfers = np.zeros_like(game.payoffs)
    for i in range(game.num_players):  # a loop over players; each step is a whole-tensor operation
        own = np.moveaxis(game.payoffs[i], i, 0)
        top_up = own.max(axis=0) - own[z[i]]  # what z_i lacks against the best reply, at every a_-i
        bonus = top_up + premium * scale
        on_path = tuple(a for j, a in enumerate(z) if j != i)
        bonus[on_path] = top_up[on_path] + margin * scale
        np.moveaxis(transfers[i], i, 0)[z[i]] = bonus
    cost = float(sum(transfers[(i, *z)] for i in range(game.num_players)))
    return transfers, cost, NormalFormGame(game.payoffs + transfers, game.player_names, game.action_names, game.title)


def action_transfers(game: NormalFormGame, target: Sequence[int], *, margin: float = 0.0,
                     max_tax: float = 0.0, strict: bool = False) -> tuple[list[np.ndarray], float, NormalFormGame]:
    """The least-cost per-action subsidies (taxes down to ``-max_tax``) making ``target`` an equilibrium.

    Solves the LP of the module docs with HiGHS.  Returns one vector :math:`s_i` per player,
    the cost at the target :math:`\\sum_i s_i(z_i)` and the transformed game
    :math:`u_i(a) + s_i(a_i)`.  With ``strict=True`` (and ``margin > 0``) each target action
    beats every other against *every* opponents' profile: it is strictly dominant.

    Examples
    --------
    >>> import coordgame as cg
    >>> from coordgame.mechanisms import action_transfers
    >>> s, cost, g = action_transfers(cg.games.prisoners_dilemma(), (0, 0))
    >>> [(v.round(9) + 0.0).tolist() for v in s], round(cost, 9)
    ([[1.0, 0.0], [1.0, 0.0]], 2.0)

    A subsidy for cooperating is paid whatever the other does, so here it leaves every
    player indifferent and every profile an equilibrium:

    >>> cg.pure_nash(g).pure_profiles()
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    """
    import scipy.sparse as sp
    from scipy.optimize import linprog

    margin = check_tolerance(margin, "margin")
    z = game.as_pure_profile(target)
    if strict and not margin > 0:
        raise InvalidArgumentError(f"margin: strict implementation needs a positive margin, got {margin!r}")
    sizes = np.asarray(game.num_actions)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rows, cols, vals, rhs = [], [], [], []
    for i in range(game.num_players):
        own = np.moveaxis(game.payoffs[i], i, 0).reshape(sizes[i], -1)  # u_i(k, a_-i), one column per a_-i
        if strict:
            gain = (own - own[z[i]]).max(axis=1)  # the most k ever gains over z_i
        else:
            line = list(z)
            line[i] = slice(None)
            values = game.payoffs[i][tuple(line)]  # u_i(k, z_-i) for every k
            gain = values - values[z[i]]
        others = np.flatnonzero(np.arange(sizes[i]) != z[i])
        r = len(rhs) + np.arange(others.size)
        # s_i(k) - s_i(z_i) <= -gain(k) - margin
        rows += [r, r]
        cols += [offsets[i] + others, np.full(others.size, offsets[i] + z[i])]
        vals += [np.ones(others.size), -np.ones(others.size)]
        rhs += list(-gain[others] - margin * game.payoff_range)
    c = np.zeros(int(sizes.sum()))
    c[offsets + np.asarray(z)] = 1.0
    A = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(len(rhs), c.size)) \
        if rhs else sp.csr_matrix((0, c.size))
    # Solved in units of the payoff range, so that HiGHS's absolute tolerances are relative ones.
    unit = game.payoff_range
    result = linprog(c, A_ub=A, b_ub=np.asarray(rhs) / unit, bounds=(-max_tax / unit, None), method="highs")
    if result.status != 0:
        raise InfeasibleError(f"action_transfers: the linear program failed ({result.message})")
    s = [result.x[o:o + n] * unit for o, n in zip(offsets, sizes)]
    cost = float(sum(si[a] for si, a in zip(s, z)))
    shifted = game.payoffs + _action_table(game, s)
    return s, cost, NormalFormGame(shifted, game.player_names, game.action_names, game.title)


def cost_of_implementation(game: NormalFormGame, target: Sequence[int] | None = None, *, kind: str = "profile",
                           welfare: WelfareLike = "utilitarian", strict: bool = False,
                           margin: float | None = None) -> float:
    """The least total transfer paid at ``target`` to make it an equilibrium (``strict``: the unique one).

    ``target=None`` takes the planner's profile.  See :class:`Transfers`.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.mechanisms.cost_of_implementation(cg.games.prisoners_dilemma(), (0, 0))
    2.0
    >>> round(cg.mechanisms.cost_of_implementation(cg.games.prisoners_dilemma(), (0, 0), strict=True, margin=0.01), 9)
    2.06
    """
    regime = Transfers(target=target, kind=kind, welfare=welfare, strict=strict, margin=margin)
    game = regime._check_game(game)
    z = regime._target(game)
    if kind == "profile":
        return profile_transfers(game, z, margin=regime.margin, premium=regime.premium)[1]
    return action_transfers(game, z, margin=regime.margin, max_tax=regime.max_tax, strict=regime.strict)[1]


