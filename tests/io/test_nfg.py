"""Gambit .nfg reading and writing: exact round trips, both body variants, malformed files."""

from __future__ import annotations

import io
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.io import parse_nfg, read_nfg, write_nfg

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "games"


@pytest.fixture
def gbt():
    """pygambit, or a skip when the 'peers' extra is not installed."""
    return pytest.importorskip("pygambit", reason="needs the 'peers' extra: pip install -e '.[peers]'")

# The sample game of Gambit's format documentation (Selten 1975, Figure 2), in both variants,
# typed from the format description: payoffs first player fastest.
SELTEN_PAYOFFS = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0
"""
SELTEN_OUTCOMES = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" }

{
{ "1" "2" "3" }
{ "1" "2" }
}
""

{
{ "" 1, 1 }
{ "" 0, 2 }
{ "" 0, 2 }
{ "" 1, 1 }
{ "" 0, 3 }
{ "" 2, 0 }
}
1 2 3 4 5 6
"""
SELTEN_ROW = [[1, 1], [0, 0], [0, 2]]
SELTEN_COL = [[1, 1], [2, 3], [2, 0]]


# ---------------------------------------------------------------------------- known files
def test_payoff_version_of_the_documentation_sample():
    g = read_nfg(SELTEN_PAYOFFS)
    assert g.title == "Selten (IJGT, 75), Figure 2, normal form"
    assert g.player_names == ("Player 1", "Player 2")
    assert g.action_names == (("0", "1", "2"), ("0", "1"))  # counts only: default names
    assert g.payoffs[0].tolist() == SELTEN_ROW
    assert g.payoffs[1].tolist() == SELTEN_COL


def test_outcome_version_describes_the_same_game():
    f = parse_nfg(SELTEN_OUTCOMES)
    assert f.format == "outcomes" and f.comment == ""
    assert f.strategy_names == (("1", "2", "3"), ("1", "2"))
    assert f.payoffs.tolist() == read_nfg(SELTEN_PAYOFFS).payoffs.tolist()


def test_first_player_changes_fastest_in_three_player_files():
    # 2x3x2 game whose payoffs encode the profile: u_i(a) = 100 a1 + 10 a2 + a3 + 1000 i
    shape = (2, 3, 2)
    numbers = []
    for a3 in range(2):
        for a2 in range(3):
            for a1 in range(2):
                numbers += [1000 * i + 100 * a1 + 10 * a2 + a3 for i in range(3)]
    text = 'NFG 1 D "" { "a" "b" "c" } { 2 3 2 }\n' + " ".join(map(str, numbers))
    g = read_nfg(text)
    for a in np.ndindex(*shape):
        assert g.payoff(a).tolist() == [1000 * i + 100 * a[0] + 10 * a[1] + a[2] for i in range(3)]


def test_comment_escapes_and_number_forms():
    text = r'''NFG 1 R "say \"hi\" \\ bye" { "P \"1\"" "P2" } { { "a" "b" "d" } { "c" } }
"line one
line two"
1/3 -2.5E-7 .5 5. 1e300 -0'''
    f = parse_nfg(text)
    assert f.title == 'say "hi" \\ bye'
    assert f.player_names == ('P "1"', "P2")
    assert f.comment == "line one\nline two"
    assert f.payoffs[:, 0, 0].tolist() == [1 / 3, -2.5e-7]
    assert f.payoffs[:, 1, 0].tolist() == [0.5, 5.0]
    assert f.exact_payoffs()[0, 0, 0] == Fraction(1, 3)
    assert f.payoffs[:, 2, 0].tolist() == [1e300, 0.0]
    assert f.exact_payoffs()[1, 2, 0] == 0


def test_named_strategies_with_payoff_list_and_counts_with_outcomes():
    # Gambit accepts either strategy block with either body; so do we.
    names_payoffs = 'NFG 1 R "x" { "A" "B" } { { "a" "b" } { "c" } } "" 1 2 3 4'
    counts_outcomes = 'NFG 1 R "x" { "A" "B" } { 2 1 } "" { { "o" 1 2 } { "p" 3 4 } } 1 2'
    assert read_nfg(names_payoffs).payoffs.tolist() == read_nfg(counts_outcomes).payoffs.tolist() == [[[1], [3]], [[2], [4]]]


def test_null_outcome_and_commas_or_spaces():
    text = 'NFG 1 R "" { "A" "B" } { { "a" "b" } { "c" } } "" { { "o" 1 2 } { "p" 3, 4 } } 0 2'
    assert read_nfg(text).payoffs.tolist() == [[[0], [3]], [[0], [4]]]
    mixed = 'NFG 1 R "" { "A" "B" "C" } { 1 1 1 } "" { { "o" 1, 2 3 } } 1'
    assert read_nfg(mixed).payoffs.ravel().tolist() == [1, 2, 3]


def test_missing_comment_is_empty():
    assert parse_nfg('NFG 1 R "" { "A" } { 2 } 1 2').comment == ""


def test_example_files(tmp_path):
    degenerate = read_nfg(EXAMPLES / "von_stengel_degenerate.nfg")
    assert degenerate.payoffs[0].tolist() == [[3, 3], [2, 5], [0, 6]]
    assert degenerate.payoffs[1].tolist() == [[3, 3], [2, 6], [3, 1]]
    # the isolated equilibrium and an end of the segment stated in the file's comment
    cg.verify(degenerate, [[0, 1 / 3, 2 / 3], [1 / 3, 2 / 3]], method="file")
    cg.verify(degenerate, [[1, 0, 0], [2 / 3, 1 / 3]], method="file")
    regions = parse_nfg(str(EXAMPLES / "regions_build.nfg"))
    assert regions.format == "outcomes"
    game = regions.game()
    assert game.num_actions == (2, 2, 2)
    assert sorted(cg.pure_nash(game).pure_profiles()) == [(0, 1, 1), (1, 0, 1), (1, 1, 0)]
    p = 1 - math.sqrt(2 / 5)
    assert game.is_nash([[p, 1 - p]] * 3, tol=1e-12)
    assert game.payoff((1, 1, 1)).tolist() == [0, 0, 0]  # the null outcome


def test_sources_path_text_and_file_objects(tmp_path, monkeypatch):
    g = cg.games.battle_of_the_sexes()
    target = tmp_path / "bos.nfg"
    text = write_nfg(g, target)
    assert target.read_text(encoding="utf-8") == text
    assert read_nfg(target) == read_nfg(str(target)) == read_nfg(text) == g
    assert read_nfg(io.StringIO(text)) == g
    assert read_nfg("\ufeff" + text) == g  # a byte-order mark left on decoded text
    assert read_nfg(io.BytesIO(("\ufeff" + text).encode())) == g
    assert read_nfg(io.StringIO("\ufeff" + text)) == g
    with pytest.raises(cg.errors.InvalidArgumentError, match="cannot read") as info:
        read_nfg(tmp_path / "missing.nfg")
    assert isinstance(info.value.__cause__, FileNotFoundError)
    # a file whose name starts with NFG is still a path
    monkeypatch.chdir(tmp_path)
    write_nfg(g, "NFG_bos.nfg")
    assert read_nfg("NFG_bos.nfg") == g
    with pytest.raises(cg.errors.InvalidArgumentError, match="source"):
        read_nfg(42)


def test_writer_format_choices():
    g = cg.NormalFormGame(np.zeros((2, 2, 3)))
    assert write_nfg(g).splitlines()[1] == "{ 2 3 }"  # default names: counts
    assert write_nfg(g, format="outcomes").splitlines()[1] == '{ { "0" "1" } { "0" "1" "2" } }'
    outcomes = write_nfg(cg.games.stag_hunt(), format="outcomes", comment='a "quoted" comment')
    assert parse_nfg(outcomes).comment == 'a "quoted" comment'
    # repeated payoff vectors share one outcome
    assert outcomes.count('{ ""') == len({tuple(v) for v in cg.games.stag_hunt().payoffs.reshape(2, -1).T.tolist()})
    with pytest.raises(cg.errors.InvalidArgumentError, match="format"):
        write_nfg(g, format="xml")
    with pytest.raises(cg.errors.InvalidArgumentError, match="game"):
        write_nfg([[1, 2]])


def test_unwritable_path(tmp_path):
    with pytest.raises(cg.errors.InvalidArgumentError, match="path: cannot write"):
        write_nfg(cg.games.stag_hunt(), tmp_path / "no such folder" / "g.nfg")


def test_numbers_are_written_in_shortest_round_trip_form():
    g = cg.NormalFormGame([[0.1, 1e16, 3.0, -0.0, 5e-324, 1e300, 123456.789]])
    line = write_nfg(g).splitlines()[3:]
    assert [row for row in line] == ["0.1", "1e16", "3", "0", "5e-324", "1e300", "123456.789"]


# ---------------------------------------------------------------------------- exact round trips
_finite = st.floats(allow_nan=False, allow_infinity=False)
_name = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=6)


@st.composite
def games(draw):
    num_players = draw(st.integers(1, 4))
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=num_players, max_size=num_players)))
    size = num_players * math.prod(shape)
    values = draw(st.lists(_finite, min_size=size, max_size=size))
    players = draw(st.lists(_name, min_size=num_players, max_size=num_players, unique=True))
    actions = [draw(st.lists(_name, min_size=n, max_size=n, unique=True)) for n in shape]
    named = draw(st.booleans())
    return cg.NormalFormGame(
        np.array(values).reshape(num_players, *shape),
        players,
        actions if named else None,
        title=draw(_name),
    )


@settings(max_examples=150, deadline=None)
@given(games(), st.sampled_from(["payoffs", "outcomes"]), _name)
def test_write_then_read_is_exact(game, fmt, comment):
    f = parse_nfg(write_nfg(game, format=fmt, comment=comment))
    back = f.game()
    assert back == game
    assert np.array_equal(back.payoffs, game.payoffs)  # bit-for-bit, not within a tolerance
    assert back.title == game.title and f.comment == comment and f.format == fmt


@settings(max_examples=40, deadline=None)
@given(games())
def test_exact_payoffs_are_the_floats_shortest_decimals(game):
    exact = parse_nfg(write_nfg(game)).exact_payoffs()
    assert [float(x) for x in exact.ravel()] == game.payoffs.ravel().tolist()


# ---------------------------------------------------------------------------- what Gambit accepts
# A coordination game with payoffs 1/3: u(0, 0) = (1/3, 1), u(1, 1) = (1, 1/3), zero elsewhere.
# Written first player fastest: profiles (0,0), (1,0), (0,1), (1,1).  By hand: the column
# player's mix y makes the row player indifferent, y1 / 3 = y2, so y = (3/4, 1/4); the row
# player's mix x makes the column player indifferent, x1 = x2 / 3, so x = (1/4, 3/4).  With the
# two pure equilibria these are all three (a nondegenerate 2x2 game has an odd number).
THIRDS = 'NFG 1 R "thirds" { "Row" "Column" } { 2 2 }\n1/3 1\n0 0\n0 0\n1 1/3\n'
THIRDS_EQUILIBRIA = [
    ((1, 0), (1, 0)),
    ((Fraction(1, 4), Fraction(3, 4)), (Fraction(3, 4), Fraction(1, 4))),
    ((0, 1), (0, 1)),
]


def _exact_profiles(equilibria) -> list:
    return [tuple(tuple(s) for s in eq.exact) for eq in equilibria]


def test_exact_methods_solve_the_game_the_file_writes():
    g = read_nfg(THIRDS)
    assert g.payoffs[0, 0, 0] == 1 / 3  # the nearest float ...
    assert g.exact_payoffs[0, 0, 0] == Fraction(1, 3)  # ... and the number written
    assert g.exact_payoffs[1].tolist() == [[1, 0], [0, Fraction(1, 3)]]
    vertex = cg.vertex_enumeration(g, exact=True)
    assert vertex.complete and _exact_profiles(vertex) == THIRDS_EQUILIBRIA
    lemke = cg.solvers.lemke_howson_all(g, exact=True, recursive=True)
    assert sorted(_exact_profiles(lemke), reverse=True) == THIRDS_EQUILIBRIA
    for label in range(4):  # every path ends at an exact equilibrium of the written game
        assert _exact_profiles([cg.lemke_howson(g, label, exact=True)])[0] in THIRDS_EQUILIBRIA
    # the same game given as floats is another game: 0.3333333333333333 is what the float says
    floats = cg.NormalFormGame(g.payoffs, g.player_names, g.action_names, g.title)
    assert floats.exact_payoffs is None and floats != g
    mixed = _exact_profiles(cg.vertex_enumeration(floats, exact=True))[1]
    assert mixed[1] == (Fraction(10**16, 13333333333333333), Fraction(3333333333333333, 13333333333333333))


def test_decimals_are_read_as_written():
    # 0.1 is 1/10 either way: the float's shortest decimal says it, so no exact payoffs are kept
    tenth = read_nfg('NFG 1 R "" { "A" "B" } { 1 2 } 0.1 1 0.2 0.7')
    assert tenth.exact_payoffs is None
    assert parse_nfg('NFG 1 R "" { "A" "B" } { 1 2 } 0.1 1 0.2 0.7').exact_payoffs()[0].tolist() == [
        [Fraction(1, 10), Fraction(1, 5)]
    ]
    # 20 digits are more than the float holds: kept exactly
    long = read_nfg('NFG 1 R "" { "A" } { 2 } 0.33333333333333333333 4.000000')
    assert long.exact_payoffs.ravel().tolist() == [Fraction(33333333333333333333, 10**20), 4]
    # below the float range, the exact value survives: the floats tie, the exact payoffs do not
    tiny = read_nfg('NFG 1 R "" { "A" "B" } { 2 1 } 1e-400 0 0 0')
    assert tiny.payoffs.tolist() == [[[0.0], [0.0]], [[0.0], [0.0]]]
    assert tiny.exact_payoffs[0, 0, 0] == Fraction(1, 10**400)
    assert _exact_profiles(cg.vertex_enumeration(tiny, exact=True)) == [((1, 0), (1,))]
    assert len(cg.vertex_enumeration(cg.NormalFormGame(tiny.payoffs), exact=True)) == 2  # the floats: a tie


@pytest.mark.parametrize("fmt", ["payoffs", "outcomes"])
def test_exact_payoffs_round_trip(fmt):
    g = read_nfg(THIRDS)
    text = write_nfg(g, format=fmt)
    assert "1/3" in text and "0.333" not in text  # rationals are written as rationals
    back = read_nfg(text)
    assert back == g and back.exact_payoffs.tolist() == g.exact_payoffs.tolist()
    assert _exact_profiles(cg.vertex_enumeration(back, exact=True)) == THIRDS_EQUILIBRIA
    # 1/3 and the float nearest it are different outcomes, though their floats agree
    near = cg.NormalFormGame(
        np.array([[Fraction(1, 3), Fraction(repr(1 / 3))]], dtype=object), title="near"
    )
    assert near.exact_payoffs is not None
    assert read_nfg(write_nfg(near, format=fmt)) == near
    assert write_nfg(near, format=fmt).count("{ \"\"") == (2 if fmt == "outcomes" else 0)


_rational = st.fractions(min_value=-1000, max_value=1000, max_denominator=50)


@settings(max_examples=60, deadline=None)
@given(st.lists(_rational, min_size=8, max_size=8), st.sampled_from(["payoffs", "outcomes"]))
def test_rational_games_round_trip(values, fmt):
    exact = np.empty(8, dtype=object)
    exact[:] = values
    game = cg.NormalFormGame(exact.reshape(2, 2, 2), ["", "b"], [["x", "y"], ["z", ""]], title="r")
    back = read_nfg(write_nfg(game, format=fmt))
    assert back == game
    expected = game.exact_payoffs if game.exact_payoffs is not None else exact.reshape(2, 2, 2)
    got = back.exact_payoffs if back.exact_payoffs is not None else expected
    assert got.tolist() == expected.tolist()
    assert [float(v) for v in values] == back.payoffs.ravel().tolist()


# Layouts of two files of Gambit's repository (written here, not copied): empty player names,
# and one player's strategies sharing a name.
EMPTY_PLAYER_NAMES = 'NFG 1 D "two nameless players" { "" "" } { 2 2 }\n\n4 3 0 0 4 3 6 2\n'
REPEATED_STRATEGY_NAMES = """NFG 1 R "repeated strategy names" { "Joe" "Dan" }

{ { "cooperate" "defect" }
{ "defect" "defect" }
}
""

{
{ "" 0, 0 }
{ "" 0, 0 }
{ "" 0, 0 }
{ "" 0, 0, }
}
1 2 3 4
"""


def test_empty_and_repeated_names_are_read_as_gambit_names_them():
    f = parse_nfg(EMPTY_PLAYER_NAMES)
    assert f.player_names == ("", "")  # as written
    g = f.game()
    assert g.player_names == ("_1", "_2")
    assert g.payoffs[0].tolist() == [[4, 4], [0, 6]] and g.payoffs[1].tolist() == [[3, 3], [0, 2]]
    f = parse_nfg(REPEATED_STRATEGY_NAMES)
    assert f.strategy_names == (("cooperate", "defect"), ("defect", "defect"))
    g = f.game()
    assert g.action_names == (("cooperate", "defect"), ("defect_1", "defect_2"))
    assert not g.payoffs.any()
    # suffixes skip names already present; a name that occurs once is kept, even empty
    g = read_nfg('NFG 1 R "" { "x" "x" "x_1" "" } { 1 1 1 1 } 1 2 3 4')
    assert g.player_names == ("x_2", "x_3", "x_1", "")
    g = read_nfg('NFG 1 R "" { "A" } { { "" "" "_1" "a" } } 1 2 3 4')
    assert g.action_names == (("_2", "_3", "_1", "a"),)


@pytest.mark.parametrize("fmt", ["payoffs", "outcomes"])
@pytest.mark.parametrize("text", [EMPTY_PLAYER_NAMES, REPEATED_STRATEGY_NAMES, THIRDS])
def test_gambit_style_files_round_trip(text, fmt):
    g = read_nfg(text)
    back = read_nfg(write_nfg(g, format=fmt))
    assert back == g
    assert back.player_names == g.player_names and back.action_names == g.action_names
    assert back.title == g.title
    assert (back.exact_payoffs is None) == (g.exact_payoffs is None)


def test_comma_after_the_last_payoff_of_an_outcome():
    text = 'NFG 1 R "" { "A" "B" } { 2 1 } ""\n{\n{ "o" 1, 2 }\n{ "p" 3, 4, }\n}\n1 2'
    assert read_nfg(text).payoffs.tolist() == [[[1], [3]], [[2], [4]]]
    spaced = 'NFG 1 R "" { "A" "B" } { 2 1 } ""\n{ { "o" 1 2, } { "p" 3 4 , } }\n1 2'
    assert read_nfg(spaced) == read_nfg(text)


def test_pygambit_reads_such_files_into_the_same_game_and_equilibria():
    gbt = pytest.importorskip("pygambit", reason="pygambit (the peers extra) is needed for the cross-check")
    for text in (EMPTY_PLAYER_NAMES, REPEATED_STRATEGY_NAMES, THIRDS):
        ours = read_nfg(text)
        theirs = gbt.read_nfg(io.StringIO(text))
        assert np.array_equal(_gambit_tables(theirs), ours.payoffs)
        assert [p.label for p in theirs.players] == list(ours.player_names)
        if parse_nfg(text).strategy_names is not None:
            assert [[s.label for s in p.strategies] for p in theirs.players] == [list(a) for a in ours.action_names]
    theirs = gbt.read_nfg(io.StringIO(THIRDS))
    for solve in (gbt.nash.enummixed_solve, gbt.nash.lcp_solve):
        found = [
            tuple(tuple(Fraction(str(eq[s])) for s in player.strategies) for player in theirs.players)
            for eq in solve(theirs, rational=True).equilibria
        ]
        assert sorted(found, reverse=True) == THIRDS_EQUILIBRIA  # lcp_solve finds all three here too
    # the converters carry the exact payoffs both ways
    converted = cg.io.to_pygambit(read_nfg(THIRDS))
    assert "1/3" in converted.to_nfg()
    assert cg.io.from_pygambit(converted) == read_nfg(THIRDS)
    assert cg.io.from_pygambit(theirs).exact_payoffs.tolist() == read_nfg(THIRDS).exact_payoffs.tolist()


# ---------------------------------------------------------------------------- malformed files
MALFORMED = [
    ("bad header", 'NGF 1 R "" { "A" } { 1 } 0', 1, "expected 'NFG'"),
    ("version 2", 'NFG 2 R "" { "A" } { 1 } 0', 1, "version"),
    ("bad letter", 'NFG 1 X "" { "A" } { 1 } 0', 1, "'R' or 'D'"),
    ("title not a string", "NFG 1 R title { }", 1, "title"),
    ("no players", 'NFG 1 R ""\n{ }\n{ }', 2, "no players"),
    ("unclosed string", 'NFG 1 R "x" { "A" }\n{ 1 }\n"never closed\n0', 3, "never closed"),
    ("zero strategies", 'NFG 1 R "" { "A" "B" }\n{ 2 0 }', 2, ">= 1"),
    ("too few counts", 'NFG 1 R "" { "A" "B" }\n{ 2 }\n1 2', 2, "number of strategies"),
    ("too many counts", 'NFG 1 R "" { "A" }\n{ 2 2 }\n1 2', 2, "'}'"),
    ("unbalanced strategy names", 'NFG 1 R "" { "A" "B" }\n{ { "a" } { "b" }\n""\n1 2', 3, "closing the strategy names"),
    ("empty strategy list", 'NFG 1 R "" { "A" }\n{ { } }', 2, "no strategies"),
    ("too few payoffs", 'NFG 1 R "" { "A" "B" } { 2 1 }\n""\n1 2\n3', 4, "ends early"),
    ("too many payoffs", 'NFG 1 R "" { "A" "B" } { 2 1 }\n1 2 3 4\n5', 3, "end of the file"),
    ("non-numeric payoff", 'NFG 1 R "" { "A" "B" } { 2 1 }\n1 2\n3 x4', 3, "numerical payoff"),
    ("nan payoff", 'NFG 1 R "" { "A" } { 2 }\n1\nnan', 3, "finite"),
    ("inf payoff", 'NFG 1 R "" { "A" } { 2 }\n1\n-inf', 3, "finite"),
    ("overflowing payoff", 'NFG 1 R "" { "A" } { 2 }\n1\n1e400', 3, "finite"),
    ("underscore digits", 'NFG 1 R "" { "A" } { 2 }\n1\n1_000', 3, "numerical payoff"),
    ("non-ASCII digits", 'NFG 1 R "" { "A" } { 2 }\n1\n\u0661\u0662', 3, "numerical payoff"),
    ("zero denominator", 'NFG 1 R "" { "A" } { 2 }\n1\n3/0', 3, "zero denominator"),
    ("comma in payoff list", 'NFG 1 R "" { "A" } { 2 }\n1, 2', 2, "payoff"),
    ("outcome too short", 'NFG 1 R "" { "A" "B" } { 2 1 } ""\n{\n{ "o" 1 }\n}\n1 1', 3, "has 1 payoffs, expected 2"),
    ("outcome not numeric", 'NFG 1 R "" { "A" "B" } { 2 1 } ""\n{\n{ "o" 1, y }\n}\n1 1', 3, "payoff of outcome 1"),
    ("double comma", 'NFG 1 R "" { "A" "B" } { 1 1 } ""\n{ { "o" 1,, 2 } }\n1', 2, "payoff of outcome 1"),
    ("two trailing commas", 'NFG 1 R "" { "A" "B" } { 1 1 } ""\n{\n{ "o" 1 2 }\n{ "p" 1 2,, }\n}\n1', 4, "outcome 2"),
    ("comma without a payoff", 'NFG 1 R "" { "A" "B" } { 1 1 } ""\n{\n{ "p" , }\n}\n1', 3, "payoff of outcome 1"),
    ("huge exponent", 'NFG 1 R "" { "A" } { 2 }\n1\n1e-99999999', 3, "exponents beyond"),
    ("leading comma", 'NFG 1 R "" { "A" "B" } { 1 1 } ""\n{ { "o" , 1 2 } }\n1', 2, "payoff of outcome 1"),
    ("outcome without label", 'NFG 1 R "" { "A" } { 1 } ""\n{ { 1 } }\n1', 2, "label"),
    ("outcome index too big", 'NFG 1 R "" { "A" } { 2 } ""\n{ { "o" 1 } }\n1\n2', 4, "in 0..1"),
    ("negative outcome index", 'NFG 1 R "" { "A" } { 2 } ""\n{ { "o" 1 } }\n1 -1', 3, "non-negative integer"),
    ("missing outcome indices", 'NFG 1 R "" { "A" } { 2 } ""\n{ { "o" 1 } }\n1\n', 3, "ends early"),
    ("unclosed outcome list", 'NFG 1 R "" { "A" } { 2 } ""\n{ { "o" 1 }\n1 1', 3, "opening an outcome"),
    ("truncated header", 'NFG 1 R "t"\n{ "A" "B"', 2, "ends early"),
    ("empty", "", 1, "ends early"),
    ("huge declared game, few payoffs", 'NFG 1 R "" { "A" "B" } { 100000 100000 }\n1 2\n', 2, "ends early"),
    ("huge declared game, few outcomes", 'NFG 1 R "" { "A" "B" } { 100000 100000 } ""\n{ { "" 1 2 } }\n1 1', 3, "ends early"),
]


@pytest.mark.parametrize(("text", "line", "message"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_text_names_the_line(text, line, message):
    source = text if text.startswith("NFG") else io.StringIO(text)
    with pytest.raises(cg.errors.FileFormatError, match=message) as info:
        read_nfg(source)
    assert info.value.line == line
    assert f"line {line}" in str(info.value)


def test_malformed_file_names_path_and_line(tmp_path):
    target = tmp_path / "broken.nfg"
    target.write_text('NFG 1 R "" { "A" "B" } { 2 1 }\n""\n1 2\n3 oops\n', encoding="utf-8")
    with pytest.raises(cg.errors.FileFormatError) as info:
        read_nfg(target)
    assert info.value.path == str(target) and info.value.line == 4
    assert str(info.value).startswith(f"{target}:4:")
    target.write_bytes(b'NFG 1 R "\xff" { "A" } { 1 } 0')
    with pytest.raises(cg.errors.FileFormatError, match="UTF-8"):
        read_nfg(target)
    assert isinstance(info.value, ValueError)


# ---------------------------------------------------------------------------- pygambit cross-reads
def _random_payoffs(seed: int) -> np.ndarray:
    """Seeded random payoffs of 2-4 players, in one of four number styles."""
    rng = np.random.default_rng(seed)
    num_players = 2 + seed % 3
    shape = tuple(rng.integers(1, 5 if num_players < 4 else 3, size=num_players))
    size = (num_players, *shape)
    style = seed % 4
    if style == 0:
        return rng.integers(-99, 100, size=size).astype(float)
    if style == 1:
        return np.round(rng.normal(0, 50, size=size), 3)
    if style == 2:
        return rng.integers(-20, 21, size=size) / 3
    # full-precision floats from 1e-300 to 1e300 in magnitude
    return rng.normal(size=size) * 10.0 ** rng.integers(-300, 301, size=size)


def _labelled(payoffs: np.ndarray, seed: int) -> cg.NormalFormGame:
    players = [f"Region {k} \"{seed}\"" for k in range(payoffs.shape[0])]
    actions = [[f"s{k}.{a}" for a in range(n)] for k, n in enumerate(payoffs.shape[1:])]
    return cg.NormalFormGame(payoffs, players, actions, title=f"random game {seed}")


def _gambit_tables(game) -> np.ndarray:
    players = list(game.players)
    shape = tuple(len(p.strategies) for p in players)
    out = np.empty((len(players), *shape))
    for profile in np.ndindex(*shape):
        outcome = game[profile]  # None is the null outcome
        out[(slice(None), *profile)] = [0.0 if outcome is None else float(outcome[p]) for p in players]
    return out


SEEDS = range(60)


@pytest.mark.peers
@pytest.mark.parametrize("fmt", ["payoffs", "outcomes"])
def test_pygambit_reads_our_files(tmp_path, fmt, gbt):
    for seed in SEEDS:
        game = _labelled(_random_payoffs(seed), seed)
        target = tmp_path / f"game{seed}.nfg"
        write_nfg(game, target, format=fmt)
        theirs = gbt.read_nfg(str(target))
        assert np.array_equal(_gambit_tables(theirs), game.payoffs), seed
        assert theirs.title == game.title
        assert [p.label for p in theirs.players] == list(game.player_names)
        assert [[s.label for s in p.strategies] for p in theirs.players] == [list(a) for a in game.action_names]


@pytest.mark.peers
def test_we_read_pygambit_files(gbt):
    # pygambit 16.7 writes one format: "NFG 1 R", named strategies, its description as the
    # comment, one outcome per profile; rationals as p/q, decimals as written (1E-300, 0.00001).
    for seed in SEEDS:
        payoffs = _random_payoffs(seed)
        exact = np.vectorize(lambda x: Fraction(repr(x)), otypes=[object])(payoffs)
        theirs = gbt.Game.from_arrays(*exact, title=f"pygambit game {seed}")
        theirs.description = f"written by pygambit, seed {seed}"
        f = parse_nfg(theirs.to_nfg())
        assert f.format == "outcomes" and f.comment == theirs.description
        assert np.array_equal(f.payoffs, payoffs), seed
        assert np.array_equal(f.exact_payoffs(), exact)
        assert f.title == theirs.title
        assert f.strategy_names == tuple(tuple(s.label for s in p.strategies) for p in theirs.players)


@pytest.mark.peers
def test_we_read_pygambit_decimal_and_rational_payoffs(gbt):
    thirds = np.array([[Fraction(1, 3), Fraction(-7, 2)], [Fraction(10**40), Fraction(1, 10**30)]], dtype=object)
    decimals = np.array([[0.1, -2.5e-7], [1e-300, 123456789.123]])
    theirs = gbt.Game.from_arrays(thirds, decimals)
    text = theirs.to_nfg()
    assert "1/3" in text and "E-7" in text  # the forms pygambit writes
    ours = read_nfg(text)
    assert ours.payoffs[0].tolist() == [[1 / 3, -3.5], [1e40, 1e-30]]
    assert ours.payoffs[1].tolist() == decimals.tolist()


# Layouts seen in the files of Gambit's game catalogue (written here, not copied): named strategies
# with a bare payoff list and no comment; blank lines between blocks; labelled outcomes with
# fixed-point decimals; a multi-line comment with markup; a trailing blank after the outcome numbers.
CATALOGUE_STYLES = {
    "named strategies, payoff list, no comment": """NFG 1 R "two firms" { "1" "2" }

{ { "1" "2" "3" }
{ "1" "2" }
}

120000 -35 -4500 17 0 0 9504 72336 -111771 -461736 1 1
""",
    "labelled outcomes, fixed-point decimals": """NFG 1 R "three person game" { "Player 1" "Player 2" "Player 3" }

{ { "1" "2" }
{ "1" "2" }
{ "1" }
}
"Adapted from :cite:p:`X99`; payoffs rounded to
three places, written with six: 1.500000."

{
{ "Outcome 1" 1.131000, 1.210000, 2.426000 }
{ "Outcome 2" 0.000000, 2.234000, -2.238000 }
{ "Outcome 3" 1.655000, 1.347000, 2.747000 }
}
1 2 3 1\x20
""",
}


@pytest.mark.peers
@pytest.mark.parametrize("name", sorted(CATALOGUE_STYLES))
def test_catalogue_layouts_read_as_pygambit_reads_them(name, gbt):
    text = CATALOGUE_STYLES[name]
    ours = read_nfg(text)
    theirs = gbt.read_nfg(io.StringIO(text))
    assert np.array_equal(_gambit_tables(theirs), ours.payoffs)
    assert ours.action_names == tuple(tuple(s.label for s in p.strategies) for p in theirs.players)
    assert ours.title == theirs.title


@pytest.mark.peers
def test_example_files_read_the_same_by_pygambit(gbt):
    for name in ("von_stengel_degenerate.nfg", "regions_build.nfg"):
        ours = read_nfg(EXAMPLES / name)
        theirs = gbt.read_nfg(str(EXAMPLES / name))
        assert np.array_equal(_gambit_tables(theirs), ours.payoffs)
        assert [p.label for p in theirs.players] == list(ours.player_names)
    degenerate = gbt.read_nfg(str(EXAMPLES / "von_stengel_degenerate.nfg"))
    extreme = gbt.nash.enummixed_solve(degenerate).equilibria
    found = sorted(tuple(tuple(float(eq[s]) for s in p.strategies) for p in degenerate.players) for eq in extreme)
    assert found == sorted(
        [((1.0, 0.0, 0.0), (1.0, 0.0)), ((1.0, 0.0, 0.0), (2 / 3, 1 / 3)), ((0.0, 1 / 3, 2 / 3), (1 / 3, 2 / 3))]
    )
