"""The coordgame command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from coordgame.cli import main


def test_solve_builtin_table(capsys):
    assert main(["solve", "--game", "stag_hunt", "--method", "pure"]) == 0
    out = capsys.readouterr().out
    assert "2 equilibria, method pure_nash, complete" in out
    assert "Stag  Stag" in out and "Hare  Hare" in out


def test_solve_builtin_with_parameters_json(capsys):
    assert main(["solve", "--game", "minimum_effort", "--param", "num_players=3", "--param", "efforts=3",
                 "--method", "pure", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["method"] == "pure_nash"
    assert [e["welfare"] for e in data["equilibria"]] == pytest.approx([2.1, 2.4, 2.7])
    assert data["game"]["players"] == ["Player 1", "Player 2", "Player 3"]


def test_solve_csv(capsys):
    assert main(["solve", "--game", "prisoners_dilemma", "--method", "pure", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("equilibrium,pure,") and len(lines) == 2


def test_bad_parameter_is_a_clear_error(capsys):
    assert main(["solve", "--game", "stag_hunt", "--param", "players=3"]) == 2  # a usage error, as argparse's
    assert "stag_hunt has no parameter(s) ['players']" in capsys.readouterr().err


def test_file_and_game_are_exclusive(capsys):
    assert main(["solve"]) == 2  # a usage error, as argparse's
    assert "exactly one" in capsys.readouterr().err


def test_games_lists_builtins(capsys):
    assert main(["games"]) == 0
    out = capsys.readouterr().out
    assert "stag_hunt(" in out and "volunteers_dilemma(" in out


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "usage: coordgame" in capsys.readouterr().out


@pytest.mark.parametrize("args", [["--help"], ["solve", "--help"], ["games", "--help"]])
def test_help_everywhere(args):
    result = subprocess.run([sys.executable, "-m", "coordgame.cli", *args], capture_output=True, text=True)
    assert result.returncode == 0 and "usage: coordgame" in result.stdout


def test_usage_error_in_a_real_process_is_status_2_and_one_line():
    result = subprocess.run([sys.executable, "-m", "coordgame.cli", "solve", "--game", "chicken", "--param", "crash=abc"],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "coordgame solve: error: --param crash=abc: crash of chicken must be a number; chicken takes crash=0.0, "
        "win=7.0, lose=2.0, swerve=6.0 (see 'coordgame solve --help')"
    ]
    assert result.stdout == ""


def test_argparse_errors_are_one_line(capsys):
    assert main(["solve", "--game", "chicken", "--bogus"]) == 2
    err = capsys.readouterr().err
    assert err == "coordgame: error: unrecognized arguments: --bogus (see 'coordgame --help')\n"


def test_help_and_version_return_0_in_process(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("coordgame ")
    assert main(["solve", "--help"]) == 0
    assert "usage: coordgame solve" in capsys.readouterr().out


def test_exact_and_components_where_the_method_has_them(capsys):
    assert main(["solve", "--game", "battle_of_the_sexes", "--exact", "--components"]) == 0
    out = capsys.readouterr().out
    assert "3 equilibria, method vertex_enumeration, complete" in out and "3/5" in out and "components:" in out


def test_out_of_range_parameter_is_a_usage_error_naming_it(capsys):
    assert main(["solve", "--game", "volunteers_dilemma", "--param", "cost=2"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--param benefit, cost: expected benefit > cost > 0" in err


def test_warnings_are_one_line_each(monkeypatch, capsys):
    import warnings

    from coordgame.errors import DegenerateGameWarning
    from coordgame.solvers import nash

    real = nash.nash

    def warns(*args, **kwargs):
        warnings.warn("first\nsecond", DegenerateGameWarning, stacklevel=1)
        return real(*args, **kwargs)

    monkeypatch.setattr(nash, "nash", warns)
    assert main(["solve", "--game", "chicken"]) == 0
    assert capsys.readouterr().err == "coordgame solve: warning: DegenerateGameWarning: first second\n"
