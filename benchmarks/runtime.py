"""The offline toolkit's cost: ms per run_locally call using every cloudfront helper, and
ms per preflight of the same code. Wired into ``make bench`` by benchmarks/__main__.py."""

from __future__ import annotations

import statistics
import time

from cloudfront_functions import TestEvent, preflight, run_locally
from cloudfront_functions._local_models import DistributionTenant, OriginResponse

CODE = """import cf from 'cloudfront';
import crypto from 'crypto';
const kvs = cf.kvs();
async function handler(event) {
    const request = event.request;
    const target = await kvs.get('origin', {format: 'json'});
    cf.updateRequestOrigin({domainName: target.domain});
    const answer = await cf.fetch('/hello', {originId: 'hello-origin'});
    request.headers['x-hello'] = {value: (await answer.json()).message};
    request.headers['x-edge'] = {value: cf.edgeLocation.name + cf.distributionTenant.id};
    request.headers['x-qs'] = {value: String(request.rawQueryString())};
    const mac = crypto.createHmac('sha256', 'k').update(request.uri);
    request.headers['x-sig'] = {value: mac.digest('hex')};
    return request;
}
"""
EVENT = TestEvent.viewer_request(uri="/a", querystring={"q": "1"})


def _median_ms(call: object, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def run(quick: bool) -> dict[str, float]:
    """Median milliseconds: one run_locally with all modules, one preflight."""
    runs = 10 if quick else 100

    def local() -> None:
        result = run_locally(
            CODE,
            EVENT,
            runtime="cloudfront-js-2.0",
            key_value_store={"origin": '{"domain": "eu.example.com"}'},
            origins={"hello-origin": OriginResponse(body='{"message": "hi"}')},
            distribution_tenant=DistributionTenant(id="dt_1"),
        )
        assert result.error_message is None, result.error_message

    def check() -> None:
        preflight(CODE, runtime="cloudfront-js-2.0", key_value_store_arns=None)

    local()  # first call builds the models and reads the shims
    return {
        "run_locally_all_modules_ms": _median_ms(local, runs),
        "preflight_ms": _median_ms(check, runs),
    }


if __name__ == "__main__":
    print(run(quick=False))
