"""Write the API reference pages from the installed package, at every build.

Every public module of ``coordgame`` and ``coordgame.models`` (found by walking the packages,
so a module added later appears without editing the docs) gets one page: its docstring (the
mathematics), a summary table, then each public function and class with its numpy-style
docstring and examples.  A name re-exported by several modules is documented once, in the
public module nearest to where it is defined (``coordgame.io._nfg_write.write_nfg`` appears
under ``coordgame.io.nfg``); the other modules link to it.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
from pathlib import Path

ROOTS = ("coordgame", "coordgame.models", "coordgame.experiments")


def _is_public(name: str) -> bool:
    return not any(part.startswith("_") for part in name.split("."))


def public_modules() -> list[str]:
    """Every importable public module under ROOTS, packages before their contents."""
    names: list[str] = []
    for root in ROOTS:
        package = importlib.import_module(root)
        if root not in names:
            names.append(root)
        for info in pkgutil.walk_packages(package.__path__, root + "."):
            if _is_public(info.name) and info.name not in names:
                names.append(info.name)
    return sorted(names)


def _members(module) -> dict[str, object]:
    exported = getattr(module, "__all__", None)
    names = exported if exported is not None else [n for n in vars(module) if not n.startswith("_")]
    found = {}
    for name in names:
        obj = getattr(module, name, None)
        if (inspect.isclass(obj) or inspect.isfunction(obj)) and not name.startswith("_"):
            if getattr(obj, "__module__", "").startswith("coordgame"):
                found[name] = obj
    return found


def _shared_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a.split("."), b.split(".")):
        if x != y:
            break
        count += 1
    return count


def homes(modules: list[str]) -> dict[int, str]:
    """For each documented object (by id), the one public module whose page documents it."""
    holders: dict[int, list[str]] = {}
    for name in modules:
        for obj in _members(importlib.import_module(name)).values():
            holders.setdefault(id(obj), []).append(name)
    chosen: dict[int, str] = {}
    objects = {id(o): o for m in modules for o in _members(importlib.import_module(m)).values()}
    for key, candidates in holders.items():
        defined_in = objects[key].__module__
        if defined_in in candidates:
            chosen[key] = defined_in
        else:  # defined in a private module: the public module nearest to it, the deepest on a tie
            chosen[key] = max(candidates, key=lambda m: (_shared_prefix(m, defined_in), m.count(".")))
    return chosen


def _heading(text: str, mark: str = "=") -> str:
    return f"{text}\n{mark * len(text)}\n"


def module_page(name: str, modules: list[str], home: dict[int, str]) -> str:
    module = importlib.import_module(name)
    children = [m for m in modules if m.rsplit(".", 1)[0] == name and m != name]
    members = _members(module)
    own = {n: o for n, o in members.items() if home[id(o)] == name}
    elsewhere = {n: o for n, o in members.items() if home[id(o)] != name}
    lines = [_heading(name), f".. automodule:: {name}", "   :no-members:", ""]
    if children:
        lines += [".. rubric:: Modules", "", ".. toctree::", "   :maxdepth: 1", ""]
        lines += [f"   {child}" for child in children] + [""]
    if own:
        lines += [".. rubric:: Summary", "", ".. autosummary::", "   :nosignatures:", ""]
        lines += [f"   {n}" for n in own] + [""]
    if elsewhere:
        lines += [".. rubric:: Also available here", ""]
        for n, obj in elsewhere.items():
            role = "class" if inspect.isclass(obj) else "func"
            lines.append(f"* :py:{role}:`{n} <{home[id(obj)]}.{n}>` (documented in :py:mod:`{home[id(obj)]}`)")
        lines.append("")
    for n, obj in own.items():
        if inspect.isclass(obj):
            kind = "autoexception" if issubclass(obj, BaseException) else "autoclass"
            lines += [f".. {kind}:: {name}.{n}", "   :members:", "   :show-inheritance:", ""]
        else:
            lines += [f".. autofunction:: {name}.{n}", ""]
    return "\n".join(lines)


def write_pages(outdir: Path) -> list[str]:
    """(Re)write one reST page per public module into ``outdir``; return the module names."""
    modules = public_modules()
    home = homes(modules)
    if outdir.exists():
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True)
    for name in modules:
        (outdir / f"{name}.rst").write_text(module_page(name, modules, home), encoding="utf-8")
    return modules


def write_benchmark_pages(results: Path, outdir: Path) -> list[str]:
    """One page per ``benchmarks/results/*.md``: its title, when it was recorded, the file itself."""
    import subprocess

    if outdir.exists():
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True)
    names = []
    for path in sorted(results.glob("*.md")):
        try:
            date = subprocess.run(["git", "log", "-1", "--format=%ad", "--date=short", "--", path.name],
                                  cwd=results, capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            date = ""
        recorded = f"recorded in the commit of {date}" if date else "commit date not available"
        page = [f"# `{path.stem}`", "",
                f"`benchmarks/results/{path.name}`, {recorded}; written by the benchmark script of the same topic.", "",
                f"```{{include}} ../../../benchmarks/results/{path.name}", ":heading-offset: 1", "```", ""]
        (outdir / path.name).write_text("\n".join(page), encoding="utf-8")
        names.append(path.stem)
    return names


def write_figure_pages(outdir: Path) -> list[str]:
    """Run every registered experiment's quick grid into ``outdir/data`` and write a page for each.

    Each page shows the figure, the experiment's description, and its data dictionary (the
    ``NAME.dictionary.csv`` that ``coordgame reproduce`` writes), so every figure in the docs is
    drawn by the code of this checkout at build time, never a stored picture.
    """
    from coordgame.reproduce import find_experiments, run_experiment

    if outdir.exists():
        shutil.rmtree(outdir)
    data = outdir / "data"
    data.mkdir(parents=True)
    names = []
    for name, module in find_experiments().items():
        run_experiment(module, data, quick=True, progress=False)
        # No right-hand sidebar: the figures are wide.
        page = ["---", "html_theme.sidebar_secondary.remove: true", "---", "", f"# `{name}`", "",
                f"{module.DESCRIPTION[:1].upper()}{module.DESCRIPTION[1:]}. Drawn at build time from the quick grid; "
                f"`coordgame reproduce {name}` draws the full one (module `coordgame.experiments.{name}`).", "",
                f"![{name}](data/{name}.png)", "",
                "## Data dictionary", "",
                f"The columns of `{name}.csv`, as `coordgame reproduce` writes them in `{name}.dictionary.csv`:", "",
                "```{csv-table}", f":file: data/{name}.dictionary.csv", ":header-rows: 1", ":widths: 20 15 45 20", "```", ""]
        (outdir / f"{name}.md").write_text("\n".join(page), encoding="utf-8")
        names.append(name)
    return names
