r"""Support enumeration for N-player games (Porter, Nudelman & Shoham 2008).

A mixed profile :math:`\sigma` with supports :math:`S = (S_1, \dots, S_N)` is a Nash equilibrium
iff there are values :math:`w_i` with

.. math:: v_{i,a}(\sigma_{-i}) = w_i \ (a \in S_i), \quad v_{i,a}(\sigma_{-i}) \le w_i \ (a \notin S_i),
          \quad \sigma_i \in \Delta(S_i) .

So every equilibrium is found by solving, for each support profile :math:`S`, the square
polynomial system of the equalities and keeping the solutions that satisfy the inequalities.
Following Porter, Nudelman & Shoham ("Simple search methods for finding a Nash equilibrium",
*GEB* 63, 2008, Algorithm 2) support profiles are visited by increasing total size and then
increasing imbalance (small, balanced supports first: most games have an equilibrium there), and
each profile is built player by player with pruning: an action that is *conditionally strictly
dominated* — worse than another action of its player against every pure profile of the
opponents' current domains — cannot be in a support, and this is iterated (on bit sets of
the opponents' pure profiles, with every answer cached: the same domains recur constantly).

**Stacked batches.** In the complete enumeration most support profiles of a small game are of a
few kinds whose systems share one small form: one mixer, two mixers, three mixers on supports of
sizes :math:`2 \times k \times k` or :math:`2 \times 2 \times 3` and four mixers on binary
supports.  Every support profile of such a kind is solved at once by
:mod:`coordgame.solvers._support_complete` (stacked linear solves; for three or four mixers a
polynomial in one variable obtained by Cramer's rule or a resultant, sampled at Chebyshev points
and rooted by companion eigenvalues, then Newton-polished), without pruning; rows where the
batch cannot vouch for its answer (ill-conditioned or vanishing systems: a degenerate game) are
left to the one-at-a-time path below.  So a 3 x 3 x 3 game needs one homotopy (the totally mixed
support) and a 2 x 2 x 2 x 2 game none.

**Solving one support profile.** All-pure supports are handled at once by the search of
:func:`coordgame.pure_nash`. When at most two players mix, the equalities are *linear* (a mixing
player's values depend only on the other mixer). With supports of equal size two small square
linear systems give the solution; with unequal ones a system is overdetermined and its
least-squares residual rules out any solution (the generic case); otherwise (a degenerate game)
Newton's method, exact in two steps, solves them. When three or more players mix, the system is
multilinear of higher degree and is solved, by default (``polynomial="homotopy"``), by a
multihomogeneous homotopy that tracks one path per solution of a product start system
(:mod:`coordgame.solvers._homotopy`; Morgan & Sommese 1987): with probability one every
*isolated nonsingular* solution is the end of a path.  The paths are tracked in compiled code
when numba is installed (``pip install coordgame[numba]``; the first call compiles, once per
installation, as the compiled code is cached on disk), else in batched numpy (much slower).
The tracking is checked (every path ends at a regular solution or diverges; no two paths share
an endpoint); if a check fails, or the
game is degenerate (a solution where the system is singular, e.g. a continuum of equilibria),
the result says ``complete=False`` and the notes say why. ``polynomial="newton"`` instead runs
Newton's method from the centroid and ``starts`` seeded random points: faster, but without a
guarantee, and the result is then never marked complete. With ``stop_after`` set (one
equilibrium wanted), a vectorised first pass (:mod:`coordgame.solvers._support_batch`) solves
every balanced two-mixer support profile in one batched linear solve and then runs one Newton
batch over all support profiles where three or more players mix; only if it falls short are
the supports visited one at a time as above (those where at most two players mix first, then a
short Newton search on every other support, and the homotopies only if that search falls
short). Every returned profile passes the check of :func:`coordgame.verify` (each player's
regret recomputed from the game's payoffs, at most ``tol`` times the payoff range), applied to
a whole stack of candidates at once.

This is the method a careful researcher can audit: it enumerates *all* regular (isolated, nonsingular)
equilibria of small games (with probability one, and with checks on the path tracking), so it contains the
equilibria that the logit branch, Lemke–Howson-type paths, or the global Newton method do not
reach; and what it returns is checked, not trusted.  The number of support profiles grows as
:math:`\prod_i (2^{n_i} - 1)`, so it is for small games.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations, product
from math import comb, prod
from typing import Any

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import as_generator, check_seed, one_of, positive_int
from coordgame._progress import progress_bar, show_progress
from coordgame.equilibrium import Equilibrium, EquilibriumSet, _checked
from coordgame.errors import Interrupted, InvalidArgumentError
from coordgame.games._profiles import stacked_action_values
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.solvers._homotopy import homotopy_solutions
from coordgame.solvers._indifference import singular_at, solve_indifference, solve_two_mixers
from coordgame.solvers._multilinear import MultilinearGame
from coordgame.solvers._support_batch import batched_first_pass
from coordgame.solvers._support_complete import BatchOutcome, batched_kind, solve_batches
from coordgame.solvers.pure import pure_equilibrium_indices
from coordgame.tolerances import (
    DEDUPE_TOL,
    DEFAULT_TOL,
    PROBABILITY_TOL,
    absolute_tolerance,
    check_tolerance,
    normalized_payoffs,
)

__all__ = ["support_enumeration_n", "support_profile_count"]

METHOD = "support_enumeration_n"
#: Random Newton starts per support in the quick first pass when ``stop_after`` is set.
SEARCH_STARTS = 4
#: Newton iterations in that pass: from these starts Newton converges (quadratically) within
#: about ten steps or not at all, and a miss only defers the support to the homotopy.
SEARCH_ITERATIONS = 12
#: With ``progress=None`` a bar is shown (on a terminal) from this many support profiles: a
#: 3 x 3 x 3 game (343) takes about a second, a 4 x 4 x 4 game (3,375) about a minute.
PROGRESS_SUPPORT_PROFILES = 1000
#: Solve the support profiles of the kinds in :mod:`coordgame.solvers._support_complete` in stacked
#: batches (the complete enumeration); False visits every support profile one at a time (the
#: reference the batches are tested against).
BATCHED = True


def support_profile_count(game: NormalFormGame) -> int:
    """Number of support profiles, :math:`\\prod_i (2^{n_i} - 1)` (before pruning).

    Examples
    --------
    >>> import coordgame as cg
    >>> from coordgame.solvers.support_n import support_profile_count
    >>> support_profile_count(cg.games.random_game((3, 3, 3), seed=0))
    343
    """
    return int(np.prod([2**n - 1 for n in game.num_actions], dtype=object))


def _size_profiles(num_actions: Sequence[int], linear_first: bool = False) -> list[tuple[int, ...]]:
    """Support-size profiles except all-ones, by total size, then by imbalance (PNS 2008).

    With ``linear_first`` (the search for one equilibrium) the profiles where at most two players
    mix come first: each of their supports costs one small linear solve, against a nonlinear
    Newton search where three or more mix, so an equilibrium among them is found before the
    expensive supports are tried.
    """
    sizes = [s for s in product(*[range(1, n + 1) for n in num_actions]) if max(s) > 1]
    key = (lambda s: (sum(k > 1 for k in s) > 2, sum(s), max(s) - min(s), s)) if linear_first else (
        lambda s: (sum(s), max(s) - min(s), s))
    return sorted(sizes, key=key)


class _Pruner:
    """Iterated removal of conditionally strictly dominated actions, on bit sets.

    Action ``a`` of player ``i`` is conditionally dominated when another action ``b`` of its current
    domain is better by more than ``atol`` against every pure profile of the opponents' current
    domains.  Opponents' pure profiles are numbered (C order), so a set of them is an integer's
    bits: ``witnesses[i][a][b]`` holds the profiles where ``b`` is *not* better than ``a`` by
    ``atol``, and ``b`` dominates ``a`` exactly when that set misses every profile of the product
    of the opponents' domains — one AND per pair of actions.  The search asks the same questions
    many times, so answers are cached.
    """

    def __init__(self, payoffs: np.ndarray, atol: float) -> None:
        self.num_players = n = payoffs.shape[0]
        self.num_actions = payoffs.shape[1:]
        self.witnesses = []
        for i in range(n):
            table = np.moveaxis(payoffs[i], i, 0).reshape(self.num_actions[i], -1)  # (own, opponents' profiles)
            not_better = table[None, :, :] <= table[:, None, :] + atol  # [a, b, s]: b not better than a at s
            self.witnesses.append([[_bits(not_better[a, b]) for b in range(len(table))] for a in range(len(table))])
        self.products: dict[tuple, int] = {}
        self.memo: dict[tuple, tuple[int, ...]] = {}

    def _product(self, i: int, domains: tuple[tuple[int, ...], ...]) -> int:
        """Bit set of the opponents' pure profiles in the product of their domains."""
        others = domains[:i] + domains[i + 1 :]
        key = (i, others)
        bits = self.products.get(key)
        if bits is None:
            bits, stride = 1, 1
            sizes = self.num_actions[:i] + self.num_actions[i + 1 :]
            for domain, size in zip(reversed(others), reversed(sizes)):
                bits = functools.reduce(operator.or_, (bits << (a * stride) for a in domain))
                stride *= size
            self.products[key] = bits
        return bits

    def survivors(self, i: int, domains: tuple[tuple[int, ...], ...]) -> tuple[int, ...]:
        """Player ``i``'s actions not conditionally dominated, given everyone's domains."""
        key = (i, *domains)
        kept = self.memo.get(key)
        if kept is None:
            product, own, witnesses = self._product(i, domains), domains[i], self.witnesses[i]
            kept = self.memo[key] = tuple(a for a in own if all(witnesses[a][b] & product for b in own if b != a))
        return kept

    def __call__(self, domains: tuple[tuple[int, ...], ...]) -> tuple[tuple[int, ...], ...]:
        """The domains after iterated removal (a fixed point)."""
        domains = list(domains)
        changed = True
        while changed:
            changed = False
            for i in range(self.num_players):
                if len(domains[i]) > 1:
                    kept = self.survivors(i, tuple(domains))
                    if len(kept) < len(domains[i]):
                        domains[i], changed = kept, True
        return tuple(domains)


class _LazyPruner:
    """A :class:`_Pruner` built on first use (games solved wholly in batches never need one)."""

    def __init__(self, payoffs: np.ndarray, atol: float) -> None:
        self.payoffs, self.atol, self.pruner = payoffs, atol, None

    def __call__(self, domains: tuple[tuple[int, ...], ...]) -> tuple[tuple[int, ...], ...]:
        if self.pruner is None:
            self.pruner = _Pruner(self.payoffs, self.atol)
        return self.pruner(domains)


def _support_profiles(prune: _Pruner | _LazyPruner, num_actions: Sequence[int],
                      sizes: tuple[int, ...]) -> Iterator[list[np.ndarray]]:
    """Support profiles with the given sizes that survive conditional-dominance pruning."""
    n = len(sizes)

    def extend(i: int, domains: tuple[tuple[int, ...], ...]) -> Iterator[list[np.ndarray]]:
        # domains[:i] are the supports chosen so far, domains[i:] what the others may still use.
        if i == n:
            yield [np.array(d) for d in domains]
            return
        for support in combinations(domains[i], sizes[i]):
            trial = (*domains[:i], support, *domains[i + 1 :])
            pruned = prune(trial)
            if any(len(pruned[j]) < len(trial[j]) for j in range(i + 1)):
                continue  # a chosen support action is conditionally dominated
            if any(len(pruned[j]) < sizes[j] for j in range(i + 1, n)):
                continue
            yield from extend(i + 1, pruned)

    start = prune(tuple(tuple(range(k)) for k in num_actions))
    if all(len(start[j]) >= sizes[j] for j in range(n)):
        yield from extend(0, start)


def _bits(flags: np.ndarray) -> int:
    """The integer whose bit ``k`` is ``flags[k]``."""
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


class _Collector:
    """Distinct verified equilibria, in the order found.

    Candidates are checked by the rule of :func:`coordgame.verify` (each row a probability vector;
    each player's regret recomputed from the game's own payoffs, at most ``tol`` times the payoff
    range), a whole stack of them at once: a small game's candidates then cost a few array
    operations rather than a few per candidate.
    """

    def __init__(self, game: NormalFormGame, tol: float) -> None:
        self.game, self.tol = game, tol
        self.found: list[Equilibrium] = []
        self.flat = np.zeros((0, sum(game.num_actions)))  # the found equilibria, flat, for the duplicate test
        self.bounds = np.cumsum((0, *game.num_actions))
        self.pending = np.zeros((0, self.bounds[-1]))  # rows to verify and keep before the next ones

    def verified(self, flats: np.ndarray) -> list[Equilibrium | None]:
        """The :class:`Equilibrium` of each row of ``flats`` (flat profiles), or None where it fails the check."""
        game, starts = self.game, self.bounds[:-1]
        profiles = np.array(flats, dtype=np.float64).reshape(-1, self.bounds[-1])  # a fresh copy, owned here
        if not len(profiles):
            return []
        totals = np.add.reduceat(profiles, starts, axis=1)
        # as in NormalFormGame.as_mixed_profile (a non-finite entry makes its total non-finite)
        valid = (np.abs(totals - 1.0) <= PROBABILITY_TOL * np.asarray(game.num_actions)).all(axis=1) & (
            profiles.min(axis=1) >= -PROBABILITY_TOL)
        profiles[~valid] = 0.0
        np.maximum(profiles, 0.0, out=profiles)
        profiles.setflags(write=False)  # its rows' blocks are stored in the equilibria
        values = stacked_action_values(game.payoffs, profiles)
        payoffs = np.add.reduceat(values * profiles, starts, axis=1)
        regrets = (np.maximum.reduceat(values, starts, axis=1) - payoffs).tolist()
        spans = list(zip(starts.tolist(), self.bounds[1:].tolist()))
        return [_checked(game, [row[a:b] for a, b in spans], payoff, regret, method=METHOD, tol=self.tol, refuse=False)
                if ok else None for row, payoff, regret, ok in zip(profiles, payoffs, regrets, valid.tolist())]

    def flush(self) -> None:
        """Verify and keep the pending rows."""
        if len(self.pending):
            pending, self.pending = self.pending, self.pending[:0]
            self.add(pending)

    def verified_after_pending(self, flats: list[np.ndarray]) -> list[Equilibrium | None]:
        """:meth:`verified` of ``flats``, with the pending rows verified in the same stack and kept first."""
        pending, self.pending = self.pending, self.pending[:0]
        checked = self.verified(np.concatenate([pending, np.reshape(flats, (-1, self.bounds[-1]))]))
        for flat, equilibrium in zip(pending, checked[: len(pending)]):
            self.keep(flat, equilibrium)
        return checked[len(pending) :]

    def keep(self, flat: np.ndarray, equilibrium: Equilibrium | None) -> bool:
        """Store a verified equilibrium unless it is a duplicate; whether it was stored."""
        if equilibrium is None:
            return False
        if len(self.flat) and np.abs(self.flat - flat).max(axis=1).min() <= DEDUPE_TOL:
            return False
        self.found.append(equilibrium)
        self.flat = np.vstack([self.flat, flat])
        return True

    def add(self, flats: np.ndarray, limit: int | None = None) -> bool:
        """Verify the rows of ``flats`` and keep the distinct equilibria, in order; True once ``limit`` are found."""
        self.flush()
        for flat, equilibrium in zip(flats, self.verified(flats)):
            if self.keep(flat, equilibrium) and limit is not None and len(self.found) >= limit:
                return True
        return False


@checked_arguments
def support_enumeration_n(
    game: NormalFormGame,
    *,
    tol: float = DEFAULT_TOL,
    polynomial: str = "homotopy",
    starts: int = 12,
    seed: int | np.random.Generator | None = 0,
    stop_after: int | None = None,
    max_support_profiles: int = 200_000,
    progress: bool | None = None,
) -> EquilibriumSet:
    """Nash equilibria of an N-player game by support enumeration with pruning.

    Parameters
    ----------
    game : NormalFormGame or array_like
        The game, or its payoffs: see :func:`coordgame.games.as_game`.
    tol : float, default 1e-9
        Relative regret tolerance of the returned equilibria.
    polynomial : {"homotopy", "newton"}, default "homotopy"
        How supports where three or more players mix are solved (see the module docstring).
    starts : int, default 12
        Random Newton starts (besides the centroid) for ``polynomial="newton"`` and for the
        Newton-first attempt when ``stop_after`` is set.
    seed : int or Generator, default 0
        Seed of those starts and of the homotopy's random start system.
    stop_after : int, optional
        Stop once this many equilibria were found (``stop_after=1``: Porter–Nudelman–Shoham's
        search for one equilibrium).
    max_support_profiles : int, default 200000
        Refuse games with more support profiles than this (the enumeration is exponential).
    progress : bool, optional
        Show a tqdm bar over the support profiles (pruned ones count as visited).  Default
        None: only when the game has at least :data:`PROGRESS_SUPPORT_PROFILES` support
        profiles and standard error is a terminal.

    Returns
    -------
    EquilibriumSet
        ``complete`` is True when the whole enumeration ran, every polynomial system was solved
        exactly (linear) or by a homotopy whose checks passed, and no solution was singular;
        the notes say otherwise.

    Raises
    ------
    coordgame.errors.Interrupted
        On Ctrl-C (a KeyboardInterrupt subclass): its ``partial`` is the EquilibriumSet of the
        equilibria found so far, with ``complete=False`` and a note saying where it stopped.

    Examples
    --------
    >>> import coordgame as cg
    >>> result = cg.solvers.support_enumeration_n(cg.games.volunteers_dilemma(3, benefit=1.0, cost=0.25))
    >>> len(result), result.complete
    (7, True)
    >>> [s.round(6).tolist() for s in result[-1].strategies]
    [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]
    """
    game = as_game(game)
    tol = check_tolerance(tol, "tol", positive=True)
    one_of(polynomial, "polynomial", ("homotopy", "newton"))
    starts = positive_int(starts, "starts", minimum=0)
    stop_after = None if stop_after is None else positive_int(stop_after, "stop_after")
    count = support_profile_count(game)
    if count > positive_int(max_support_profiles, "max_support_profiles"):
        raise InvalidArgumentError(
            f"game: {count} support profiles exceed max_support_profiles={max_support_profiles}; "
            "use method='logit' for one equilibrium of a game this large"
        )
    check_seed(seed)  # the Generator itself is built only if the search goes past the pure equilibria
    shown = show_progress(progress, count >= PROGRESS_SUPPORT_PROFILES)
    collector = _Collector(game, tol)
    stats = {"batched": 0, "first_pass": 0, "multistart": 0, "singular": 0, "profiles": 0, "homotopy": 0, "paths": 0,
             "unreliable": 0}
    parameters = {"tol": tol, "polynomial": polynomial, "starts": starts, "stop_after": stop_after}
    pure_count = int(np.prod(game.num_actions))
    with progress_bar(shown, total=count, desc="support enumeration", unit="supports") as bar:
        try:
            # the pure equilibria, lexicographically (as coordgame.pure_nash finds them), verified as one stack
            pure = pure_equilibrium_indices(game.payoffs, absolute_tolerance(tol, game))[:stop_after]
            one_hot = np.zeros((pure.size, collector.bounds[-1]))
            for i, actions in enumerate(np.unravel_index(pure, game.num_actions)):
                one_hot[np.arange(pure.size), collector.bounds[i] + actions] = 1.0
            if stop_after is None:  # verified in one stack with the batches' candidates, and kept first
                collector.pending = one_hot
            else:
                collector.add(one_hot)
            bar.update(pure_count)
            if stop_after is not None and len(collector.found) == stop_after:
                finished = False
            else:
                # Solved for the payoffs rescaled to [0, 1] (the same equilibria), where the relative
                # tolerance is an absolute one and Newton's and the homotopy's thresholds are unit-free;
                # every equilibrium is verified on the game itself.
                mg = MultilinearGame(normalized_payoffs(game.payoffs))
                options = _Options(polynomial, starts, as_generator(seed), stop_after)
                finished = not (stop_after is not None and _first_pass(mg, collector, tol, options, stats))
                finished = finished and _enumerate(game, mg, collector, tol, options, stats, bar)
            collector.flush()
        except KeyboardInterrupt as exc:
            collector.flush()  # the pure equilibria, if still pending
            note = (f"interrupted (KeyboardInterrupt) after {stats['profiles']} of at most {count - pure_count} mixed "
                    "support profiles: not all equilibria")
            partial = EquilibriumSet(equilibria=tuple(collector.found), game=game, method=METHOD, complete=False,
                                     notes=(note,), parameters=parameters)
            raise Interrupted(f"support_enumeration_n: {note}", partial=partial) from exc
    notes = [f"{stats['profiles']} support profiles solved after conditional-dominance pruning"]
    if stats["batched"]:
        notes[0] = (f"{stats['batched']} support profiles solved in stacked batches (linear systems; polynomials in "
                    "one variable where three or four players mix on small supports)")
        if stats["profiles"]:
            notes[0] += f", {stats['profiles']} one at a time after conditional-dominance pruning"
    if stats["first_pass"]:
        notes.append(f"{stats['first_pass']} equilibria found by the vectorised first pass (all balanced two-mixer "
                     "supports solved at once; a short Newton search where three or more players mix)")
    if stats["homotopy"]:
        notes.append(f"{stats['homotopy']} polynomial systems (three or more players mixing) solved by homotopy "
                     f"({stats['paths']} paths)")
    if stats["unreliable"]:
        notes.append(f"{stats['unreliable']} homotopies failed a check (failed path, singular endpoint or path jump): "
                     "solutions may be missing there")
    if stats["multistart"]:
        notes.append(f"{stats['multistart']} polynomial systems (three or more players mixing) were solved by Newton "
                     f"from {starts + 1} starts each: no guarantee that all their solutions were found")
    if stats["singular"]:
        notes.append(f"{stats['singular']} support profiles had solutions where the indifference system is singular "
                     "(a degenerate game: continua of equilibria possible; only points of them are returned)")
    if not finished:
        notes.append(f"not all equilibria: stopped after {stop_after} equilibria (stop_after)")
    complete = finished and not stats["multistart"] and not stats["singular"] and not stats["unreliable"]
    return EquilibriumSet(equilibria=tuple(collector.found), game=game, method=METHOD, complete=complete,
                          notes=tuple(notes), parameters=parameters)


def _first_pass(mg: MultilinearGame, collector: _Collector, atol: float, options: _Options,
                stats: dict[str, int]) -> bool:
    """The vectorised pass over the supports that hold most first equilibria; True once ``stop_after`` is met."""

    def accept(flat: np.ndarray) -> bool:
        for solved, equilibrium in zip(flat, collector.verified(flat)):
            if collector.keep(solved, equilibrium):
                stats["first_pass"] += 1
                if len(collector.found) >= options.stop_after:
                    return True
        return False

    return batched_first_pass(mg, atol, options.rng, min(options.starts, SEARCH_STARTS), SEARCH_ITERATIONS, accept)


@dataclass(frozen=True)
class _Options:
    polynomial: str
    starts: int
    rng: np.random.Generator
    stop_after: int | None


def _enumerate(game: NormalFormGame, mg: MultilinearGame, collector: _Collector, atol: float, options: _Options,
               stats: dict[str, int], bar: Any) -> bool:
    """Visit the support profiles; return False when stopped early by ``stop_after``.

    ``bar`` advances by the number of support profiles of each size profile once it is done.
    """
    stop_after = options.stop_after

    def accept(supports: list[np.ndarray], solutions: np.ndarray) -> bool:
        """Screen, verify and collect; True when ``stop_after`` is reached."""
        if not len(solutions):
            return False
        # cheap batched screen before the full verification: most solutions of the equalities
        # violate some inequality (a better reply off the supports, for instance)
        solutions = solutions[mg.max_regret(solutions) <= atol]
        if not len(solutions):
            return False
        stats["singular"] += bool(singular_at(mg, supports, solutions).any())
        return collector.add(solutions, stop_after)

    # Supports left for the homotopy, by size profile.  When one equilibrium is wanted they wait
    # until Newton has been tried on every support (it usually finds one quickly).
    deferred: list[list[list[np.ndarray]]] = []
    deferred_weights: list[int] = []
    prune = _LazyPruner(mg.payoffs, atol)  # built only if a support profile is visited on its own
    size_profiles = _size_profiles(game.num_actions, linear_first=stop_after is not None)
    batches = _batches(mg, size_profiles, atol, options)
    # every batch's candidates (screened by regret already) verified as one stack, kept in order below
    batched = [sizes for sizes in size_profiles if sizes in batches]
    flats = [flat for sizes in batched for _, flat, _ in batches[sizes].found]
    checked = iter(zip(flats, collector.verified_after_pending(flats)))
    for sizes in size_profiles:
        weight = prod(comb(n, k) for n, k in zip(game.num_actions, sizes))
        polynomial = []
        batch = batches.get(sizes)
        if batch is not None:
            stats["batched"] += batch.rows - len(batch.leftover)
            for _, _, singular in batch.found:
                stats["singular"] += singular
                collector.keep(*next(checked))
        visits = _support_profiles(prune, game.num_actions, sizes) if batch is None else (
            supports for supports in batch.leftover if _undominated(prune, supports))
        for supports in visits:
            stats["profiles"] += 1
            solutions = _solve_by_newton(mg, supports, atol, options, stats)
            if solutions is None:
                polynomial.append(supports)
            elif accept(supports, solutions):
                return False
        if polynomial and stop_after is None:
            for supports, solutions in zip(polynomial, _solve_by_homotopy(mg, polynomial, atol, options, stats)):
                if accept(supports, solutions):
                    return False
        elif polynomial:
            deferred.append(polynomial)
            deferred_weights.append(weight)
            continue
        bar.update(weight)
    for polynomial, weight in zip(deferred, deferred_weights):
        for supports, solutions in zip(polynomial, _solve_by_homotopy(mg, polynomial, atol, options, stats)):
            if accept(supports, solutions):
                return False
        bar.update(weight)
    return True


def _batches(mg: MultilinearGame, size_profiles: list[tuple[int, ...]], atol: float,
             options: _Options) -> dict[tuple[int, ...], BatchOutcome]:
    """The size profiles solved in stacked batches (:mod:`coordgame.solvers._support_complete`).

    Only in the complete enumeration (a search for some equilibria has its own first pass), and
    supports where three players mix only with ``polynomial="homotopy"`` (the batches solve them
    exactly; ``"newton"`` asks for Newton's method there).
    """
    if options.stop_after is not None or not BATCHED:
        return {}
    chosen = [sizes for sizes in size_profiles if batched_kind(sizes) is not None
              and (options.polynomial == "homotopy" or sum(k > 1 for k in sizes) <= 2)]
    return solve_batches(mg, chosen, atol) if chosen else {}


def _undominated(prune: _LazyPruner, supports: list[np.ndarray]) -> bool:
    """Whether no support action is conditionally dominated given the supports (the pruning rule)."""
    domains = tuple(tuple(int(a) for a in s) for s in supports)
    return all(len(kept) == len(domain) for kept, domain in zip(prune(domains), domains))


def _solve_by_newton(mg: MultilinearGame, supports: list[np.ndarray], atol: float, options: _Options,
                     stats: dict[str, int]) -> np.ndarray | None:
    """Candidate solutions by Newton, or ``None`` when the support is left for the homotopy."""
    centroid = np.zeros(mg.size)
    for i, s in enumerate(supports):
        centroid[mg.offsets[i] + s] = 1.0 / s.size
    if sum(s.size > 1 for s in supports) < 3:  # linear: solved directly, or by Newton (exact in two steps)
        direct = solve_two_mixers(mg, supports, 1e-3 * atol)
        return direct if direct is not None else solve_indifference(mg, supports, centroid, residual_tol=1e-3 * atol)
    if options.polynomial == "homotopy" and options.stop_after is None:
        return None
    # one equilibrium wanted: a short Newton search first (the homotopy backs it up)
    count = options.starts if options.polynomial == "newton" else min(options.starts, SEARCH_STARTS)
    trials = np.vstack([centroid, _random_starts(mg, supports, count, options.rng)])
    iterations = 25 if options.polynomial == "newton" else SEARCH_ITERATIONS
    found = solve_indifference(mg, supports, trials, residual_tol=1e-3 * atol, max_iter=iterations)
    if options.polynomial == "newton" or (len(found) and mg.max_regret(found).min() <= atol):
        stats["multistart"] += 1
        return found
    return None


def _solve_by_homotopy(mg: MultilinearGame, polynomial: list[list[np.ndarray]], atol: float, options: _Options,
                       stats: dict[str, int]) -> list[np.ndarray]:
    """Candidate solutions of each support profile (same sizes) by one batched homotopy."""
    reports = homotopy_solutions(mg, polynomial, options.rng)
    if reports is None:  # too many start-system choices: fall back to Newton from many starts
        stats["multistart"] += len(polynomial)
        out = []
        for supports in polynomial:
            trials = _random_starts(mg, supports, options.starts + 1, options.rng)
            out.append(solve_indifference(mg, supports, trials, residual_tol=1e-3 * atol))
        return out
    stats["homotopy"] += len(polynomial)
    out = []
    for supports, report in zip(polynomial, reports):
        stats["paths"] += report.paths
        stats["unreliable"] += not report.reliable
        candidates = report.solutions
        candidates = candidates[candidates.min(axis=1) >= -PROBABILITY_TOL] if len(candidates) else candidates
        # polish in the real field on the supports (the homotopy's endpoints are already accurate)
        out.append(solve_indifference(mg, supports, np.clip(candidates, 0.0, None), residual_tol=1e-3 * atol)
                   if len(candidates) else candidates)
    return out


def _random_starts(mg: MultilinearGame, supports: Sequence[np.ndarray], count: int,
                   rng: np.random.Generator) -> np.ndarray:
    """``count`` flat profiles drawn uniformly from the product of the supports' simplices."""
    starts = np.zeros((count, mg.size))
    for i, s in enumerate(supports):
        starts[:, mg.offsets[i] + s] = rng.dirichlet(np.ones(s.size), size=count)
    return starts
