r"""Equilibrium selection: risk dominance, payoff dominance, the logit solution, stochastic stability.

**Risk dominance** (Harsanyi & Selten 1988, *A General Theory of Equilibrium Selection in Games*,
MIT Press, ch. 3 and 5).  In a two-player game with strict pure equilibria :math:`a = (a_1, a_2)`
and :math:`b = (b_1, b_2)` (restricted to the 2×2 game of their actions), :math:`a` risk-dominates
:math:`b` when the product of the players' deviation losses is larger:

.. math:: [u_1(a) - u_1(b_1, a_2)]\,[u_2(a) - u_2(a_1, b_2)] >
          [u_1(b) - u_1(a_1, b_2)]\,[u_2(b) - u_2(b_1, a_2)] .

For a *symmetric N-player game with two actions* A, B whose symmetric profiles are strict
equilibria, let :math:`\Delta(k) = u(A; k \text{ others play } A) - u(B; k \text{ others play } A)`.
We use the uniform-belief criterion: all-A risk-dominates all-B iff A is the strict best reply
when each opponent plays A with probability 1/2 independently,

.. math:: \sum_{k=0}^{N-1} \binom{N-1}{k} 2^{-(N-1)} \Delta(k) > 0 .

This is the equilibrium the Harsanyi–Selten linear tracing procedure selects from the centroid
prior (if A is the best reply to the prior, the tracing path stays at all-A: a best reply to
:math:`t\,(\text{all-A}) + (1 - t)\,\text{prior}` for every :math:`t`), and for N = 2 it is the
Nash-product criterion above.  For N > 2 it can differ from the *basin* criterion of the
mistakes dynamics (Kandori, Mailath & Rob 1993; Kim 1996, "Equilibrium selection in n-person
coordination games", *GEB* 15): there all-A is selected when fewer simultaneous mistakes
are needed to reach its basin than to leave it, which :func:`stochastic_stability` computes.
Both are reported.

**Payoff dominance**: an equilibrium whose payoffs are at least those of every other equilibrium
for every player (Harsanyi & Selten 1988): the Pareto-best one, if it exists.

**The logit solution** (McKelvey & Palfrey 1995): the limit of the principal branch of logit QREs
(:func:`coordgame.solvers.logit_solve`).

**Stochastic stability** (Foster & Young 1990; Kandori, Mailath & Rob 1993; Young 1993,
"The evolution of conventions", *Econometrica* 61; Blume 1993).  Pure profiles are the states of
a Markov chain in which one player, chosen uniformly, revises her action each period: under
*logit* dynamics she picks action :math:`k` with probability proportional to
:math:`\exp(u_i(k, a_{-i}) / \eta)`; under *mistakes* dynamics she best-responds (uniformly
among best replies) with probability :math:`1 - \varepsilon` and picks a uniformly random action
otherwise.  As the noise vanishes, the stationary distribution concentrates on the
*stochastically stable* states.  They are computed exactly by Young's (1993) theorem: the
transition :math:`x \to y` (one player switches to :math:`y_i`) has *resistance*
:math:`r = \max_k u_i(k, x_{-i}) - u_i(y_i, x_{-i})` under logit (Alós-Ferrer & Netzer 2010,
"The logit-response dynamics", *GEB* 68) and :math:`r = [y_i \notin BR_i(x_{-i})]` under
mistakes; the stochastically stable states are the recurrent classes of the noise-free dynamics
whose minimum-resistance in-tree (computed with Chu–Liu/Edmonds on the graph of recurrent classes,
edge costs = least-resistance paths) is smallest.  :func:`revision_chain` builds the chain at a
given noise level, so the limit can also be watched numerically.
"""

from coordgame.selection.criteria import (
    PayoffDominance,
    RiskDominance,
    logit_selection,
    payoff_dominance,
    risk_dominance,
)
from coordgame.selection.stability import (
    StochasticStability,
    revision_chain,
    stationary_distribution,
    stochastic_stability,
)

__all__ = [
    "RiskDominance",
    "risk_dominance",
    "PayoffDominance",
    "payoff_dominance",
    "logit_selection",
    "StochasticStability",
    "stochastic_stability",
    "revision_chain",
    "stationary_distribution",
]
