"""Profiles and payoff tables of normal-form games: validation and the payoff contraction.

The functions :class:`coordgame.games.NormalFormGame` delegates to, on plain arrays: a pure or
mixed profile checked against the action counts, the value of each of a player's actions
against the others' mixed strategies (the contraction every regret and every verification
computes; also for a stack of flat profiles at once), a payoff table built from a function of
the pure profile, and the validated action subsets of a subgame.
"""

from __future__ import annotations

import numbers
import operator
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError, InvalidGameError, InvalidProfileError
from coordgame.games._payoffs import (
    _bimatrix_payoffs,
    _check_payoff_entries,
    _is_numeric_matrix,
    _numeric_array,
    _validated_names,
)

__all__ = ["action_values", "constructor_arguments", "function_table", "kept_actions", "mixed_profile", "pure_profile",
           "stacked_action_values", "validated_names"]


def pure_profile(profile: Sequence[int], num_actions: tuple[int, ...]) -> tuple[int, ...]:
    """``profile`` as a tuple of action indices, one per player, each in range."""
    try:
        actions = tuple(profile)
    except TypeError:
        raise InvalidProfileError(f"profile: expected one action per player, got {profile!r}") from None
    if len(actions) != len(num_actions):
        raise InvalidProfileError(f"profile: expected {len(num_actions)} actions, got {len(actions)}")
    for i, (a, n) in enumerate(zip(actions, num_actions)):
        if isinstance(a, bool) or not isinstance(a, numbers.Integral) or not 0 <= a < n:
            raise InvalidProfileError(f"profile[{i}]: expected an action index in 0..{n - 1}, got {a!r}")
    return tuple(int(a) for a in actions)


def mixed_profile(profile: Sequence[Any], num_actions: tuple[int, ...], tol: float) -> tuple[np.ndarray, ...]:
    """``profile`` as float64 probability vectors (an action index is a pure strategy), within ``tol``."""
    try:
        entries = list(profile)
    except TypeError:
        raise InvalidProfileError(f"profile: expected one strategy per player, got {profile!r}") from None
    if len(entries) != len(num_actions):
        raise InvalidProfileError(f"profile: expected {len(num_actions)} strategies, got {len(entries)}")
    mixed = []
    for i, (s, n) in enumerate(zip(entries, num_actions)):
        if type(s) is np.ndarray and s.dtype == np.float64 and s.shape == (n,):
            vector = s.copy()  # the common case from solvers: no generic conversion needed
        elif isinstance(s, numbers.Integral) and not isinstance(s, bool):
            if not 0 <= s < n:
                raise InvalidProfileError(f"profile[{i}]: expected an action index in 0..{n - 1}, got {s}")
            vector = np.zeros(n)
            vector[int(s)] = 1.0
            mixed.append(vector)
            continue
        else:
            try:
                vector = np.array(s, dtype=np.float64).reshape(-1)
            except (TypeError, ValueError):
                raise InvalidProfileError(f"profile[{i}]: expected a probability vector, got {s!r}") from None
            if vector.shape != (n,):
                raise InvalidProfileError(f"profile[{i}]: expected {n} probabilities, got {vector.size}")
        # A NaN or infinite entry makes the sum non-finite, so one reduction checks both.
        low, total = vector.min(), vector.sum()
        if not np.isfinite(total) or low < -tol or abs(total - 1.0) > tol * n:
            raise InvalidProfileError(
                f"profile[{i}]: expected non-negative probabilities summing to 1, got {vector.tolist()}"
            )
        if low < 0.0:
            vector = np.clip(vector, 0.0, None)
        mixed.append(vector)
    return tuple(mixed)


def action_values(payoffs: np.ndarray, mixed: tuple[np.ndarray, ...], i: int) -> np.ndarray:
    """Player ``i``'s payoff to each of its actions against the others' strategies in ``mixed``."""
    if len(mixed) == 2:  # one matrix-vector product: bimatrix solvers verify in microseconds
        return payoffs[0] @ mixed[1] if i == 0 else mixed[0] @ payoffs[1]
    # Opponents who play a pure action are indexed away first (O(1) instead of a pass
    # over the table: pure profiles of huge games stay cheap to verify); the remaining
    # opponents' axes are contracted from the last to the first, so the axes still to
    # be contracted keep their positions.
    index: list[Any] = [slice(None)] * len(mixed)
    mixed_axes = []
    for j, s in enumerate(mixed):
        if j == i:
            continue
        support = np.flatnonzero(s)
        if support.size == 1:
            index[j] = int(support[0])
        else:
            mixed_axes.append(j)
    table = payoffs[i][tuple(index)]
    remaining = [j for j in range(len(mixed)) if j == i or j in mixed_axes]
    for j in reversed(mixed_axes):
        table = np.tensordot(table, mixed[j], axes=(remaining.index(j), 0))
    return table


def stacked_action_values(payoffs: np.ndarray, profiles: np.ndarray) -> np.ndarray:
    r"""Every player's action values at each of a stack of mixed profiles, flat.

    ``profiles`` has shape ``(K, n_1 + ... + n_N)``: row ``k`` holds player 1's probabilities, then
    player 2's, and so on.  Entry ``(k, (i, a))`` of the result is :func:`action_values` of player
    ``i``'s action ``a`` at profile ``k``, :math:`\sum_{a_{-i}} u_i(a, a_{-i}) \prod_{j \ne i}
    \sigma_{j, a_j}`, computed for all profiles with one matrix product per player (the table of
    ``u_i``, own actions by the opponents' pure profiles, times the Kronecker products of the
    opponents' strategies): checking many profiles of a small game then costs a few array
    operations instead of a few per profile.

    Examples
    --------
    >>> import numpy as np
    >>> payoffs = np.array([[[3.0, 0.0], [0.0, 2.0]], [[2.0, 0.0], [0.0, 3.0]]])  # battle of the sexes
    >>> stacked_action_values(payoffs, np.array([[0.6, 0.4, 0.4, 0.6], [1.0, 0.0, 1.0, 0.0]])).round(6).tolist()
    [[1.2, 1.2, 1.2, 1.2], [3.0, 0.0, 2.0, 0.0]]
    """
    num_actions, count = payoffs.shape[1:], len(profiles)
    players = len(num_actions)
    bounds = np.cumsum((0, *num_actions))
    blocks = [profiles[:, bounds[i] : bounds[i + 1]] for i in range(players)]
    # Probabilities of the pure profiles of players before i (prefix[i]) and after i (suffix[i]), C order:
    # player i's opponents' profiles are the Kronecker product of the two (2N products, not N(N - 1)).
    prefix, suffix = [np.ones((count, 1))], [np.ones((count, 1))]
    for i in range(players - 1):
        prefix.append((prefix[-1][:, :, None] * blocks[i][:, None, :]).reshape(count, -1))
        suffix.append((blocks[players - 1 - i][:, :, None] * suffix[-1][:, None, :]).reshape(count, -1))
    values = np.empty(profiles.shape)
    for i, n in enumerate(num_actions):
        before, after = prefix[i], suffix[players - 1 - i]
        weights = (before[:, :, None] * after[:, None, :]).reshape(count, -1)
        table = payoffs[i].transpose((i, *range(i), *range(i + 1, players))).reshape(n, -1)  # own x opponents' profiles
        values[:, bounds[i] : bounds[i + 1]] = weights @ table.T
    return values


def function_table(num_actions: Sequence[int], payoff: Callable[..., Any], vectorized: bool) -> np.ndarray:
    """The payoff array of :meth:`NormalFormGame.from_function`, checked."""
    try:
        sizes = tuple(operator.index(n) for n in num_actions)
    except TypeError:
        raise InvalidGameError(f"num_actions: expected a sequence of positive integers, got {num_actions!r}") from None
    if not sizes or any(n < 1 for n in sizes):
        raise InvalidGameError(f"num_actions: expected positive action counts, got {list(num_actions)}")
    if not callable(payoff):
        raise InvalidArgumentError(f"payoff: expected a function of the pure profile, got {type(payoff).__name__}")
    _check_payoff_entries(sizes, "num_actions")
    if vectorized:
        grids = np.meshgrid(*[np.arange(n) for n in sizes], indexing="ij", sparse=True)
        values = _numeric_array(payoff(*grids), "payoff")
        try:
            table = np.broadcast_to(values, (len(sizes), *sizes))
        except ValueError:
            raise InvalidGameError(f"payoff: returned an array of shape {values.shape}, which does not broadcast "
                                   f"to {(len(sizes), *sizes)}") from None
    else:
        table = np.empty((len(sizes), *sizes))
        for profile in np.ndindex(*sizes):
            value = _numeric_array(payoff(*profile), "payoff")
            if value.shape not in ((len(sizes),), ()):
                raise InvalidGameError(f"payoff: expected {len(sizes)} payoffs at profile {profile}, "
                                       f"got an array of shape {value.shape}")
            table[(slice(None), *profile)] = value
    return table


def kept_actions(actions: Sequence[Sequence[int] | None], num_actions: tuple[int, ...]) -> list[np.ndarray]:
    """The action indices each player keeps in a subgame (``None``: all), checked."""
    kept = []
    for i, (subset, n) in enumerate(zip(actions, num_actions)):
        index = np.arange(n) if subset is None else np.asarray(subset, dtype=np.int64).reshape(-1)
        if index.size == 0:
            raise InvalidArgumentError(f"actions[{i}]: a player must keep at least one action")
        if index.min() < 0 or index.max() >= n or np.unique(index).size != index.size:
            raise InvalidArgumentError(f"actions[{i}]: expected distinct action indices in 0..{n - 1}, got {index.tolist()}")
        kept.append(index)
    return kept


def constructor_arguments(payoffs: Any, positional: Sequence[Any], **keywords: Any) -> tuple[Any, Any, Any, Any]:
    """``NormalFormGame(payoffs, *positional, player_names=, action_names=, title=)`` read as one call.

    ``NormalFormGame(A, B, ...)`` with two matrices is a bimatrix game; the names and title may
    also come positionally, in their documented order, but not twice.
    """
    rest = list(positional)
    if rest and np.ndim(payoffs) == 2 and _is_numeric_matrix(rest[0]):  # NormalFormGame(A, B, ...)
        payoffs = _bimatrix_payoffs(payoffs, rest.pop(0))
    if len(rest) > 3:
        raise InvalidArgumentError(f"NormalFormGame: expected at most 4 positional arguments, got {len(positional) + 1}")
    given = dict(zip(("player_names", "action_names", "title"), rest))
    for name, value in keywords.items():
        if name in given and value not in (None, ""):
            raise InvalidArgumentError(f"{name}: given both by position and by keyword")
    merged = {**keywords, **given}
    return payoffs, merged["player_names"], merged["action_names"], merged["title"]


def validated_names(player_names: Any, action_names: Any, num_actions: tuple[int, ...]
                    ) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The players' names and each player's action names, defaulted and checked."""
    n = len(num_actions)
    players = _validated_names(player_names, n, "player_names", lambda k: f"Player {k + 1}")
    if action_names is None:
        action_names = [None] * n
    elif len(action_names) != n:
        raise InvalidGameError(f"action_names: expected one list per player ({n}), got {len(action_names)}")
    actions = tuple(_validated_names(names, size, f"action_names[{i}]", str)
                    for i, (names, size) in enumerate(zip(action_names, num_actions)))
    return players, actions
