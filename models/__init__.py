"""Economic models built on coordgame (regions, firms, industries).

* :mod:`coordgame.models.duplicate_construction` — regional governments choosing industrial clusters:
  local competition against central planning, and the cost of duplicate construction.
"""
