"""The symbiosis network of an area and its metrics."""

from __future__ import annotations

import pytest

from gia.symbiosis import network_metrics
from tests.conftest import company, make_submission


def test_links_connected_share_and_material_closure():
    waste = [
        {"ewc": "10 01 05", "amount_t": 300, "treatment": "R5", "used_by": "beta"},
        {"ewc": "20 03 01", "amount_t": 100, "treatment": "D1"},
    ]
    submission = make_submission(
        companies=[company(waste=waste), company("beta"), company("gamma"), company("delta")],
        exchanges=[
            {"supplier": "gamma", "receiver": "beta", "kind": "water", "description": "cooling water"}
        ],
    )
    metrics = network_metrics(submission)
    assert metrics.links == 2  # alpha–beta (gypsum), gamma–beta (water)
    assert metrics.connected_share == pytest.approx(3 / 4)  # delta stands alone
    assert metrics.largest_group == 3
    assert metrics.material_closure == pytest.approx(300 / 400)


def test_inactive_exchanges_are_no_links():
    submission = make_submission(
        exchanges=[
            {
                "supplier": "alpha",
                "receiver": "beta",
                "kind": "material",
                "description": "pallets",
                "active": False,
            }
        ]
    )
    assert network_metrics(submission).links == 0


@pytest.mark.parametrize("name", ["de-g3-park.yaml", "dk-symbiosis.yaml", "pl-ssez-subzone.yaml"])
def test_connected_share_agrees_with_ce01(name):
    from gia.assessment import assess
    from gia.dataset import load_submission
    from tests.conftest import EXAMPLES

    submission = load_submission(EXAMPLES / name)
    assert network_metrics(submission).connected_share == pytest.approx(
        assess(submission).criterion("CE-01").value
    )
