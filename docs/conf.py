"""Sphinx configuration: ``python -m sphinx -W --keep-going -b html docs docs/_build/html``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import coordgame

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("MPLBACKEND", "Agg")

import _apigen  # noqa: E402  (lives beside this file)

project = "coordgame"
author = "coordgame developers"
copyright = "2026, coordgame developers"
release = version = coordgame.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",  # MathJax bundled into the site: formulas render without a network
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "gallery/*.ipynb", "gallery/*.py", "gallery/*.zip"]

# MyST markdown: $...$ maths, ::: fences, definition lists, heading anchors for links.
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# The API reference: one page per public module, written from the package at every build, so a
# module added to coordgame or coordgame.models appears without editing the docs.
_apigen.write_pages(HERE / "api" / "generated")
# The benchmark tables, as recorded in benchmarks/results/ (a new results file appears by itself).
_apigen.write_benchmark_pages(HERE.parent / "benchmarks" / "results", HERE / "benchmarks" / "generated")
# Every experiment's figure and data dictionary, drawn from the quick grid by this checkout's code.
_apigen.write_figure_pages(HERE / "figures" / "generated")
# The results files start at different heading levels; MyST's note about a skipped level is not an error.
suppress_warnings = ["myst.header"]
autosummary_generate = False
autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "none"  # numpydoc's Parameters sections carry the types
autoclass_content = "class"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# Cross-references to numpy/scipy (intersphinx) are off: the build is offline and their
# inventories are not bundled. Mathematics is typeset by MathJax, bundled into the site by
# sphinx-mathjax-offline, so the pages need no network to show formulas.
intersphinx_mapping: dict = {}

# The gallery: every example is executed at build time, so a broken example fails the build.
sphinx_gallery_conf = {
    "examples_dirs": str(HERE.parent / "examples" / "gallery"),
    "gallery_dirs": "gallery",
    "filename_pattern": r"/plot_",
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "show_memory": False,
}

html_theme = "pydata_sphinx_theme"
html_title = "coordgame"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": [],
}
html_sidebars = {"index": []}
html_show_sourcelink = False
