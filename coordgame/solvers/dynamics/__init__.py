r"""Learning and evolutionary dynamics on finite N-player games.

Each function simulates one adjustment process and returns a :class:`DynamicsResult` holding the
path (plain numpy arrays) and convergence diagnostics.  With :math:`v_i(k, \sigma_{-i})` the value
of player *i*'s pure action *k* against the others' strategies (see
:mod:`coordgame.games.normal_form`):

* **Best-response dynamics** over pure profiles, on normal-form and structured games
  (:func:`best_response_dynamics` follows one path; :func:`best_response_equilibria` collects the
  pure equilibria reached from several starts).  A player whose current action is not a best
  response switches to its lowest-index best response; *simultaneous* moves every such player at
  once, *sequential* lets one player revise per step (round-robin or uniformly random order).  A
  profile from which nobody moves is a pure Nash equilibrium and is returned verified.  Revisiting
  a profile after strict improvements exhibits a best-response cycle; in a finite (generalised
  ordinal) potential game no such cycle exists (Monderer & Shapley 1996), so sequential dynamics
  reach a pure equilibrium.
* **Fictitious play** (Brown 1951): every period each player best-responds to the product of the
  opponents' empirical action frequencies.  Empirical frequencies converge to Nash equilibrium in
  two-player zero-sum games (Robinson 1951), 2×2 games (Miyasawa 1961) and potential games
  (Monderer & Shapley 1996), but may cycle in general (Shapley 1964).
* **Replicator dynamics** (Taylor & Jonker 1978), integrated with ``scipy.integrate.solve_ivp``
  or, on request, ``scipy.integrate.odeint``.
  One population playing the symmetric game with matrix :math:`A`:
  :math:`\dot x_k = x_k\,((Ax)_k - x^\top A x)`; multi-population (one population per player):
  :math:`\dot\sigma_{i,k} = \sigma_{i,k}\,(v_i(k, \sigma_{-i}) - U_i(\sigma))`.  Interior rest
  points are Nash equilibria; boundary rest points need not be (the folk theorem of evolutionary
  game theory, Hofbauer & Sigmund 1998, Thm. 7.2.1), so the result reports the regret of the state
  it stopped at.
* **Logit dynamics** (Blume 1993): each step one uniformly chosen player revises, choosing action
  *k* with probability :math:`\propto \exp(\beta\, u_i(k, a_{-i}))`.  The process is an ergodic
  Markov chain; in a potential game with potential :math:`\Phi` its stationary distribution is
  the Gibbs measure :math:`\propto \exp(\beta \Phi(a))`.  The result reports the empirical
  occupation distribution over profiles.
* **Regret matching** (Hart & Mas-Colell 2000).  *Unconditional*: each player plays action *k*
  with probability proportional to the positive part of its average regret for not having always
  played *k*; the empirical joint distribution of play converges to the coarse correlated
  equilibrium (Hannan) set.  *Conditional*: having played *j*, a player switches to *k* with
  probability :math:`R_t(j, k)^+ / \mu` (stays otherwise); the empirical joint distribution
  converges to the correlated equilibrium set.  The result reports that distribution and its
  CCE and CE violations computed from the payoffs by
  :func:`coordgame.solvers.incentives.incentive_violation`.
"""

from coordgame.solvers.dynamics._common import DynamicsResult
from coordgame.solvers.dynamics.best_response import best_response_dynamics, best_response_equilibria
from coordgame.solvers.dynamics.fictitious_play import fictitious_play
from coordgame.solvers.dynamics.logit_dynamics import logit_dynamics
from coordgame.solvers.dynamics.regret_matching import regret_matching
from coordgame.solvers.dynamics.replicator import replicator_dynamics

__all__ = [
    "DynamicsResult",
    "best_response_dynamics",
    "best_response_equilibria",
    "fictitious_play",
    "replicator_dynamics",
    "logit_dynamics",
    "regret_matching",
]
