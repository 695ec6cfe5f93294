"""The facade's distribution and tag methods (a part of `CloudFrontFunctions`).

The modules behind them load on first use, so a program that only deploys functions
never imports them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

from ._requests import DescribeFunctionRequest, pages, tags_input
from ._validation import validate_request

if TYPE_CHECKING:
    from ._call import Caller, Steps
    from ._distributions import (
        DistributionChange,
        EventTypeInput,
        FunctionAssociation,
        FunctionUsage,
    )

__all__ = ["DistributionMethods"]

_T = TypeVar("_T")


class DistributionMethods:
    """Where functions run (distributions' cache behaviors), and functions' tags."""

    _call: Caller

    def _run(self, steps: Steps[_T], operation_name: str) -> _T:
        return self._call.run(steps, operation_name)

    def function_usages(
        self, name: str, *, page_size: int | None = None
    ) -> tuple[FunctionUsage, ...]:
        """Every place the function runs: distribution, cache behavior and event.

        There is no "list distributions by function" in the API, so this is one lazy scan
        of ``ListDistributions`` (``page_size`` is its ``MaxItems``), reading the
        associations each summary carries: one request per page, none per distribution.
        A function that does not exist simply has no usages.
        """
        from ._distributions import ListDistributionsRequest, UsagesRequest  # noqa: PLC0415

        request = validate_request(
            UsagesRequest, "FunctionUsages", {"name": name, "page_size": page_size}
        )
        page = ListDistributionsRequest(page_size=request.page_size)
        uses = (use for listed in pages(self._call, page) for use in listed.uses)
        return tuple(usage for arn, usage in uses if request.uses(arn))

    def list_function_associations(self, distribution_id: str) -> tuple[FunctionAssociation, ...]:
        """The functions a distribution runs, default cache behavior first.

        Lambda@Edge associations are not included (they are not CloudFront Functions).
        """
        from ._distributions import GetDistributionConfigRequest, associations_of  # noqa: PLC0415

        request = validate_request(
            GetDistributionConfigRequest,
            "ListFunctionAssociations",
            {"distribution_id": distribution_id},
        )
        return tuple(associations_of(self._call(request).config))

    def associate_function(
        self,
        distribution_id: str,
        name: str,
        *,
        event_type: EventTypeInput,
        path_pattern: str | None = None,
        replace: bool = False,
        retry_on_conflict: int = 0,
    ) -> DistributionChange:
        """Run the function's LIVE stage on one event of one cache behavior.

        ``path_pattern`` names the cache behavior (``None``: the default one); an unknown
        pattern raises `RequestValidationError` listing the distribution's patterns. The
        function must have a LIVE stage (publish it first), else `NoSuchFunctionExists`
        says so. A slot holding another function is left alone unless ``replace``; the
        same function again is a no-op (``changed=False``, no write).

        The change is a read-modify-write of the whole configuration with ``If-Match``:
        every other field goes back exactly as read. If the distribution changes in
        between, `DistributionConflict` is raised (chaining the `PreconditionFailed`)
        unless ``retry_on_conflict`` allows re-reading and trying again.
        """
        from ._distributions import AssociateRequest, associate_steps  # noqa: PLC0415

        request = validate_request(
            AssociateRequest,
            "AssociateFunction",
            {
                "distribution_id": distribution_id,
                "name": name,
                "event_type": event_type,
                "path_pattern": path_pattern,
                "replace": replace,
                "retry_on_conflict": retry_on_conflict,
            },
        )
        return self._run(associate_steps(request), "AssociateFunction")

    def disassociate_function(
        self,
        distribution_id: str,
        *,
        event_type: EventTypeInput,
        path_pattern: str | None = None,
        retry_on_conflict: int = 0,
    ) -> DistributionChange:
        """Empty one event slot of one cache behavior (a no-op if it is empty).

        Works like `associate_function`: same path pattern rule, same conflict handling.
        """
        from ._distributions import DisassociateRequest, disassociate_steps  # noqa: PLC0415

        request = validate_request(
            DisassociateRequest,
            "DisassociateFunction",
            {
                "distribution_id": distribution_id,
                "event_type": event_type,
                "path_pattern": path_pattern,
                "retry_on_conflict": retry_on_conflict,
            },
        )
        return self._run(disassociate_steps(request), "DisassociateFunction")

    def wait_until_deployed(
        self, distribution_id: str, *, timeout: float = 35 * 60, poll_interval: float = 60
    ) -> None:
        """Wait until the distribution's ``Status`` is ``Deployed`` (after a change it is
        ``InProgress`` for minutes).

        The semantics of botocore's ``distribution_deployed`` waiter (``GetDistribution``
        every 60 s, 35 times), through this package's call path, so errors are ours.
        Raises `WaitTimeout` (also a `TimeoutError`) when ``timeout`` seconds pass first.
        """
        from ._distributions import WaitRequest, wait_until_deployed  # noqa: PLC0415

        request = validate_request(
            WaitRequest,
            "WaitUntilDeployed",
            {
                "distribution_id": distribution_id,
                "timeout": timeout,
                "poll_interval": poll_interval,
            },
        )
        wait_until_deployed(self._call, request)

    def list_function_tags(self, name: str) -> Mapping[str, str]:
        """The function's tags, read-only (one `describe_function` for its ARN, one list)."""
        from ._tags import ListTagsForResourceRequest  # noqa: PLC0415

        request = validate_request(DescribeFunctionRequest, "ListFunctionTags", {"name": name})
        return self._call(ListTagsForResourceRequest(resource=self._arn(request.name)))

    def tag_function(self, name: str, tags: Mapping[str, str]) -> None:
        """Set these tags on the function; its other tags are kept. Never touches the
        code, its ETags or LIVE. An empty mapping sends nothing."""
        from ._tags import TagFunctionRequest, TagResourceRequest  # noqa: PLC0415

        request = validate_request(
            TagFunctionRequest, "TagFunction", {"name": name, "tags": tags_input(tags)}
        )
        if request.tags.items:
            self._call(TagResourceRequest(resource=self._arn(request.name), tags=request.tags))

    def untag_function(self, name: str, keys: Iterable[str]) -> None:
        """Remove these tag keys from the function (keys it does not have are ignored by
        the service). An empty list sends nothing."""
        from ._tags import UntagFunctionRequest, UntagResourceRequest, keys_input  # noqa: PLC0415

        request = validate_request(
            UntagFunctionRequest, "UntagFunction", {"name": name, "keys": keys_input(keys)}
        )
        if request.keys.items:
            arn = self._arn(request.name)
            self._call(UntagResourceRequest(resource=arn, tag_keys=request.keys))

    def _arn(self, name: str) -> str:
        return self._call(DescribeFunctionRequest(name=name)).function_metadata.function_arn
