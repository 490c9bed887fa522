r"""Knowledge spillovers on the 31-region network, with a digital reach that weakens distance decay.

The economics
-------------
Each provincial-level region chooses an innovation activity; a region's marginal return rises
with its neighbours' activity, weighted by a link that decays with the distance between capitals
(a linear–quadratic network game, Ballester, Calvó-Armengol & Zenou 2006, solved by
:mod:`coordgame.solvers.network`).  Regions ignore the spillover they *give*, so the Nash
equilibrium has too little activity; the planner internalises it (the Bonacich centrality of
:math:`G + G^\top` instead of :math:`G`).  Digital space weakens the decay: at reach
:math:`\varphi = 1` every region learns from every other one equally.  The key region is the one
whose removal lowers national activity most (largest intercentrality).

What the model composes: the regions' coordinates and great-circle distances and the flagship's
spillover kernel from :mod:`coordgame.models.duplicate_construction.geography`, the network game
and its solvers from the library.  See :mod:`coordgame.models.spillover_network.model` for the
kernels, the mean-preserving variant (reach without level) and how :math:`G` is scaled so the
spectral conditions hold; :data:`~coordgame.models.spillover_network.model.PARAMETER_SOURCES`
for where each parameter comes from.
"""

from __future__ import annotations

from .model import (
    KERNELS,
    PARAMETER_SOURCES,
    Calibration,
    SpilloverOutcome,
    regions,
    solve_spillovers,
    spillover_matrix,
)

__all__ = ["KERNELS", "PARAMETER_SOURCES", "Calibration", "SpilloverOutcome", "regions", "solve_spillovers",
           "spillover_matrix"]
