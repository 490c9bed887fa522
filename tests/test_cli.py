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
