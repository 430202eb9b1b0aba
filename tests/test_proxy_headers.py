"""Only CITYQA_TRUSTED_PROXIES may change who the client is: against a real `cityqa serve` on loopback (where
uvicorn's own default would trust 127.0.0.1), X-Forwarded-For picks no rate-limit bucket and X-Forwarded-Proto
sets no cookie's Secure flag; behind a trusted proxy both are honoured."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import ADMIN_TOKEN, cityqa_serving, serving
from web.app import create_app
from web.settings import Settings

QUESTION = {"question": "Which textile park is mentioned?", "k": 1}


@pytest.fixture(scope="module")
def served(seed_paths, tmp_path_factory) -> Iterator[str]:
    """`cityqa serve` over the seed index with a limit of 2 questions a minute and no trusted proxy."""
    corpus, index = seed_paths
    environment = {"CITYQA_DATA": str(tmp_path_factory.mktemp("proxied")), "CITYQA_ADMIN_TOKEN": ADMIN_TOKEN,
                   "CITYQA_RATE_LIMIT": "2/minute", "CITYQA_TRUSTED_PROXIES": ""}  # fmt: skip
    with cityqa_serving(corpus, index, environment) as url:
        yield url


def secure_cookie(url: str) -> bool:
    """Whether signing in to /admin with `X-Forwarded-Proto: https` sets a cookie marked Secure."""
    response = httpx.post(f"{url}/admin/login", data={"token": ADMIN_TOKEN},
                          headers={"X-Forwarded-Proto": "https"}, timeout=30)  # fmt: skip
    assert response.status_code == 303
    return "secure" in response.headers["set-cookie"].lower()


def test_without_a_trusted_proxy_forwarded_headers_change_nothing(served):
    statuses = [httpx.post(f"{served}/api/ask", json=QUESTION, headers={"X-Forwarded-For": f"10.0.0.{number}"},
                           timeout=60).status_code for number in range(3)]  # fmt: skip
    assert statuses == [200, 200, 429]  # one bucket: the peer's, whatever the header says
    assert not secure_cookie(served)


def test_behind_a_trusted_proxy_the_forwarded_client_and_scheme_count(tmp_path, tiny_index, tiny_bot):
    settings = Settings(index=tiny_index, data=tmp_path, trusted_proxies=["127.0.0.1"], rate_limit="1/minute",
                        admin_token=ADMIN_TOKEN)  # fmt: skip
    with serving(create_app(settings, bot=tiny_bot)) as url:
        def ask(forwarded: str) -> int:
            return httpx.post(f"{url}/api/ask", json={"question": "Who pays for the repairs?"},
                              headers={"X-Forwarded-For": forwarded}, timeout=60).status_code  # fmt: skip

        assert [ask("203.0.113.1"), ask("203.0.113.1"), ask("203.0.113.2")] == [200, 429, 200]
        assert secure_cookie(url)
