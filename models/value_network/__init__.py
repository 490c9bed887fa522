r"""Value chain vs value network: where regional and central industrial policy act in a production network.

* :mod:`.economy` — a chain and a platform-centred network of the same size and total input
  share, with Liu (2019) wedges; regions subsidise their own sectors to raise their own value
  added (Nash, :func:`coordgame.solvers.continuous_nash`), the centre maximises output
  (:func:`coordgame.social_optimum`) or targets the sector of largest distortion centrality value;
* :mod:`.oring` — Kremer's (1993) O-ring production: one weak link drags a chain, alternative
  suppliers or a platform dampen it.

The library machinery is :mod:`coordgame.games.production`.
"""

from coordgame.models.value_network.economy import (
    TOPOLOGIES,
    Parameters,
    ValueNetworkOutcome,
    input_shares,
    regional_game,
    regions_of,
    solve_value_network,
)
from coordgame.models.value_network.oring import enumerated_output, oring_output, platform_output, weak_link_drag

__all__ = ["Parameters", "ValueNetworkOutcome", "TOPOLOGIES", "input_shares", "regions_of", "regional_game",
           "solve_value_network", "oring_output", "platform_output", "weak_link_drag", "enumerated_output"]
