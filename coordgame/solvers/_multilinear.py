r"""Action values of a finite N-player game and their derivatives, for all players at once (private).

A mixed profile :math:`\sigma` is stored flat: one vector of length :math:`n_1 + \dots + n_N`,
player :math:`i`'s block at ``offsets[i]:offsets[i + 1]``.  Player :math:`i`'s action values

.. math:: v_{i,a}(\sigma) = \sum_{a_{-i}} u_i(a, a_{-i}) \prod_{j \ne i} \sigma_{j, a_j}

are multilinear in the opponents' strategies, so their derivative with respect to
:math:`\sigma_{j,b}` (:math:`j \ne i`) is the payoff table contracted with every strategy except
those of :math:`i` and :math:`j`:

.. math:: M_{(i,a),(j,b)} = \frac{\partial v_{i,a}}{\partial \sigma_{j,b}}
          = \sum_{a_{-ij}} u_i(a, b, a_{-ij}) \prod_{k \ne i,j} \sigma_{k,a_k},

and :math:`v_i = M_{ij} \sigma_j` for any :math:`j \ne i`.  The homotopies and Newton solvers of
:mod:`coordgame.solvers.logit` and :mod:`coordgame.solvers.support_n` need exactly this matrix
(their Jacobians are built from it analytically).  For three players it is one matrix-vector
product with a precomputed dense form (:math:`M = W \sigma`, kept while :math:`W` has at most
:math:`2 \cdot 10^6` entries); otherwise one product per ordered
pair of players with the Kronecker product of the others' strategies (or an ``einsum`` when those
tables would be large); two-player games need no contraction at all.  Since the own blocks are
zero, :math:`M \sigma = (N - 1) v`.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from itertools import permutations
from string import ascii_letters

import numpy as np

__all__ = ["MultilinearGame"]


@lru_cache(maxsize=64)
def _pair_subscripts(num_players: int) -> dict[tuple[int, int], str]:
    """einsum subscripts contracting u_i with every sigma_k, k not in {i, j}, keeping axes (i, j)."""
    letters = ascii_letters[:num_players]
    out = {}
    for i in range(num_players):
        for j in range(num_players):
            if i == j:
                continue
            others = [k for k in range(num_players) if k not in (i, j)]
            inputs = ",".join([letters, *["..." + letters[k] for k in others]])
            out[i, j] = f"{inputs}->...{letters[i]}{letters[j]}"
    return out


def _kron(strategies: list[np.ndarray]) -> np.ndarray:
    """Kronecker product of strategy vectors (batched over leading axes): the probabilities of their pure profiles."""
    weights = strategies[0]
    for s in strategies[1:]:
        weights = (weights[..., :, None] * s[..., None, :]).reshape(*weights.shape[:-1], -1)
    return weights


class MultilinearGame:
    """The payoff tensor of a game with flat-profile helpers (values and value derivatives).

    Parameters
    ----------
    payoffs : ndarray, shape (N, n_1, ..., n_N)
    """

    def __init__(self, payoffs: np.ndarray) -> None:
        self.payoffs = np.ascontiguousarray(payoffs, dtype=np.float64)
        self.num_players = self.payoffs.shape[0]
        self.num_actions = tuple(self.payoffs.shape[1:])
        self.offsets = np.concatenate([[0], np.cumsum(self.num_actions)]).astype(int)
        self.size = int(self.offsets[-1])
        self.owner = np.repeat(np.arange(self.num_players), self.num_actions)

    @cached_property
    def _three_player_form(self) -> np.ndarray | None:
        """For three players, ``W`` with ``M = W sigma``: one product gives the whole Jacobian.

        ``W[(i, a), (j, b), (k, c)] = u_i(a, b, c)`` (actions of players ``i, j, k`` in that
        role) when the three players are distinct, else 0; stored as a ``(size * size, size)``
        matrix.  Kept while it stays small (``size ** 3`` entries).
        """
        size, off = self.size, self.offsets
        if self.num_players != 3 or size**3 > 2_000_000:
            return None
        dense = np.zeros((size, size, size))
        for i, j, k in permutations(range(3)):
            dense[off[i] : off[i + 1], off[j] : off[j + 1], off[k] : off[k + 1]] = np.transpose(self.payoffs[i], (i, j, k))
        return dense.reshape(size * size, size)

    @cached_property
    def _pair_tables(self) -> dict[tuple[int, int], np.ndarray] | None:
        """For each ordered pair (i, j): u_i with axes (i, j, others), as an (n_i n_j, rest) matrix.

        One matrix-vector product with the Kronecker product of the other players' strategies
        then gives the block M_ij.  Kept only while the copies stay small (N (N - 1) tables).
        """
        n = self.num_players
        if n * (n - 1) * self.payoffs[0].size > 4_000_000:
            return None
        tables = {}
        for i in range(n):
            for j in range(n):
                if i != j:
                    others = [k for k in range(n) if k not in (i, j)]
                    moved = np.transpose(self.payoffs[i], (i, j, *others))
                    tables[i, j] = np.ascontiguousarray(moved).reshape(self.num_actions[i] * self.num_actions[j], -1)
        return tables

    @cached_property
    def _own_tables(self) -> list[np.ndarray]:
        """u_i with its own axis first, flattened over the opponents' pure profiles (C order)."""
        return [np.moveaxis(self.payoffs[i], i, 0).reshape(self.num_actions[i], -1) for i in range(self.num_players)]

    def blocks(self, flat: np.ndarray) -> list[np.ndarray]:
        """Split a flat profile (or a batch of them) into the players' strategy vectors (views)."""
        return [flat[..., self.offsets[i] : self.offsets[i + 1]] for i in range(self.num_players)]

    def value_jacobian(self, flat: np.ndarray) -> np.ndarray:
        """The matrix ``M`` of derivatives of all action values with respect to all probabilities.

        ``flat`` is one flat profile (shape ``(size,)``) or a batch (shape ``(B, size)``); the
        result has shape ``(size, size)`` or ``(B, size, size)``.  Own-player blocks are zero.
        """
        n, off = self.num_players, self.offsets
        batch = flat.shape[:-1]
        if self._three_player_form is not None:
            return (flat @ self._three_player_form.T).reshape(*batch, self.size, self.size)
        M = np.zeros((*batch, self.size, self.size), dtype=np.result_type(flat, np.float64))
        if n == 2:
            M[..., off[0] : off[1], off[1] :] = self.payoffs[0]
            M[..., off[1] :, : off[1]] = self.payoffs[1].T
            return M
        sigma = self.blocks(flat)
        if self._pair_tables is None:
            for (i, j), subscripts in _pair_subscripts(n).items():
                others = [sigma[k] for k in range(n) if k not in (i, j)]
                M[..., off[i] : off[i + 1], off[j] : off[j + 1]] = np.einsum(subscripts, self.payoffs[i], *others)
            return M
        for (i, j), table in self._pair_tables.items():
            block = _kron([sigma[k] for k in range(n) if k not in (i, j)]) @ table.T  # (..., n_i n_j)
            M[..., off[i] : off[i + 1], off[j] : off[j + 1]] = block.reshape(*batch, self.num_actions[i], self.num_actions[j])
        return M

    def values_from_jacobian(self, M: np.ndarray, flat: np.ndarray) -> np.ndarray:
        """All action values (flat, batched like ``flat``) from ``M``.

        ``v_i = M_ij sigma_j`` for every ``j != i`` and the own blocks ``M_ii`` are zero, so
        ``M sigma = (N - 1) v``: one matrix-vector product for all players.
        """
        if self.num_players == 1:  # a decision problem: values do not depend on any strategy
            return np.broadcast_to(self.payoffs[0], flat.shape).copy()
        values = (M @ flat[..., None])[..., 0]
        if self.num_players > 2:
            values /= self.num_players - 1
        return values

    def values(self, flat: np.ndarray) -> np.ndarray:
        """All action values, flat: entry ``(i, a)`` is :math:`v_{i,a}(\\sigma_{-i})`.

        Without the Jacobian: player ``i``'s payoff table (own actions by the opponents' pure
        profiles) times the Kronecker product of the opponents' strategies.
        """
        if self.num_players <= 2:
            return self.values_from_jacobian(self.value_jacobian(flat), flat)
        sigma = self.blocks(flat)
        values = np.empty(flat.shape, dtype=np.result_type(flat, np.float64))
        for i, table in enumerate(self._own_tables):
            values[..., self.offsets[i] : self.offsets[i + 1]] = _kron(sigma[:i] + sigma[i + 1 :]) @ table.T
        return values

    def max_regret(self, flat: np.ndarray) -> np.ndarray:
        """Largest regret of any player, ``max_i (max_a v_ia - sigma_i . v_i)``, per profile of a batch."""
        v = self.values(flat)
        off = self.offsets
        regrets = []
        for i in range(self.num_players):
            own, values = flat[..., off[i] : off[i + 1]], v[..., off[i] : off[i + 1]]
            regrets.append(values.max(axis=-1) - (values * own).sum(axis=-1))
        return np.max(regrets, axis=0)
