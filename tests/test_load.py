import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from load import MALFORMED, plan, run_load  # noqa: E402


def test_the_load_plan_is_seeded_and_mixed():
    planned = plan(300, 0.1, seed=7)
    assert planned == plan(300, 0.1, seed=7)
    assert sum(1 for *_, bad in planned if bad) == 43
    assert {body for body, _, bad in planned if bad} <= {body for body, _ in MALFORMED}


@pytest.mark.parametrize("lean", [True, False], ids=["lean-client", "httpx-client"])
def test_a_short_load_gets_no_5xx_and_drops_no_connection(server_url, lean):
    with ThreadPoolExecutor(1) as thread:  # its own event loop: the browser tests keep one running in this thread
        report = thread.submit(run_load, server_url, requests=300, clients=32, lean=lean).result()
    assert (report.server_errors, report.dropped) == (0, 0)
    assert sum(report.statuses.values()) == 300
    answered = report.statuses.get(200, 0)
    assert answered == 300 - report.malformed  # every well-formed question answered, every malformed one a 4xx
    assert all(400 <= status < 500 for status in report.statuses if status != 200)
