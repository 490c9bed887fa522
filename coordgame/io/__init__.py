"""Reading and writing games; converters to and from the peer libraries.

* :func:`read_nfg`, :func:`write_nfg`, :func:`parse_nfg`: Gambit strategic-form files (``.nfg``);
* :func:`game_to_json`, :func:`game_from_json`, :func:`game_from_dict`, :func:`to_json`: JSON;
* :func:`from_nashpy`, :func:`to_nashpy`, :func:`from_quantecon`, :func:`to_quantecon`,
  :func:`from_pygambit`, :func:`to_pygambit`: the peer libraries (imported only when called).
"""

from coordgame.io.convert import from_nashpy, from_pygambit, from_quantecon, to_nashpy, to_pygambit, to_quantecon
from coordgame.io.json import game_from_dict, game_from_json, game_to_json, to_json
from coordgame.io.nfg import NfgFile, parse_nfg, read_nfg, write_nfg

__all__ = [
    "read_nfg",
    "write_nfg",
    "parse_nfg",
    "NfgFile",
    "game_to_json",
    "game_from_json",
    "game_from_dict",
    "to_json",
    "from_nashpy",
    "to_nashpy",
    "from_quantecon",
    "to_quantecon",
    "from_pygambit",
    "to_pygambit",
]
