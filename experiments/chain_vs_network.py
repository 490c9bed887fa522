"""Value chain vs value network: distortion centrality, local vs central subsidies, O-ring drag.

Two production networks of six sectors with the same total input share and the same wedge
(Liu 2019): a chain and a platform-centred network.  Three regions own two sectors each and
subsidise them to raise their own value added (Nash, by the library's continuous solver); the
centre maximises output.  An O-ring panel (Kremer 1993) shows how one weak link drags a chain and
how alternative suppliers or a platform dampen it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from coordgame.experiments._common import main

NAME = "chain_vs_network"
ORDER = 20
DESCRIPTION = "value chain vs value network: distortion centrality, welfare under local vs central subsidies, O-ring"

SECTORS = 6
QUALITY, LINKS, PLATFORM = 0.9, 5, 0.5

COLUMNS: dict[str, tuple[str, str, str]] = {
    "kind": ("label", "'policy' rows solve the subsidy game; 'oring' rows the O-ring closed forms", "assumption"),
    "topology": ("label", "chain or platform network (policy rows)", "assumption"),
    "wedge": ("ratio", "input-purchase wedge mu of every sector (policy rows)", "assumption; Liu (2019) wedges"),
    "output_laissez_faire": ("real output, efficient = 1", "Y without subsidies", "model"),
    "output_nash": ("real output, efficient = 1", "Y at the regions' Nash subsidies", "model"),
    "output_targeted": ("real output, efficient = 1", "Y when the centre subsidises only the sector of largest social value",
                        "model"),
    "output_central": ("real output, efficient = 1", "Y at the centre's optimal subsidies", "model"),
    "local_loss_pct": ("% of central output", "output lost to local subsidy choices", "model"),
    "targeted_sector": ("sector index (0 upstream)", "sector of largest social value of a subsidy", "model"),
    "regret": ("real output", "largest regional best-response regret at the Nash subsidies", "solver verification"),
    "converged": ("bool", "Nash and planner passed verification", "solver verification"),
    **{f"xi_{k}": ("ratio", f"distortion centrality of sector {k}", "Liu (2019) closed form") for k in range(SECTORS)},
    **{f"subsidy_value_{k}": ("d log Y / d s", f"social value of a marginal subsidy to sector {k}",
                              "Liu (2019) closed form") for k in range(SECTORS)},
    **{f"nash_subsidy_{k}": ("rate", f"Nash subsidy rate of sector {k} (its region's choice)", "model")
       for k in range(SECTORS)},
    "weak_quality": ("probability", "success probability of the one weak link (oring rows)", "assumption"),
    "drag_chain": ("ratio", "output with the weak link over output without (chain)", "Kremer (1993) closed form"),
    "drag_two_suppliers": ("ratio", "the same with two suppliers per link", "closed form"),
    "drag_three_suppliers": ("ratio", "the same with three suppliers per link", "closed form"),
    "drag_platform": ("ratio", f"the same with a platform backing every link (reliability {PLATFORM})", "closed form"),
}


def grid(quick: bool) -> list[dict[str, Any]]:
    """Both topologies at one wedge (quick) or several; O-ring weak-link qualities."""
    wedges = [1.3] if quick else [1.1, 1.2, 1.3, 1.4, 1.5, 1.6]
    weak = np.linspace(0.1, 0.9, 5 if quick else 17)
    return ([{"kind": "policy", "topology": t, "wedge": w} for t in ("chain", "network") for w in wedges]
            + [{"kind": "oring", "weak_quality": round(float(q), 4)} for q in weak])


def point(kind: str, topology: str | None = None, wedge: float | None = None,
          weak_quality: float | None = None) -> dict[str, Any]:
    """A policy comparison on one topology, or the O-ring drags at one weak-link quality."""
    if kind == "oring":
        from coordgame.models.value_network import weak_link_drag

        return {"drag_chain": weak_link_drag(QUALITY, weak_quality),
                "drag_two_suppliers": weak_link_drag(QUALITY, weak_quality, suppliers=2),
                "drag_three_suppliers": weak_link_drag(QUALITY, weak_quality, suppliers=3),
                "drag_platform": weak_link_drag(QUALITY, weak_quality, platform_quality=PLATFORM)}
    from coordgame.models.value_network import Parameters, solve_value_network

    out = solve_value_network(Parameters(topology, num_sectors=SECTORS, wedge=wedge))
    row = {"output_laissez_faire": out.output_laissez_faire, "output_nash": out.output_nash,
           "output_targeted": out.output_targeted, "output_central": out.output_central,
           "local_loss_pct": 100 * out.local_loss, "targeted_sector": out.targeted_sector,
           "regret": out.regret, "converged": out.converged}
    for k in range(SECTORS):
        row[f"xi_{k}"] = float(out.distortion_centrality[k])
        row[f"subsidy_value_{k}"] = float(out.subsidy_value[k])
        row[f"nash_subsidy_{k}"] = float(out.nash_subsidies[k])
    return row


def tidy(table: Any) -> Any:
    """The documented columns, in the order of :data:`COLUMNS`, then the sweep's own."""
    from coordgame.reproduce import SWEEP_COLUMNS

    return table.reindex(columns=list(COLUMNS) + [c for c in SWEEP_COLUMNS if c in table])


def _draw_topology(ax: Any, topology: str, xi: np.ndarray) -> None:
    from coordgame.models.value_network import Parameters, input_shares, regions_of

    parameters = Parameters(topology, num_sectors=SECTORS)
    sigma = input_shares(parameters)
    if topology == "chain":
        pos = np.column_stack([np.arange(SECTORS), np.zeros(SECTORS)])
    else:
        angles = np.linspace(np.pi / 2, np.pi / 2 - 2 * np.pi, SECTORS - 1, endpoint=False)
        pos = np.vstack([[2.5, 0.0], np.column_stack([2.5 + 2.2 * np.cos(angles), 1.0 * np.sin(angles)])])
    colours = ["tab:blue", "tab:orange", "tab:green"]
    for buyer, seller in zip(*np.nonzero(sigma)):
        ax.annotate("", xy=pos[buyer], xytext=pos[seller],
                    arrowprops={"arrowstyle": "->", "lw": 0.5 + 6 * sigma[buyer, seller], "color": "0.55",
                                "shrinkA": 11, "shrinkB": 11})
    for r, block in enumerate(regions_of(parameters)):
        ax.scatter(pos[block, 0], pos[block, 1], s=420 * xi[block] ** 2, color=colours[r % 3], zorder=3,
                   label=f"region {chr(65 + r)}")
    for k in range(SECTORS):
        ax.text(*pos[k], str(k), ha="center", va="center", fontsize=8, zorder=4, color="white", weight="bold")
    ax.set_xlim(-0.7, 5.7)
    ax.set_ylim(-1.6, 1.6)
    ax.set_axis_off()


def draw(table: Any) -> Any:
    """Topologies, distortion centrality, welfare by policy, loss vs wedge, O-ring drag."""
    from coordgame.plot import new_axes

    axes = new_axes(3, 2, width=4.6, height=3.4).ravel()
    policy = table[table["kind"] == "policy"]
    central_wedge = 1.3 if (policy["wedge"] == 1.3).any() else float(policy["wedge"].iloc[0])
    at = {t: policy[(policy["topology"] == t) & (policy["wedge"] == central_wedge)].iloc[0] for t in ("chain", "network")}
    xi = {t: np.array([at[t][f"xi_{k}"] for k in range(SECTORS)], dtype=float) for t in at}
    for ax, t, title in [(axes[0], "chain", "(a) value chain"), (axes[1], "network", "(b) value network (0 = platform)")]:
        _draw_topology(ax, t, xi[t])
        ax.set_title(f"{title}\nnode area ∝ ξ², arrow width ∝ input share", fontsize=9)
    axes[0].legend(loc="lower center", ncol=3, fontsize=7, frameon=False, markerscale=0.4)
    width = 0.38
    for i, t in enumerate(("chain", "network")):
        axes[2].bar(np.arange(SECTORS) + (i - 0.5) * width, xi[t], width, label=t, color=("0.35", "tab:purple")[i])
    axes[2].axhline(central_wedge, color="0.4", lw=0.8, ls=":")
    axes[2].set(xlabel="sector (0 most upstream)", ylabel="distortion centrality ξ = μλ̃/λ",
                title=f"(c) distortion centrality, μ = {central_wedge}", ylim=(1.0, None))
    axes[2].legend(fontsize=8)
    policies = [("output_laissez_faire", "no policy"), ("output_nash", "regional Nash"),
                ("output_targeted", "centre: one sector"), ("output_central", "centre: optimum")]
    for i, t in enumerate(("chain", "network")):
        values = [at[t][c] for c, _ in policies]
        axes[3].bar(np.arange(4) + (i - 0.5) * width, values, width, color=("0.35", "tab:purple")[i],
                    label=f"{t} (targets sector {int(at[t]['targeted_sector'])})")
    axes[3].set_xticks(np.arange(4), [label for _, label in policies], fontsize=7, rotation=15)
    low = min(at[t]["output_laissez_faire"] for t in at)
    axes[3].set(ylabel="real output Y (efficient = 1)", title="(d) output by policy", ylim=(low - 0.01, 1.003))
    axes[3].legend(fontsize=7, loc="upper left")
    for t in ("chain", "network"):
        rows = policy[policy["topology"] == t].sort_values("wedge")
        colour = {"chain": "0.35", "network": "tab:purple"}[t]
        axes[4].plot(rows["wedge"], rows["local_loss_pct"], marker="o", label=t, color=colour)
    axes[4].set(xlabel="wedge μ", ylabel="loss from local subsidies (% of central Y)", title="(e) cost of local choices")
    axes[4].legend(fontsize=8)
    oring = table[table["kind"] == "oring"].sort_values("weak_quality")
    curves = [("drag_chain", "chain (one supplier per link)"), ("drag_two_suppliers", "two suppliers per link"),
              ("drag_three_suppliers", "three suppliers per link"), ("drag_platform", f"platform backup (q={PLATFORM})")]
    for column, label in curves:
        axes[5].plot(oring["weak_quality"], oring[column], marker=".", label=label)
    axes[5].set(xlabel=f"quality of the weak link (others {QUALITY})", ylabel="output / output without weak link",
                title="(f) O-ring: one weak region-link", ylim=(0, 1.02))
    axes[5].legend(fontsize=7, loc="lower right")
    figure = axes[0].figure
    figure.get_layout_engine().set(rect=(0.0, 0.05, 1.0, 0.95))
    figure.suptitle("Value chain vs value network: where industrial policy should act")
    figure.text(0.005, 0.005, "Six sectors, input share 0.5, equal wedges, uniform final demand (assumptions). Regions "
                "subsidise their own sectors to raise their own value added (Nash, continuous solver, verified);\n"
                "the centre maximises output. Upstream sectors and the platform carry the highest ξ. "
                "O-ring: closed forms, independent link failures. Illustrative calibration, not estimated.",
                fontsize=7, color="0.35")
    return axes


if __name__ == "__main__":
    raise SystemExit(main(NAME))
