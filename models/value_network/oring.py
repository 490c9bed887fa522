r"""Kremer's O-ring production on a chain, on a network of alternative suppliers, with a platform.

Kremer (1993, *QJE* 108(3)): a product needs :math:`n` tasks (links), each done by one supplier;
link :math:`k` succeeds with probability (quality) :math:`q_k` and the product is worth :math:`B`
only if every link succeeds, so expected output is

.. math:: Y_{\text{chain}} = B \prod_k q_k .

One weak region-link (:math:`q_w < q`) drags the whole chain by the factor :math:`q_w / q`, and
the elasticity of output to every link's quality is one.

*Value network.*  If link :math:`k` has :math:`m` alternative suppliers (in different regions)
and any working one suffices, the link succeeds with probability :math:`1 - \prod_j (1 - q_{kj})`:

.. math:: Y_{\text{network}} = B \prod_k \Big(1 - \prod_j (1 - q_{kj})\Big),
   \qquad \frac{Y(\text{one weak})}{Y} = \frac{1 - (1-q_w)(1-q)^{m-1}}{1 - (1-q)^m}.

*Platform.*  If a platform backs every link up with reliability :math:`q_p`, link :math:`k`
succeeds with probability :math:`1 - (1-q_k)(1-q_p)` and the drag of a weak link is
:math:`[1 - (1-q_w)(1-q_p)] / [1 - (1-q)(1-q_p)]`.

Both ratios lie between :math:`q_w/q` and one: alternatives dampen the weak link.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError

__all__ = ["oring_output", "platform_output", "weak_link_drag", "enumerated_output"]


def _qualities(qualities: Any, name: str = "qualities") -> np.ndarray:
    try:
        q = np.asarray(qualities, dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{name}: expected probabilities, got {qualities!r}") from None
    if q.size == 0 or q.ndim > 2 or not np.all((q >= 0) & (q <= 1)):
        raise InvalidArgumentError(f"{name}: expected a non-empty vector or (links, suppliers) matrix of probabilities in [0, 1]")
    return q


def oring_output(qualities: Any, value: float = 1.0) -> float:
    """Expected output of a chain (vector of link qualities) or network ((links, suppliers) matrix).

    Examples
    --------
    >>> oring_output([0.9, 0.9, 0.5])
    0.405
    >>> round(oring_output([[0.9, 0.9], [0.5, 0.9]]), 4)  # two suppliers per link
    0.9405
    """
    q = _qualities(qualities)
    links = q if q.ndim == 1 else 1.0 - np.prod(1.0 - q, axis=1)
    return float(value * np.prod(links))


def platform_output(qualities: Any, platform_quality: float, value: float = 1.0) -> float:
    """Expected output of a chain whose every link a platform backs up with reliability ``platform_quality``.

    Examples
    --------
    >>> round(platform_output([0.9, 0.5], 0.5), 4)
    0.7125
    """
    q = _qualities(qualities)
    p = float(_qualities([platform_quality], "platform_quality")[0])
    return float(value * np.prod(1.0 - (1.0 - q) * (1.0 - p)))


def weak_link_drag(quality: float, weak_quality: float, *, suppliers: int = 1, platform_quality: float = 0.0) -> float:
    """:math:`Y(\\text{one weak link}) / Y(\\text{none})`: closed form (see the module docstring).

    ``suppliers = 1`` and ``platform_quality = 0`` is the chain, :math:`q_w / q`.

    Examples
    --------
    >>> round(weak_link_drag(0.9, 0.45), 12), round(weak_link_drag(0.9, 0.45, suppliers=2), 4)
    (0.5, 0.9545)
    """
    q, w = (float(v) for v in _qualities([quality, weak_quality]))
    if int(suppliers) < 1:
        raise InvalidArgumentError(f"suppliers: expected at least one supplier per link, got {suppliers}")
    p = float(_qualities([platform_quality], "platform_quality")[0])
    m = int(suppliers)
    weak = 1.0 - (1.0 - w) * (1.0 - q) ** (m - 1) * (1.0 - p)
    base = 1.0 - (1.0 - q) ** m * (1.0 - p)
    if base == 0:
        raise InvalidArgumentError("quality: a chain whose links all fail has no output to drag")
    return weak / base


def enumerated_output(qualities: Any, value: float = 1.0) -> float:
    """Expected output by enumerating every success/failure state (the check on :func:`oring_output`).

    Examples
    --------
    >>> enumerated_output([[0.9, 0.9], [0.5, 0.9]]) == oring_output([[0.9, 0.9], [0.5, 0.9]])
    True
    """
    q = _qualities(qualities)
    q = q[:, None] if q.ndim == 1 else q
    if q.size > 16:
        raise InvalidArgumentError(f"qualities: enumeration is for at most 16 suppliers in all, got {q.size}")
    total = 0.0
    for state in itertools.product((0, 1), repeat=q.size):
        works = np.array(state, dtype=bool).reshape(q.shape)
        probability = np.prod(np.where(works, q, 1.0 - q))
        if works.any(axis=1).all():  # every link has a working supplier
            total += probability
    return float(round(value * total, 15))
