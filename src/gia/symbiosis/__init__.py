"""Industrial symbiosis: offers and needs, matchmaking with explained scores, savings, network metrics."""

from gia.symbiosis.flows import Flow, FlowsDocument
from gia.symbiosis.matching import Match, load_table, match_flows
from gia.symbiosis.network import NetworkMetrics, network_metrics, symbiosis_graph

__all__ = [
    "Flow",
    "FlowsDocument",
    "Match",
    "NetworkMetrics",
    "load_table",
    "match_flows",
    "network_metrics",
    "symbiosis_graph",
]
