"""Classic games of the literature, each with its parameters and source.

Action 0 of the two-player games is the "cooperative" or "ambitious" action (cooperate,
hunt stag, dare, ...) unless the docstring says otherwise; payoffs follow the cited source.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from coordgame._checks import positive_int
from coordgame.errors import InvalidArgumentError
from coordgame.games.normal_form import MAX_PAYOFF_ENTRIES, NormalFormGame

__all__ = [
    "prisoners_dilemma",
    "stag_hunt",
    "chicken",
    "battle_of_the_sexes",
    "matching_pennies",
    "minimum_effort",
    "public_goods",
    "volunteers_dilemma",
    "CLASSIC_GAMES",
]


def _reals(**values: object) -> dict[str, float]:
    """Each keyword's value as a finite float; an :class:`InvalidArgumentError` names the first that is not."""
    checked = {}
    for name, value in values.items():
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            raise InvalidArgumentError(f"{name}: expected a real number, got {value!r}")
        if not math.isfinite(value):
            raise InvalidArgumentError(f"{name}: expected a finite number, got {value!r}")
        checked[name] = float(value)
    return checked


def _order(what: str, **values: float) -> InvalidArgumentError:
    """The error for parameters that break the ordering ``what`` (e.g. ``"win > swerve"``)."""
    given = ", ".join(f"{k}={v:g}" for k, v in values.items())
    return InvalidArgumentError(f"{', '.join(values)}: expected {what}, got {given}")


def _sizes(num_players: object, actions: object, actions_name: str) -> tuple[int, int]:
    """Checked player and action counts whose payoff array fits :data:`MAX_PAYOFF_ENTRIES`."""
    n = positive_int(num_players, "num_players", minimum=2)
    k = positive_int(actions, actions_name, minimum=2)
    digits = math.log10(n) + n * math.log10(k)  # of the number of payoff entries, n * k**n
    if digits > math.log10(MAX_PAYOFF_ENTRIES):
        raise InvalidArgumentError(
            f"num_players, {actions_name}: {n} players with {k} actions each need about 10^{digits:.1f} payoff "
            f"entries, more than the {MAX_PAYOFF_ENTRIES:.0e} a normal-form game may hold"
        )
    return n, k


def _symmetric_2x2(table: list[list[float]], actions: tuple[str, str], title: str) -> NormalFormGame:
    A = np.array(table, dtype=np.float64)
    return NormalFormGame.from_bimatrix(
        A, A.T, player_names=("Row", "Column"), action_names=(actions, actions), title=title
    )


def prisoners_dilemma(
    reward: float = 2.0, temptation: float = 3.0, sucker: float = 0.0, punishment: float = 1.0
) -> NormalFormGame:
    """The prisoners' dilemma (Rapoport & Chammah 1965, *Prisoner's Dilemma*).

    Actions ``("Cooperate", "Defect")``.  Mutual cooperation pays ``reward``, mutual defection
    ``punishment``; a lone defector gets ``temptation`` and the cooperator ``sucker``.  Requires
    ``temptation > reward > punishment > sucker``, so defecting is strictly dominant and the
    unique equilibrium (Defect, Defect) is Pareto-dominated by (Cooperate, Cooperate).

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.pure_nash(cg.games.prisoners_dilemma()).pure_profiles()
    [(1, 1)]
    """
    v = _reals(reward=reward, temptation=temptation, sucker=sucker, punishment=punishment)
    reward, temptation, sucker, punishment = v.values()
    if not temptation > reward > punishment > sucker:
        raise _order("temptation > reward > punishment > sucker", temptation=temptation, reward=reward,
                     punishment=punishment, sucker=sucker)
    return _symmetric_2x2([[reward, sucker], [temptation, punishment]], ("Cooperate", "Defect"), "Prisoners' dilemma")


def stag_hunt(
    both_stag: float = 4.0, stag_alone: float = 0.0, hare_vs_stag: float = 3.0, both_hare: float = 2.0
) -> NormalFormGame:
    """The stag hunt (Rousseau; Skyrms 2004, *The Stag Hunt and the Evolution of Social Structure*).

    Actions ``("Stag", "Hare")``.  Requires ``both_stag > hare_vs_stag`` and
    ``both_hare > stag_alone``: both (Stag, Stag) and (Hare, Hare) are strict equilibria, the
    first payoff-dominant, the second risk-dominant when
    ``both_hare - stag_alone > both_stag - hare_vs_stag`` (Harsanyi & Selten 1988).  With the
    defaults the mixed equilibrium plays Stag with probability 2/3.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.pure_nash(cg.games.stag_hunt()).pure_profiles()
    [(0, 0), (1, 1)]
    """
    v = _reals(both_stag=both_stag, stag_alone=stag_alone, hare_vs_stag=hare_vs_stag, both_hare=both_hare)
    both_stag, stag_alone, hare_vs_stag, both_hare = v.values()
    if not (both_stag > hare_vs_stag and both_hare > stag_alone):
        raise _order("both_stag > hare_vs_stag and both_hare > stag_alone", both_stag=both_stag,
                     hare_vs_stag=hare_vs_stag, both_hare=both_hare, stag_alone=stag_alone)
    return _symmetric_2x2([[both_stag, stag_alone], [hare_vs_stag, both_hare]], ("Stag", "Hare"), "Stag hunt")


def chicken(crash: float = 0.0, win: float = 7.0, lose: float = 2.0, swerve: float = 6.0) -> NormalFormGame:
    """Chicken, with Aumann's (1974) payoffs as defaults.

    Actions ``("Dare", "Chicken")``.  Both daring gives ``crash``; a darer facing a chicken
    gets ``win`` and the chicken ``lose``; both chickening gives ``swerve``.  Requires
    ``win > swerve > lose > crash``.  With the defaults (R. Aumann, "Subjectivity and
    correlation in randomized strategies", *J. Math. Econ.* 1, 1974) the equilibria are the two
    asymmetric pure profiles (welfare 9) and the mixed one (each dares with probability 1/3,
    welfare 28/3), while the correlated equilibrium that draws (C,C), (D,C), (C,D) with
    probability 1/3 each gives welfare 10.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.pure_nash(cg.games.chicken()).pure_profiles()
    [(0, 1), (1, 0)]
    """
    crash, win, lose, swerve = _reals(crash=crash, win=win, lose=lose, swerve=swerve).values()
    if not win > swerve > lose > crash:
        raise _order("win > swerve > lose > crash", win=win, swerve=swerve, lose=lose, crash=crash)
    return _symmetric_2x2([[crash, win], [lose, swerve]], ("Dare", "Chicken"), "Chicken")


def battle_of_the_sexes(preferred: float = 3.0, other: float = 2.0, miss: float = 0.0) -> NormalFormGame:
    """Battle of the sexes (Luce & Raiffa 1957, *Games and Decisions*, chapter 5).

    Actions ``("Opera", "Football")`` for both; the row player prefers Opera, the column
    player Football.  Coordinating on one's preferred event pays ``preferred``, on the other's
    ``other``, miscoordination ``miss``.  With the defaults the mixed equilibrium is
    ((3/5, 2/5), (2/5, 3/5)) with payoffs (6/5, 6/5).

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.games.battle_of_the_sexes().payoffs[:, 0, 0].tolist()
    [3.0, 2.0]
    """
    preferred, other, miss = _reals(preferred=preferred, other=other, miss=miss).values()
    if not preferred > other > miss:
        raise _order("preferred > other > miss", preferred=preferred, other=other, miss=miss)
    A = [[preferred, miss], [miss, other]]
    B = [[other, miss], [miss, preferred]]
    actions = ("Opera", "Football")
    return NormalFormGame.from_bimatrix(A, B, player_names=("Row", "Column"), action_names=(actions, actions),
                                        title="Battle of the sexes")


def matching_pennies(stake: float = 1.0) -> NormalFormGame:
    """Matching pennies (von Neumann & Morgenstern 1944): zero-sum, unique equilibrium 50/50.

    Actions ``("Heads", "Tails")``; the row player wins ``stake`` on a match.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.pure_nash(cg.games.matching_pennies()).pure_profiles()
    []
    """
    (stake,) = _reals(stake=stake).values()
    if not stake > 0:
        raise InvalidArgumentError(f"stake: expected a positive number, got {stake:g}")
    A = stake * np.array([[1.0, -1.0], [-1.0, 1.0]])
    actions = ("Heads", "Tails")
    return NormalFormGame.from_bimatrix(A, -A, player_names=("Matcher", "Mismatcher"),
                                        action_names=(actions, actions), title="Matching pennies")


def minimum_effort(
    num_players: int = 2, efforts: int = 7, gain: float = 0.2, cost: float = 0.1, constant: float = 0.6
) -> NormalFormGame:
    """The minimum-effort (weakest-link) coordination game of Van Huyck, Battalio & Beil (1990).

    "Tacit coordination games, strategic uncertainty, and coordination failure", *AER* 80(1).
    Each player picks an effort :math:`e_i \\in \\{1, \\dots, E\\}` (action ``k`` is effort
    ``k + 1``) and earns ``gain * min_j e_j - cost * e_i + constant`` (the paper: 0.2, 0.1, 0.6
    dollars, E = 7).  With ``gain > cost > 0`` every common effort level is a strict
    equilibrium, Pareto-ranked: coordination on high effort is the collective-action problem.

    Examples
    --------
    >>> import coordgame as cg
    >>> g = cg.games.minimum_effort(num_players=3, efforts=4)
    >>> [p for p in cg.pure_nash(g).pure_profiles()]
    [(0, 0, 0), (1, 1, 1), (2, 2, 2), (3, 3, 3)]
    """
    n, e = _sizes(num_players, efforts, "efforts")
    gain, cost, constant = _reals(gain=gain, cost=cost, constant=constant).values()
    if not gain > cost > 0:
        raise _order("gain > cost > 0", gain=gain, cost=cost)

    def payoff(*actions: np.ndarray) -> np.ndarray:
        level = [a + 1 for a in actions]
        low = np.minimum.reduce(np.broadcast_arrays(*level))
        return np.stack(np.broadcast_arrays(*[gain * low - cost * lv + constant for lv in level]))

    names = tuple(str(k + 1) for k in range(e))
    return NormalFormGame.from_function((e,) * n, payoff, vectorized=True, action_names=(names,) * n,
                                        title=f"Minimum effort ({n} players)")


def public_goods(
    num_players: int = 3, multiplier: float = 1.6, endowment: float = 1.0, levels: int = 2
) -> NormalFormGame:
    """Linear public-goods game (Isaac, Walker & Thomas 1984; Ledyard 1995 survey).

    Each player contributes one of ``levels`` equally spaced amounts from 0 to ``endowment``
    (action ``k`` contributes ``k / (levels - 1) * endowment``); contributions are multiplied
    by ``multiplier`` and shared equally.  With ``1 < multiplier < num_players`` contributing
    nothing is strictly dominant while full contribution maximises welfare.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.pure_nash(cg.games.public_goods()).pure_profiles()
    [(0, 0, 0)]
    """
    n, m = _sizes(num_players, levels, "levels")
    multiplier, endowment = _reals(multiplier=multiplier, endowment=endowment).values()
    if not multiplier > 0 or not endowment > 0:
        raise _order("multiplier > 0 and endowment > 0", multiplier=multiplier, endowment=endowment)
    amounts = np.linspace(0.0, endowment, m)

    def payoff(*actions: np.ndarray) -> np.ndarray:
        given = np.broadcast_arrays(*[amounts[a] for a in actions])
        pot = multiplier * sum(given) / n
        return np.stack([endowment - g + pot for g in given])

    names = tuple(f"{x:g}" for x in amounts)
    return NormalFormGame.from_function((m,) * n, payoff, vectorized=True, action_names=(names,) * n,
                                        title=f"Public goods ({n} players)")


def volunteers_dilemma(num_players: int = 3, benefit: float = 1.0, cost: float = 0.5) -> NormalFormGame:
    """The volunteer's dilemma (Diekmann 1985, *Journal of Conflict Resolution* 29(4)).

    Actions ``("Volunteer", "Wait")``.  Everyone gets ``benefit`` if at least one player
    volunteers; volunteers pay ``cost`` (``benefit > cost > 0``).  The pure equilibria are the
    profiles with exactly one volunteer; the symmetric mixed equilibrium waits with
    probability ``(cost / benefit) ** (1 / (num_players - 1))``.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.pure_nash(cg.games.volunteers_dilemma(3)).pure_profiles()
    [(0, 1, 1), (1, 0, 1), (1, 1, 0)]
    """
    n, _ = _sizes(num_players, 2, "actions")
    benefit, cost = _reals(benefit=benefit, cost=cost).values()
    if not benefit > cost > 0:
        raise _order("benefit > cost > 0", benefit=benefit, cost=cost)

    def payoff(*actions: np.ndarray) -> np.ndarray:
        acts = np.broadcast_arrays(*actions)
        provided = np.logical_or.reduce([a == 0 for a in acts])
        return np.stack([benefit * provided - cost * (a == 0) for a in acts])

    return NormalFormGame.from_function((2,) * n, payoff, vectorized=True,
                                        action_names=(("Volunteer", "Wait"),) * n,
                                        title=f"Volunteer's dilemma ({n} players)")


#: Built-in games by name (used by the command line: ``coordgame solve --game NAME``).
CLASSIC_GAMES = {
    "prisoners_dilemma": prisoners_dilemma,
    "stag_hunt": stag_hunt,
    "chicken": chicken,
    "battle_of_the_sexes": battle_of_the_sexes,
    "matching_pennies": matching_pennies,
    "minimum_effort": minimum_effort,
    "public_goods": public_goods,
    "volunteers_dilemma": volunteers_dilemma,
}
