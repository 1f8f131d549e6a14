"""The area's symbiosis network: companies as nodes, exchanges as edges, and its metrics.

Edges come from what the submission records: active exchanges (materials, energy, water,
infrastructure), shared infrastructure in operation (energy plant, water treatment, waste
collection, logistics), residues used by another company in the area (``waste[].used_by``), heat
and electricity bought from a company in the area (``supplier_company``) — the links CE-01 counts.

Metrics (networkx): companies, links (distinct pairs that exchange), the share of resident
companies in at least one link, the largest connected group, and material closure — residues used
by another company ÷ all residues generated, by mass (the same rule as CE-02).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import networkx as nx

from gia.dataset.labels import choice_label
from gia.dataset.submission import SHARED_INFRASTRUCTURE, Submission
from gia.i18n import _


@dataclass(frozen=True)
class NetworkMetrics:
    companies: int
    links: int
    connected_share: float
    largest_group: int
    material_closure: float | None

    def to_dict(self) -> dict[str, float | int | None]:
        return {
            "companies": self.companies,
            "links": self.links,
            "connected_share": self.connected_share,
            "largest_group": self.largest_group,
            "material_closure": self.material_closure,
        }


def symbiosis_graph(submission: Submission) -> nx.MultiDiGraph:
    """Companies (resident ones and shared infrastructure) and the flows between them."""
    graph = nx.MultiDiGraph()
    ids = {c.id for c in submission.companies}
    for company in submission.companies:
        graph.add_node(company.id, name=company.name, role=company.role)
    for exchange in submission.exchanges:
        if exchange.active:
            graph.add_edge(
                exchange.supplier, exchange.receiver, kind=exchange.kind, label=exchange.description
            )
    for service in submission.area.shared_services:  # shared infrastructure links its users, as CE-01 counts
        users = sorted(set(service.companies))
        if service.in_operation and service.kind in SHARED_INFRASTRUCTURE and len(users) > 1:
            for user in users[1:]:
                graph.add_edge(users[0], user, kind="infrastructure", label=service.name)
    for company in submission.companies:
        for stream in company.waste:
            if stream.used_by in ids and stream.used_by != company.id:
                graph.add_edge(
                    company.id,
                    stream.used_by,
                    kind="material",
                    label=stream.description or f"EWC {stream.ewc}",
                    tonnes=stream.amount_t,
                )
        for purchase in company.heat_purchases:
            if purchase.supplier_company:
                graph.add_edge(
                    purchase.supplier_company,
                    company.id,
                    kind="energy",
                    label=choice_label("HeatPurchase", "source", purchase.source),
                    kwh=purchase.amount_kwh,
                )
        for electricity in company.electricity_purchases:
            if electricity.supplier_company:
                graph.add_edge(
                    electricity.supplier_company,
                    company.id,
                    kind="energy",
                    label=_("electricity"),
                    kwh=electricity.amount_kwh,
                )
    return graph


def network_metrics(submission: Submission) -> NetworkMetrics:
    graph = symbiosis_graph(submission)
    simple = nx.Graph(graph.to_undirected())
    residents = [c.id for c in submission.companies if c.role == "company"]
    connected = [c for c in residents if simple.degree(c) > 0]
    groups = [len(group) for group in nx.connected_components(simple) if len(group) > 1]
    generated = sum(stream.amount_t for c in submission.companies for stream in c.waste)
    used = sum(
        stream.amount_t
        for c in submission.companies
        for stream in c.waste
        if stream.used_by and stream.used_by != c.id
    )
    return NetworkMetrics(
        companies=graph.number_of_nodes(),
        links=simple.number_of_edges(),
        connected_share=len(connected) / len(residents) if residents else 0.0,
        largest_group=max(groups, default=0),
        material_closure=used / generated if generated else None,
    )


#: edge colours by kind of flow
EDGE_COLOURS = {"material": "#8d6e63", "energy": "#e65100", "water": "#1565c0", "infrastructure": "#6a1b9a"}


def network_svg(submission: Submission, width: int = 900, height: int = 600) -> str:
    """The network as a self-contained SVG picture, for reports and the web.

    Companies sit on a circle in a fixed order (readable labels, the same picture every time);
    lines are flows, coloured by kind; grey dots are companies without a link.
    """
    graph = symbiosis_graph(submission)
    simple = nx.Graph(graph.to_undirected())
    positions = nx.circular_layout(sorted(simple.nodes)) if simple.number_of_nodes() else {}
    # room beside the circle for the longest name (about 0.62 em a character at 11 px), so that no
    # name is cut at the picture's edge; the picture grows wider rather than the circle too small
    longest = max((len(str(graph.nodes[n].get("name", n))) for n in graph.nodes), default=0)
    margin = 12 + 9 + longest * 11 * 0.62 + 8
    width = max(width, round(2 * margin + 2 * 220))

    def place(node: str) -> tuple[float, float]:
        x, y = positions[node]
        return width / 2 + x * (width / 2 - margin), height / 2 + y * (height / 2 - 40)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="11">'
    ]
    for supplier, receiver, data in sorted(
        graph.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("kind", ""))
    ):
        (x1, y1), (x2, y2) = place(supplier), place(receiver)
        colour = EDGE_COLOURS.get(data.get("kind", ""), "#607d8b")
        title = escape(str(data.get("label", "")))
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="2" stroke-opacity="0.7"><title>{title}</title></line>'
        )
    for node in sorted(graph.nodes):
        x, y = place(node)
        fill = "#2e7d32" if simple.degree(node) > 0 else "#bdbdbd"
        anchor, dx = ("start", 12) if positions[node][0] >= 0 else ("end", -12)
        name = escape(graph.nodes[node].get("name", node))
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{fill}"/>')
        parts.append(f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}">{name}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
