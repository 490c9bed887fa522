r"""Value chain vs value network: regional subsidies in a production network with wedges.

**Topologies** (same number of sectors :math:`N`, same input share :math:`\bar\sigma` of every
sector but the first, hence the same total input share :math:`(N-1)\bar\sigma`):

* *chain* — sector :math:`k` buys all its inputs from :math:`k-1` (one path of division of labour);
* *network* — sector 0 is a platform; sector :math:`k \ge 2` buys the share :math:`\omega\bar\sigma`
  from the platform and spreads the rest equally over all sectors :math:`1..k-1` (many paths);
  sector 1 buys from the platform only.

Households spend equally on every sector's good (assumption); every sector has the same wedge
:math:`\mu` (assumption: Liu 2019 infers wedges from credit-market frictions; :math:`\mu = 1.3` is
an illustrative value).  Regions own contiguous blocks of sectors.

**Regional Nash.**  Region :math:`r` chooses subsidy rates :math:`s_k \in [0, \bar s]` on its own
sectors to maximise its real value added, :math:`U_r = \sum_{k \in R_r} VA_k / P`, financing them
itself (the subsidy outlay reduces the rents it receives).  Since value added sums to GDP,
:math:`\sum_r U_r = Y`: the centre, maximising :math:`Y`, is the utilitarian planner of the
regions' game.  A region internalises the linkages among its own sectors only, not the demand its
subsidies create for other regions' suppliers.

**The centre** maximises :math:`Y` (the library's continuous planner; with :math:`\bar s \ge 1 - 1/\mu`
the optimum removes every wedge) and, with one instrument only, supports the sector with the
largest social value of a subsidy, :func:`coordgame.games.production.subsidy_value` (Liu's
distortion-centrality rule).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError
from coordgame.games import Box, ContinuousGame
from coordgame.games.production import (
    ProductionNetwork,
    distortion_centrality,
    production_network,
    solve_production,
    subsidy_value,
)
from coordgame.results import Result
from coordgame.solvers import continuous_nash, social_optimum

__all__ = ["Parameters", "ValueNetworkOutcome", "TOPOLOGIES", "input_shares", "regions_of", "regional_game",
           "solve_value_network"]

TOPOLOGIES = ("chain", "network")


@dataclasses.dataclass(frozen=True)
class Parameters:
    """Calibration (every value an assumption; see the module docstring).

    Examples
    --------
    >>> from coordgame.models.value_network.economy import Parameters, solve_value_network
    >>> chain = Parameters(topology="chain", num_sectors=3, num_regions=3)
    >>> chain.input_share, chain.wedge, chain.max_subsidy
    (0.5, 1.3, 0.4)
    >>> solve_value_network(chain).converged
    True
    >>> Parameters(num_sectors=1)
    Traceback (most recent call last):
    ...
    coordgame.errors.InvalidArgumentError: num_sectors: expected at least 2 sectors, got 1
    """

    topology: str = "chain"
    num_sectors: int = 6
    num_regions: int = 3
    input_share: float = 0.5
    platform_share: float = 0.4
    wedge: float = 1.3
    max_subsidy: float = 0.4

    def __post_init__(self) -> None:
        if self.topology not in TOPOLOGIES:
            raise InvalidArgumentError(f"topology: expected one of {TOPOLOGIES}, got {self.topology!r}")
        if int(self.num_sectors) < 2:
            raise InvalidArgumentError(f"num_sectors: expected at least 2 sectors, got {self.num_sectors}")
        if not 1 <= int(self.num_regions) <= int(self.num_sectors):
            raise InvalidArgumentError(f"num_regions: expected 1..num_sectors, got {self.num_regions}")
        if not 0 < self.input_share < 1:
            raise InvalidArgumentError(f"input_share: expected a share in (0, 1), got {self.input_share}")
        if not 0 <= self.platform_share <= 1:
            raise InvalidArgumentError(f"platform_share: expected a share in [0, 1], got {self.platform_share}")
        if not self.wedge >= 1:
            raise InvalidArgumentError(f"wedge: expected a wedge >= 1, got {self.wedge}")
        if not 0 < self.max_subsidy < 1:
            raise InvalidArgumentError(f"max_subsidy: expected a rate in (0, 1), got {self.max_subsidy}")


def input_shares(parameters: Parameters) -> np.ndarray:
    """The input-output matrix of the topology (rows: buyers).

    Examples
    --------
    >>> input_shares(Parameters(num_sectors=3)).tolist()
    [[0.0, 0.0, 0.0], [0.5, 0.0, 0.0], [0.0, 0.5, 0.0]]
    >>> input_shares(Parameters("network", num_sectors=3)).tolist()
    [[0.0, 0.0, 0.0], [0.5, 0.0, 0.0], [0.2, 0.3, 0.0]]
    """
    n, share = int(parameters.num_sectors), parameters.input_share
    if parameters.topology == "chain":
        return np.diag(np.full(n - 1, share), k=-1)
    sigma = np.zeros((n, n))
    sigma[1, 0] = share
    for k in range(2, n):
        sigma[k, 0] = parameters.platform_share * share
        sigma[k, 1:k] = (1 - parameters.platform_share) * share / (k - 1)
    return sigma


def regions_of(parameters: Parameters) -> list[np.ndarray]:
    """Contiguous blocks of sectors, one per region (upstream first).

    Examples
    --------
    >>> [r.tolist() for r in regions_of(Parameters())]
    [[0, 1], [2, 3], [4, 5]]
    """
    return [block.astype(int) for block in np.array_split(np.arange(int(parameters.num_sectors)), int(parameters.num_regions))]


def economy(parameters: Parameters) -> ProductionNetwork:
    """The production network of ``parameters`` (uniform final demand, equal wedges)."""
    return production_network(input_shares(parameters), None, parameters.wedge)


def regional_game(parameters: Parameters) -> ContinuousGame:
    """The regions' subsidy game: region ``r`` picks its sectors' rates, payoff its real value added.

    Examples
    --------
    >>> game = regional_game(Parameters())
    >>> game.num_players, float(game.payoffs([0] * 6).sum().round(6))  # value added sums to Y
    (3, 0.971348)
    """
    net, blocks = economy(parameters), regions_of(parameters)

    def payoff(x: np.ndarray) -> np.ndarray:
        eq = solve_production(net, x)
        real_value_added = eq.value_added / eq.expenditure * eq.real_output
        return np.array([real_value_added[block].sum() for block in blocks])

    sets = [Box(np.zeros(len(b)), np.full(len(b), parameters.max_subsidy)) for b in blocks]
    return ContinuousGame(sets, payoff, player_names=[f"region {chr(65 + r)}" for r in range(len(blocks))],
                          title=f"regional subsidies on a value {parameters.topology}")


@dataclasses.dataclass(frozen=True)
class ValueNetworkOutcome(Result):
    """Output under no policy, the regions' Nash subsidies, the centre's targeted and full optimum.

    Examples
    --------
    >>> from coordgame.models.value_network.economy import solve_value_network
    >>> out = solve_value_network(num_sectors=3, num_regions=3)
    >>> round(out.output_laissez_faire, 4), round(out.output_nash, 4), round(out.output_central, 4)
    (0.987, 0.9878, 1.0)
    >>> out.targeted_sector, round(out.local_loss, 4)
    (1, 0.0122)
    """

    parameters: Parameters
    distortion_centrality: np.ndarray
    subsidy_value: np.ndarray
    nash_subsidies: np.ndarray
    central_subsidies: np.ndarray
    output_laissez_faire: float
    output_nash: float
    output_targeted: float
    output_central: float
    targeted_sector: int
    regret: float
    threshold: float
    converged: bool
    method: str = "continuous_nash + social_optimum"

    _verified_by = ("regret", "regret", "threshold", "converged")

    @property
    def local_loss(self) -> float:
        """Output lost to local subsidy choices, as a share of the centre's output."""
        return 1.0 - self.output_nash / self.output_central


def solve_value_network(parameters: Parameters | None = None, **changes: Any) -> ValueNetworkOutcome:
    """Solve one topology: regional Nash, the centre's optimum and its one-sector rule.

    Examples
    --------
    >>> out = solve_value_network(num_sectors=3, num_regions=3)
    >>> out.converged, out.output_nash <= out.output_central + 1e-9
    (True, True)
    """
    parameters = dataclasses.replace(parameters or Parameters(), **changes)
    net, game = economy(parameters), regional_game(parameters)
    nash = continuous_nash(game, num_random_starts=1)
    full = np.full(int(parameters.num_sectors), min(1 - 1 / parameters.wedge, parameters.max_subsidy))
    central = social_optimum(game, initial=full, num_random_starts=0)
    value = subsidy_value(net)
    targeted = int(np.argmax(value))
    one = np.zeros(int(parameters.num_sectors))
    one[targeted] = full[targeted]
    return ValueNetworkOutcome(
        parameters, distortion_centrality(net), value, nash.profile, central.profile,
        solve_production(net).real_output, float(nash.payoffs.sum()), solve_production(net, one).real_output,
        float(central.welfare), targeted, float(nash.regret), float(nash.tol),
        bool(nash.converged and central.converged))
