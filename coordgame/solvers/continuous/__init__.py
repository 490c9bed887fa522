r"""Equilibria and optima of continuous-action games (:class:`~coordgame.ContinuousGame`).

**Nash equilibrium as a variational inequality.**  When each payoff :math:`u_i` is concave in the
player's own action, :math:`x^*` is a Nash equilibrium iff it solves
:math:`\mathrm{VI}(X, -F)`: :math:`\langle F(x^*), y - x^* \rangle \le 0` for all :math:`y \in X`,
with :math:`F` the pseudo-gradient — equivalently iff the natural residual
:math:`r(x) = x - \Pi_X(x + F(x))` vanishes.  :func:`continuous_nash` solves it in two phases:

1. Tseng's forward–backward–forward method (Tseng 2000, *SIAM J. Control Optim.* 38(2)) with an
   adaptive step: :math:`y = \Pi_X(x + \lambda F(x))`,
   :math:`x^+ = \Pi_X(y + \lambda (F(y) - F(x)))`, the step halved until
   :math:`\lambda \|F(y) - F(x)\| \le \theta \|y - x\|` and enlarged again after acceptance.  It
   converges for monotone Lipschitz :math:`-F` (Rosen's diagonal strict concavity) without
   knowing the Lipschitz constant.
2. A semismooth Newton refinement on the natural residual (Qi & Sun 1993; Facchinei & Pang 2003,
   ch. 7–8): :math:`(I - D(I + J_F))\,d = -r(x)` with :math:`D` an element of the generalised
   Jacobian of :math:`\Pi_X` at :math:`x + F(x)` (a 0/1 diagonal for boxes, the face projector
   for simplices) and a backtracking line search on :math:`\|r\|`.  Near a solution it converges
   quadratically, which is what takes the residual from ~1e-5 to machine precision.

**Verification.**  Whatever the algorithm, the returned profile is checked by solving each
player's best-response problem :math:`\max_{y_i \in X_i} u_i(y_i, x_{-i})` with scipy (the current
action plus several random starts) and reporting the regret
:math:`\max(0, \max_{y_i} u_i(y_i, x_{-i}) - u_i(x))`.  For payoffs concave in the own action the
local searches find the global best response, so the regret is exact; otherwise it is a lower
bound found by multi-start search (stated in the result's notes).  Tolerances are relative, as
for finite games: the threshold is ``tol * max(1, max_i |u_i(x)|)``.

**Potential games and the planner.**  :func:`potential_nash` maximises an exact potential (with
cvxpy when the game supplies a concave cvxpy expression, else with scipy) and then verifies the
maximiser as above; :func:`coordgame.social_optimum` maximises utilitarian (or weighted, or any) welfare
:math:`W` over the same action sets; :func:`coordgame.compare` puts the two regimes side by side.

**The planner's certificate.**  :math:`x` is a stationary point of :math:`W` on :math:`X` iff the
projected-gradient residual :math:`x - \Pi_X(x + \nabla W(x))` vanishes (the same natural
residual, with :math:`\nabla W` in place of :math:`F`); for concave :math:`W` that is the global
maximum.  On boxes :math:`W` is maximised by L-BFGS-B (Byrd, Lu, Nocedal & Zhu 1995) with the
exact bounds and the game's analytic welfare gradient when it has one.  A welfare that is concave
but not strictly concave, like the joint profit :math:`(a - bQ)Q - \sum_i c_i q_i` of a Cournot
market (maximised by the cheapest firm's monopoly output :math:`(a - c_{\min}) / 2b`), has
nearly flat directions along which a quasi-Newton run scaled by the steep direction stalls; the
run is restarted from its own result, which drops that scaling, while the welfare still rises.
"""

from coordgame.solvers.continuous._common import CONTINUOUS_TOL, ContinuousEquilibrium, ContinuousOptimum
from coordgame.solvers.continuous.nash import best_response_regrets, continuous_nash, potential_nash

__all__ = [
    "ContinuousEquilibrium",
    "ContinuousOptimum",
    "continuous_nash",
    "potential_nash",
    "best_response_regrets",
    "CONTINUOUS_TOL",
]
