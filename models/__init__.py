"""Economic models built on coordgame (regions, firms, industries).

* :mod:`coordgame.models.duplicate_construction` — regional governments choosing industrial clusters:
  local competition against central planning, and the cost of duplicate construction.
* :mod:`coordgame.models.spillover_network` — knowledge spillovers between regions on a network whose
  distance decay digital reach weakens: Nash against planner activity and the key region.
"""
