"""The figures of coordgame's models: one module per figure set, each also a script.

Run one as ``python experiments/<name>.py [--quick]`` from a checkout, or all of them as
``coordgame reproduce``. Every module defines ``NAME``, ``DESCRIPTION``, ``grid``, ``point``
and ``draw`` (see :mod:`coordgame.reproduce`) and is registered under the
``coordgame.experiments`` entry-point group in ``pyproject.toml``.
"""
