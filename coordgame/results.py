"""The result protocol shared by every solver and regime result.

Every result coordgame returns — an :class:`~coordgame.equilibrium.Equilibrium`, an
:class:`~coordgame.equilibrium.EquilibriumSet`, a correlated equilibrium, the planner's optimum,
a dynamics path, a regime comparison, a welfare ratio — is a small frozen dataclass that
inherits :class:`Result`, and so answers the same questions the same way:

=======================  ================================================================
``result.to_dict()``     plain Python (lists, floats, str), ready for ``json.dumps``
``result.to_frame()``    a pandas DataFrame (one row, or one row per member of a set)
``repr(result)``         one readable line; ``result.summary()`` a few lines of text
``result.verification``  a :class:`Verification`: the figure checked (largest regret,
                         incentive violation, residual, ...), the threshold it was checked
                         against, and whether it passed; ``None`` when nothing is verified
``result.method``        the algorithm (or regime, or criterion) that produced it
``result.tolerances``    the tolerances used, by name (see :attr:`Result.tolerances`)
=======================  ================================================================

A result class writes little: :meth:`Result.to_dict` is derived from the dataclass fields
(``_dict_extras`` adds properties such as ``welfare``; ``_dict_skip`` leaves out fields that
are not data, such as the game), and the verification from the class attribute
``_verified_by = (quantity, figure attribute, threshold attribute, passed attribute)``.
Collections (sets of equilibria, comparisons) name their members in ``_members``: their
verification aggregates the members' and their frame has one row per member.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from fractions import Fraction
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Result", "Verification", "plain"]


def plain(value: Any) -> Any:
    """``value`` as plain Python that :func:`json.dumps` accepts (arrays to lists, Fractions to ``"p/q"``).

    Results become their :meth:`Result.to_dict`; mappings and sequences are converted item by
    item; anything else unknown becomes its ``str``.

    Examples
    --------
    >>> import numpy as np
    >>> from fractions import Fraction
    >>> plain({"x": np.arange(3), "p": Fraction(1, 3), "t": (np.float64(0.5), None)})
    {'x': [0, 1, 2], 'p': '1/3', 't': [0.5, None]}
    """
    if isinstance(value, np.generic):  # before the built-ins: np.float64 is a float
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Result):
        return value.to_dict()
    if isinstance(value, np.ndarray):
        return value.tolist() if value.dtype != object else [plain(v) for v in value.tolist()]
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, PurePath):
        return str(value)
    if hasattr(value, "to_dict") and hasattr(value, "columns"):  # a pandas DataFrame
        return [plain(row) for row in value.to_dict("records")]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # e.g. a model's parameters
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Iterable):
        return [plain(v) for v in value]
    return str(value)


@dataclasses.dataclass(frozen=True)
class Verification:
    """What was checked about a result: ``value <= tolerance`` (``passed``).

    Attributes
    ----------
    quantity : str
        What ``value`` measures, e.g. ``"regret"`` (the largest gain of a unilateral deviation),
        ``"incentive violation"`` (of a correlated equilibrium) or ``"residual"``.
    value : float
        The figure, in absolute payoff units, recomputed from the game independently of the
        algorithm that produced the result.
    tolerance : float or None
        The absolute threshold ``value`` was compared with (``None`` when the method certifies
        the result another way, then ``passed`` says its verdict).
    passed : bool
        Whether the result passed its check.

    Examples
    --------
    >>> import coordgame as cg
    >>> v = cg.pure_nash(cg.games.stag_hunt())[0].verification
    >>> v.quantity, v.value, v.passed
    ('regret', 0.0, True)
    """

    quantity: str
    value: float
    tolerance: float | None
    passed: bool

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        bound = "" if self.tolerance is None else f" <= {self.tolerance:.3g}"
        return f"{self.quantity} {self.value:.3g}{bound}: {'passed' if self.passed else 'FAILED'}"

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python description, JSON-ready."""
        return {"quantity": self.quantity, "value": float(self.value),
                "tolerance": None if self.tolerance is None else float(self.tolerance), "passed": bool(self.passed)}


def _combined(checks: list[Verification]) -> Verification | None:
    """One verification standing for several: the worst figure, the tightest threshold, all passed."""
    if not checks:
        return None
    quantities = sorted({c.quantity for c in checks})
    tolerances = [c.tolerance for c in checks if c.tolerance is not None]
    return Verification(quantity=quantities[0] if len(quantities) == 1 else " / ".join(quantities),
                        value=max(float(c.value) for c in checks),
                        tolerance=min(tolerances) if tolerances else None,
                        passed=all(c.passed for c in checks))


def _cell(value: Any) -> Any:
    """A DataFrame cell: lists become tuples (hashable, printable), everything else as is."""
    if isinstance(value, list):
        return tuple(_cell(v) for v in value)
    return value


def _is_tolerance(name: str) -> bool:
    return name in ("tol", "rtol", "atol") or name.endswith("_tol")


class Result:
    """Base of every result type: ``to_dict``, ``to_frame``, ``summary``, ``verification``, ``method``, ``tolerances``.

    Subclasses are frozen dataclasses that provide ``method`` (a field or a property) and
    configure the rest with class attributes (see the module docstring).

    Examples
    --------
    >>> import json
    >>> import coordgame as cg
    >>> eqs = cg.nash(cg.games.battle_of_the_sexes())
    >>> isinstance(eqs, cg.Result), eqs.method, eqs.verification.passed
    (True, 'vertex_enumeration', True)
    >>> sorted(eqs.tolerances)
    ['threshold', 'tol']
    >>> json.loads(json.dumps(eqs.to_dict()))["equilibria"][0]["method"]
    'vertex_enumeration'
    >>> eqs.to_frame().shape[0]
    3
    """

    __slots__ = ()

    method: str  # a field or a property of every subclass

    #: (quantity, attribute of the figure, attribute of the threshold or None, attribute saying passed or None).
    _verified_by: ClassVar[tuple[str, str, str | None, str | None] | None] = None
    #: Name of the attribute holding the member results of a collection.
    _members: ClassVar[str | None] = None
    #: Whether :meth:`to_frame` has one row per member (else one row for the whole result).
    _frame_by_member: ClassVar[bool] = False
    #: Properties added to :meth:`to_dict` after the fields.
    _dict_extras: ClassVar[tuple[str, ...]] = ()
    #: Fields left out of :meth:`to_dict` (not data: the game, a callable, ...).
    _dict_skip: ClassVar[tuple[str, ...]] = ()

    # ------------------------------------------------------------------ verification
    def _member_results(self) -> list[Result]:
        if self._members is None:
            return []
        members = getattr(self, self._members)
        if isinstance(members, Result):
            return [members]
        return [m for m in (members or ()) if isinstance(m, Result)]

    @property
    def verification(self) -> Verification | None:
        """The figure that certifies this result, its threshold and the verdict (``None``: nothing verified).

        For a collection, the worst figure of its members, their tightest threshold, and whether
        all passed.
        """
        spec = self._verified_by
        if spec is not None:
            quantity, value_name, tol_name, passed_name = spec
            value = float(getattr(self, value_name))
            tolerance = None if tol_name is None else getattr(self, tol_name)
            tolerance = None if tolerance is None else float(tolerance)
            if passed_name is not None:
                passed = bool(getattr(self, passed_name))
            else:
                passed = tolerance is not None and value <= tolerance
            return Verification(quantity, value, tolerance, passed)
        return _combined([v for m in self._member_results() if (v := m.verification) is not None])

    @property
    def tolerances(self) -> dict[str, float]:
        """The tolerances this result was computed with, by name.

        ``"threshold"`` is the absolute bound the verification figure was compared with; the
        other keys are the tolerance arguments the method ran with, as passed (relative to the
        game's payoff range where the solver documents so), when the result records them.
        """
        out: dict[str, float] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            if _is_tolerance(f.name) and f.name != "tol" and isinstance(getattr(self, f.name), (int, float)):
                out[f.name] = float(getattr(self, f.name))
        parameters = getattr(self, "parameters", None)
        if isinstance(parameters, Mapping):
            out.update({k: float(v) for k, v in parameters.items()
                        if _is_tolerance(str(k)) and isinstance(v, (int, float)) and not isinstance(v, bool)})
        check = self.verification
        if check is not None and check.tolerance is not None:
            out["threshold"] = check.tolerance
        return out

    # ------------------------------------------------------------------ conversions
    def _payload(self) -> dict[str, Any]:
        """The result's own data: every field but ``_dict_skip``, then ``_dict_extras``."""
        out = {f.name: plain(getattr(self, f.name))
               for f in dataclasses.fields(self) if f.name not in self._dict_skip}  # type: ignore[arg-type]
        out.update({name: plain(getattr(self, name)) for name in self._dict_extras})
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python description (lists, floats, str, None), JSON-ready.

        The result's fields, plus ``method``, ``tolerances`` and ``verification`` (a dict, or None).
        """
        out = self._payload()
        out.setdefault("method", plain(self.method))
        out["tolerances"] = self.tolerances
        check = self.verification
        out["verification"] = None if check is None else check.to_dict()
        return out

    def _rows(self) -> list[dict[str, Any]]:
        if self._frame_by_member:
            return [m._row() for m in self._member_results()]
        return [self._row()]

    def _row(self) -> dict[str, Any]:
        """One flat table row: the scalar and list entries of :meth:`to_dict`, nested dicts dotted."""
        row: dict[str, Any] = {}
        for key, value in self.to_dict().items():
            if isinstance(value, dict):
                row.update({f"{key}.{k}": _cell(v) for k, v in value.items() if not isinstance(v, (dict, list))})
            else:
                row[key] = _cell(value)
        return row

    def to_frame(self) -> pd.DataFrame:
        """A pandas DataFrame: one row per result (per member for a set of equilibria or a range)."""
        import pandas as pd

        return pd.DataFrame(self._rows())

    # ------------------------------------------------------------------ text
    def summary(self) -> str:
        """A few lines of text: the kind of result, the method, the verification, the scalar figures."""
        lines = [f"{type(self).__name__} (method: {self.method})"]
        check = self.verification
        lines.append(f"  verification: {check}" if check is not None else "  verification: none (not an equilibrium check)")
        members = self._member_results()
        if self._members is not None:
            lines.append(f"  {len(members)} {self._members}")
        for key, value in self._payload().items():
            if key == "method":
                continue
            if isinstance(value, bool) or (isinstance(value, str) and value and len(value) <= 60):
                lines.append(f"  {key}: {value}")
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                lines.append(f"  {key}: {value:.6g}" if isinstance(value, float) else f"  {key}: {value}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        parts = []
        for key, value in self._payload().items():
            if isinstance(value, float):
                parts.append(f"{key}={value:.6g}")
            elif isinstance(value, (bool, int, str)) or value is None:
                parts.append(f"{key}={value!r}")
            elif isinstance(value, list) and len(value) <= 4 and all(isinstance(v, (int, float)) for v in value):
                parts.append(f"{key}={value}")
        if "method" not in self._payload():
            parts.append(f"method={self.method!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

