"""Functions on distributions: where a function runs, and changing that safely.

A function runs only when a cache behavior of a distribution references it, in one of
the behavior's two viewer-event slots. Changing a slot is a read-modify-write of the
whole ``DistributionConfig`` with ``If-Match``. The configuration is never modelled
here: botocore's parsed ``GetDistributionConfig`` dict is deep-copied, the one slot is
changed, and everything else goes back to ``UpdateDistribution`` exactly as it was read
(tests/test_distributions_roundtrip.py proves it on configurations generated from the
service model).

The decisions are sans-IO generators (see ``_deploy.py``), driven by the facade.
"""

from __future__ import annotations

import copy
import enum
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StrictBool,
    StrictStr,
    field_validator,
)

from ._call import Caller, Steps, ask
from ._errors import (
    DistributionConflict,
    NoSuchFunctionExists,
    PreconditionFailed,
    RequestValidationError,
    WaitTimeout,
)
from ._models import Shape, Stage
from ._requests import DescribeFunctionRequest, FunctionName, IfMatch, MarkerPaged, _wire

__all__ = [
    "DistributionChange",
    "EventType",
    "EventTypeInput",
    "FunctionAssociation",
    "FunctionUsage",
]

logger = logging.getLogger(__name__)


class EventType(str, enum.Enum):
    """The event a cache behavior runs a function on. Members equal their string values.

    CloudFront Functions run only on the two viewer events; the origin events exist in
    the service model for Lambda@Edge, and asking for them here is refused locally.
    """

    VIEWER_REQUEST = "viewer-request"
    VIEWER_RESPONSE = "viewer-response"
    ORIGIN_REQUEST = "origin-request"
    ORIGIN_RESPONSE = "origin-response"

    def __str__(self) -> str:
        return self.value


EventTypeInput: TypeAlias = EventType | Literal["viewer-request", "viewer-response"]
"""A viewer event: an `EventType` member or its exact string value."""

_VIEWER_EVENTS = (EventType.VIEWER_REQUEST, EventType.VIEWER_RESPONSE)


def _event_or_str(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, EventType):
        try:
            return EventType(value)
        except ValueError:
            return value
    return value


def _check_viewer_event(value: object) -> EventType:
    if isinstance(value, str):
        try:
            event = EventType(value)
        except ValueError:
            event = None
        if event in _VIEWER_EVENTS:
            return EventType(value)
        if event is not None:
            raise ValueError(
                f"CloudFront Functions run only on viewer-request and viewer-response; "
                f"{event.value} is for Lambda@Edge"
            )
    raise ValueError("must be EventType.VIEWER_REQUEST or EventType.VIEWER_RESPONSE")


def _check_distribution_id(value: str) -> str:
    if not value or len(value) > 128 or not value.isascii() or not value.isalnum():
        raise ValueError("must be a distribution id: letters and digits, e.g. E1A2B3C4D5E6F7")
    return value


def _check_path_pattern(value: str) -> str:
    if not value:
        raise ValueError("must not be empty (None means the default cache behavior)")
    return value


DistributionId = Annotated[StrictStr, AfterValidator(_check_distribution_id)]
"""A distribution id: ASCII letters and digits."""

ViewerEvent = Annotated[EventType, BeforeValidator(_check_viewer_event)]
PathPattern = Annotated[StrictStr, AfterValidator(_check_path_pattern)]


# -- results ----------------------------------------------------------------------------


class FunctionAssociation(Shape, frozen=True):
    """One function in one slot of a distribution: which behavior, which event, which ARN.

    ``path_pattern`` is ``None`` for the default cache behavior. In a response, an event
    type this package does not know yet is kept as a plain string.
    """

    path_pattern: str | None = Field(description="The behavior's path pattern (None: default).")
    event_type: EventType | str = Field(description="The event the function runs on.")
    function_arn: str = Field(description="The function's ARN (the LIVE stage runs).")

    @property
    def function_name(self) -> str:
        """The function's name, from its ARN."""
        return self.function_arn.rpartition("/")[2]


class FunctionUsage(Shape, frozen=True):
    """One place a function runs: a distribution's cache behavior and event."""

    distribution_id: str = Field(description="The distribution's id.")
    domain_name: str = Field(description="The distribution's domain, e.g. d111.cloudfront.net.")
    path_pattern: str | None = Field(description="The behavior's path pattern (None: default).")
    event_type: EventType | str = Field(description="The event the function runs on.")


class DistributionChange(Shape, frozen=True):
    """What `associate_function` or `disassociate_function` did to one slot.

    ``changed`` is ``False`` when the slot already was as asked (nothing was written);
    ``etag`` is then the ETag read, otherwise the one ``UpdateDistribution`` returned.
    ``before`` and ``after`` are the slot's association (``None``: empty).
    """

    distribution_id: str = Field(description="The distribution's id.")
    etag: str | None = Field(description="The distribution's ETag after the call.")
    changed: bool = Field(description="Whether UpdateDistribution was sent.")
    before: FunctionAssociation | None = Field(description="The slot before (None: empty).")
    after: FunctionAssociation | None = Field(description="The slot after (None: empty).")


# -- operations --------------------------------------------------------------------------


@dataclass(frozen=True)
class ConfigRead:
    """A distribution's configuration as botocore parsed it, with its ETag."""

    config: Mapping[str, Any] = field(repr=False)
    etag: str


class _ById(Shape, frozen=True):
    """A request about one distribution, by id."""

    distribution_id: DistributionId = Field(serialization_alias="Id")

    @property
    def subject(self) -> str:
        return self.distribution_id

    def to_boto3(self) -> dict[str, object]:
        return _wire(self)


class GetDistributionConfigRequest(_ById, frozen=True):
    """``GetDistributionConfig``: the whole configuration (kept raw) and its ETag."""

    operation_name: ClassVar[str] = "GetDistributionConfig"
    writes: ClassVar[bool] = False

    def parse(self, response: Mapping[str, object]) -> ConfigRead:
        raw: Mapping[str, Any] = response  # botocore's parsed dict
        return ConfigRead(raw["DistributionConfig"], str(raw.get("ETag") or ""))


class UpdateDistributionRequest(_ById, frozen=True):
    """``UpdateDistribution``: the whole configuration, as read but for one slot."""

    operation_name: ClassVar[str] = "UpdateDistribution"
    writes: ClassVar[bool] = True

    if_match: IfMatch
    # botocore's own parsed dict, sent back untouched (never modelled: see the module).
    distribution_config: Any = Field(repr=False)

    def to_boto3(self) -> dict[str, object]:
        wire = _wire(self.model_copy(update={"distribution_config": None}))
        wire["DistributionConfig"] = self.distribution_config
        return wire

    def parse(self, response: Mapping[str, object]) -> str | None:
        raw: Mapping[str, Any] = response  # botocore's parsed dict
        etag = raw.get("ETag")
        return None if etag is None else str(etag)


class GetDistributionRequest(_ById, frozen=True):
    """``GetDistribution``: here, for its ``Status`` (InProgress or Deployed)."""

    operation_name: ClassVar[str] = "GetDistribution"
    writes: ClassVar[bool] = False

    def parse(self, response: Mapping[str, object]) -> str:
        raw: Mapping[str, Any] = response  # botocore's parsed dict
        return str((raw.get("Distribution") or {}).get("Status") or "")


@dataclass(frozen=True)
class DistributionPage:
    """One page of ``ListDistributions``: each association found, with the function ARN."""

    uses: tuple[tuple[str, FunctionUsage], ...]
    next_marker: str | None


class ListDistributionsRequest(MarkerPaged, frozen=True):
    """``ListDistributions``: one page, from ``marker``; ``page_size`` is ``MaxItems``."""

    operation_name: ClassVar[str] = "ListDistributions"

    @property
    def subject(self) -> str:
        return f"(marker {self.marker})"

    def parse(self, response: Mapping[str, object]) -> DistributionPage:
        raw: Mapping[str, Any] = response  # botocore's parsed dict
        page = raw.get("DistributionList") or {}
        uses = []
        for summary in page.get("Items") or ():
            distribution_id, domain = summary.get("Id", ""), summary.get("DomainName", "")
            for association in associations_of(summary):
                usage = FunctionUsage.model_construct(
                    distribution_id=distribution_id,
                    domain_name=domain,
                    path_pattern=association.path_pattern,
                    event_type=association.event_type,
                )
                uses.append((association.function_arn, usage))
        more = page.get("IsTruncated", bool(page.get("NextMarker")))
        return DistributionPage(tuple(uses), (page.get("NextMarker") or None) if more else None)


def associations_of(config: Mapping[str, Any]) -> Iterator[FunctionAssociation]:
    """Every function association of a configuration or summary, default behavior first."""
    behaviors: list[tuple[str | None, Mapping[str, Any]]] = [
        (None, config.get("DefaultCacheBehavior") or {})
    ]
    for behavior in (config.get("CacheBehaviors") or {}).get("Items") or ():
        behaviors.append((behavior.get("PathPattern"), behavior))
    for pattern, behavior in behaviors:
        for item in (behavior.get("FunctionAssociations") or {}).get("Items") or ():
            yield FunctionAssociation.model_construct(
                path_pattern=pattern,
                event_type=_event_or_str(item.get("EventType", "")),
                function_arn=item.get("FunctionARN", ""),
            )


# -- association changes ------------------------------------------------------------------


class _SlotRequest(Shape, frozen=True):
    distribution_id: DistributionId
    event_type: ViewerEvent
    path_pattern: PathPattern | None = None
    retry_on_conflict: Annotated[int, Field(strict=True, ge=0)] = 0


class AssociateRequest(_SlotRequest, frozen=True):
    """What `CloudFrontFunctions.associate_function` was asked, validated up front."""

    name: FunctionName
    replace: StrictBool = False


class DisassociateRequest(_SlotRequest, frozen=True):
    """What `CloudFrontFunctions.disassociate_function` was asked, validated up front."""


def associate_steps(request: AssociateRequest) -> Steps[DistributionChange]:
    """Put the function's LIVE stage in the slot: read, decide, write with If-Match."""
    try:
        live = yield from ask(DescribeFunctionRequest(name=request.name, stage=Stage.LIVE))
    except NoSuchFunctionExists as exc:
        raise NoSuchFunctionExists(
            f"function {request.name!r} has no LIVE stage: publish it first "
            "(publish_function or deploy); a distribution runs the LIVE stage",
            code=exc.code,
            http_status=exc.http_status,
            request_id=exc.request_id,
            operation_name=exc.operation_name,
            attempts=exc.attempts,
        ) from exc
    arn = live.function_metadata.function_arn

    def place(slot: _Slot) -> None:
        current = slot.current
        if current is not None and current["FunctionARN"] != arn and not request.replace:
            raise RequestValidationError.single(
                "AssociateFunction",
                "replace",
                f"the {request.event_type.value} slot of {slot.where} already runs "
                f"{current['FunctionARN']}; pass replace=True to replace it",
            )
        slot.set({"FunctionARN": arn, "EventType": request.event_type.value})

    return (yield from _change(request, "AssociateFunction", place))


def disassociate_steps(request: DisassociateRequest) -> Steps[DistributionChange]:
    """Empty the slot: read, decide, write with If-Match (nothing written if empty)."""
    return (yield from _change(request, "DisassociateFunction", lambda slot: slot.set(None)))


@dataclass
class _Slot:
    """One event slot of one behavior, inside a deep copy of the configuration."""

    behavior: dict[str, Any]
    event_type: EventType
    where: str

    @property
    def current(self) -> Mapping[str, Any] | None:
        for item in (self.behavior.get("FunctionAssociations") or {}).get("Items") or ():
            if item.get("EventType") == self.event_type.value:
                return item  # type: ignore[no-any-return]
        return None

    def set(self, association: dict[str, Any] | None) -> None:
        slot = dict(self.behavior.get("FunctionAssociations") or {})
        items = list(slot.get("Items") or ())
        index = next(
            (i for i, item in enumerate(items) if item.get("EventType") == self.event_type.value),
            None,
        )
        if association is None:
            if index is None:
                return
            del items[index]
        elif index is None:
            items.append(association)
        elif items[index] == association:
            return
        else:
            items[index] = association
        slot["Quantity"] = len(items)
        if items:
            slot["Items"] = items
        else:  # the service model: Items is optional, Quantity is not
            slot.pop("Items", None)
        self.behavior["FunctionAssociations"] = slot


def _find_slot(
    config: dict[str, Any], request: _SlotRequest, operation: str
) -> tuple[_Slot, FunctionAssociation | None]:
    pattern = request.path_pattern
    if pattern is None:
        behavior = config["DefaultCacheBehavior"]
        where = "the default cache behavior"
    else:
        behaviors = (config.get("CacheBehaviors") or {}).get("Items") or []
        found = [b for b in behaviors if b.get("PathPattern") == pattern]
        if not found:
            known = ", ".join(repr(b.get("PathPattern")) for b in behaviors) or "none"
            raise RequestValidationError.single(
                operation,
                "path_pattern",
                f"distribution {request.distribution_id} has no cache behavior for "
                f"{pattern!r}; its path patterns are: {known} (None for the default behavior)",
            )
        behavior, where = found[0], f"cache behavior {pattern!r}"
    slot = _Slot(behavior, request.event_type, where)
    return slot, _association(pattern, slot.current)


def _association(pattern: str | None, item: Mapping[str, Any] | None) -> FunctionAssociation | None:
    if item is None:
        return None
    return FunctionAssociation.model_construct(
        path_pattern=pattern,
        event_type=_event_or_str(item.get("EventType", "")),
        function_arn=item.get("FunctionARN", ""),
    )


def _change(
    request: _SlotRequest, operation: str, edit: Callable[[_Slot], None]
) -> Steps[DistributionChange]:
    conflicts = 0
    while True:
        read = yield from ask(GetDistributionConfigRequest(distribution_id=request.distribution_id))
        config = copy.deepcopy(dict(read.config))
        slot, before = _find_slot(config, request, operation)
        edit(slot)
        after = _association(request.path_pattern, slot.current)
        if after == before:
            return DistributionChange(
                distribution_id=request.distribution_id,
                etag=read.etag,
                changed=False,
                before=before,
                after=after,
            )
        try:
            etag = yield from ask(
                UpdateDistributionRequest(
                    distribution_id=request.distribution_id,
                    if_match=read.etag,
                    distribution_config=config,
                )
            )
        except PreconditionFailed as exc:
            if conflicts >= request.retry_on_conflict:
                raise DistributionConflict(
                    f"distribution {request.distribution_id} changed while {operation} was "
                    f"running ({exc.message}); nothing of it was overwritten. Call again, "
                    "or pass retry_on_conflict."
                ) from exc
            conflicts += 1
            logger.debug("%s %s: conflict, retry %d", operation, request.distribution_id, conflicts)
            continue
        return DistributionChange(
            distribution_id=request.distribution_id,
            etag=etag,
            changed=True,
            before=before,
            after=after,
        )


class UsagesRequest(Shape, frozen=True):
    """What `CloudFrontFunctions.function_usages` was asked, validated up front."""

    name: FunctionName
    page_size: Annotated[int, Field(strict=True, ge=1)] | None = None

    def uses(self, arn: str) -> bool:
        """Whether an association's ARN is this function's (same account: by name)."""
        return arn.endswith(f":function/{self.name}")


Seconds = Annotated[float, Field(strict=False, ge=0, allow_inf_nan=False)]


class WaitRequest(Shape, frozen=True):
    """What `CloudFrontFunctions.wait_until_deployed` was asked, validated up front."""

    distribution_id: DistributionId
    timeout: Seconds
    poll_interval: Seconds

    @field_validator("timeout", "poll_interval", mode="before")
    @classmethod
    def _a_number(cls, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"must be a number of seconds, not {type(value).__name__}")
        return value


def _sleep(seconds: float) -> None:
    time.sleep(seconds)  # a module attribute, so tests can replace it


def wait_until_deployed(call: Caller, request: WaitRequest) -> None:
    """Poll ``GetDistribution`` until ``Status`` is ``Deployed``, or raise `WaitTimeout`."""
    deadline = time.monotonic() + request.timeout
    get = GetDistributionRequest(distribution_id=request.distribution_id)
    polls = 0
    while True:
        status = call(get)
        polls += 1
        if status == "Deployed":
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            error = WaitTimeout(
                f"distribution {request.distribution_id} is still {status or 'not Deployed'} "
                f"after {polls} polls in {request.timeout:g} s"
            )
            error.operation_name = "WaitUntilDeployed"
            raise error
        logger.debug("distribution %s: %s, poll %d", request.distribution_id, status, polls)
        _sleep(min(request.poll_interval, remaining))
