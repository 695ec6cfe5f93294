"""Building the boto3 client when the caller does not hand us one, and checking it when they do."""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import boto3
import botocore.compat
from botocore.config import Config
from botocore.parsers import ResponseParserFactory
from botocore.utils import parse_timestamp as botocore_parse_timestamp

from ._call import is_sensitive, translate_errors
from ._errors import MissingExtraError
from ._inputs import Secret

if TYPE_CHECKING:
    from mypy_boto3_cloudfront import CloudFrontClient
    from mypy_boto3_cloudfront_keyvaluestore import CloudFrontKeyValueStoreClient


def parse_timestamp(value: str | float) -> datetime:
    """botocore's timestamp parser for the clients we build: ISO 8601 straight to UTC.

    CloudFront sends ``2026-11-25T18:03:44.120Z``; its key value store service sends epoch
    seconds (a number). Anything else goes to botocore's own parser (dateutil: the largest
    single cost of a call), then to UTC.
    """
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, timezone.utc)
    if len(value) > 19 and value[10] == "T":
        try:
            parsed = datetime.fromisoformat(value[:-1] + "+00:00" if value[-1] == "Z" else value)
        except ValueError:
            pass
        else:
            if parsed.tzinfo is not None:
                return parsed.astimezone(timezone.utc)
    parsed = botocore_parse_timestamp(value)
    return parsed.astimezone(timezone.utc) if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def check_client(client: object, service: str, argument: str) -> None:
    """Raise `TypeError` unless ``client`` is a boto3 client of ``service``."""
    meta = getattr(client, "meta", None)
    model = getattr(meta, "service_model", None)
    got = getattr(model, "service_name", None)
    if got == service:
        return
    if isinstance(client, boto3.Session):
        raise TypeError(f"{argument} is a boto3.Session: pass it as session=, not as the client")
    what = f"a {got!r} client" if isinstance(got, str) else type(client).__name__
    raise TypeError(f"{argument} must be a boto3 {service!r} client, not {what}")


def build_client(
    session: boto3.Session | None, region_name: str | None, config: Config | None
) -> CloudFrontClient:
    """A CloudFront client tuned for the facade, which validates every request first."""
    client: CloudFrontClient = build_service_client("cloudfront", session, region_name, config)
    return client


def build_service_client(
    service: str, session: boto3.Session | None, region_name: str | None, config: Config | None
) -> Any:
    """A client of ``service`` tuned for our facades (see `build_client`)."""
    with translate_errors("CreateClient"):
        return _build(service, session, region_name, config)


def _build(
    service: str, session: boto3.Session | None, region_name: str | None, config: Config | None
) -> Any:
    session = session or boto3.Session()
    # Our models check everything botocore's validator checks (tests/test_botocore_parity.py).
    ours = Config(parameter_validation=False)
    client = session.client(
        service,  # type: ignore[call-overload]
        region_name=region_name,
        config=ours.merge(config) if config else ours,
    )
    _own_parsers(client)
    return client


def _own_parsers(client: Any) -> None:
    """Give a client we built response parsers of its own: `parse_timestamp`, and bodies
    with a sensitive member hidden from botocore's DEBUG log on every botocore (older ones
    emit no ``before-parse`` event for `hide_secrets_from_logs` to use).

    The parser factory is normally shared by every client of a botocore session; this
    client gets a factory of its own, so a session the caller passed is not changed.
    (botocore keeps it on the endpoint; if a future botocore moves it, the client simply
    keeps botocore's default parsers.)
    """
    endpoint = getattr(client, "_endpoint", None)
    if endpoint is not None and hasattr(endpoint, "_response_parser_factory"):
        factory = _Parsers()
        factory.set_parser_defaults(timestamp_parser=parse_timestamp)
        endpoint._response_parser_factory = factory


class _Parsers(ResponseParserFactory):
    def create_parser(self, protocol_name: str) -> Any:
        return _HidingParser(super().create_parser(protocol_name))


class _HidingParser:
    """botocore's parser, handed the body as `Secret` bytes when the shape is sensitive."""

    def __init__(self, parser: Any) -> None:
        self._parser = parser

    def parse(self, response: dict[str, Any], shape: Any) -> Any:
        body = response.get("body")
        if isinstance(body, bytes) and shape is not None and is_sensitive(shape):
            response = {**response, "body": Secret(body)}
        return self._parser.parse(response, shape)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._parser, name)


_KEYS_SERVICE = "cloudfront-keyvaluestore"


def crt_available() -> bool:
    """Whether botocore can sign SigV4A (the data plane's signature): it needs awscrt."""
    return bool(botocore.compat.HAS_CRT)


class KeysClient:
    """The data-plane client of one facade: the caller's, or one built on first use.

    A client built here comes from the facade's session and region (a facade on the
    caller's own CloudFront client: the default session, in that client's region).
    """

    def __init__(
        self,
        client: CloudFrontKeyValueStoreClient | None,
        *,
        cloudfront: CloudFrontClient,
        session: boto3.Session | None,
        region_name: str | None,
        config: Config | None,
    ) -> None:
        if client is not None:
            check_client(client, _KEYS_SERVICE, "key_value_store_client")
        self._client = client
        self._region_name = region_name or cloudfront.meta.region_name
        self._session, self._config = session, config
        self._lock = threading.Lock()

    def get(self) -> CloudFrontKeyValueStoreClient:
        with self._lock:
            if self._client is None:
                if not crt_available():
                    raise MissingExtraError("kvs", "awscrt")
                self._client = build_service_client(
                    _KEYS_SERVICE, self._session, self._region_name, self._config
                )
            return self._client
