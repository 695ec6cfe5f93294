"""Every failure of a facade call is one of our exceptions, with the botocore cause chained."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError
from botocore.stub import Stubber

import cloudfront_functions
from cloudfront_functions import (
    CloudFrontFunctions,
    CloudFrontFunctionsError,
    ConnectError,
    CreateFunctionRequest,
    CredentialsError,
    FunctionConfig,
    ReadTimeout,
    RequestValidationError,
    Runtime,
    ServiceError,
    TransportError,
)
from cloudfront_functions._call import service_error_class, translate

from .conftest import NO_RETRIES, count_requests

FUNCTION_OPERATIONS = (
    "CreateFunction",
    "DescribeFunction",
    "GetFunction",
    "UpdateFunction",
    "PublishFunction",
    "TestFunction",
    "DeleteFunction",
    "ListFunctions",
)
CODE = b"function handler(event) { return event.request; }"
Stubbed = tuple[CloudFrontFunctions, Stubber]


def modeled_errors() -> list[tuple[str, str, int]]:
    model = botocore.session.get_session().get_service_model("cloudfront")
    return sorted(
        {
            (operation, shape.name, shape.metadata["error"]["httpStatusCode"])
            for operation in FUNCTION_OPERATIONS
            for shape in model.operation_model(operation).error_shapes
        }
    )


def test_the_service_model_lists_errors_for_every_wrapped_operation() -> None:
    assert {operation for operation, _, _ in modeled_errors()} == set(FUNCTION_OPERATIONS)


@pytest.mark.parametrize(("operation", "code", "status"), modeled_errors())
def test_every_modeled_error_code_has_its_own_public_class(
    operation: str, code: str, status: int
) -> None:
    cls = service_error_class(code)
    assert cls is not ServiceError, f"{operation} can return {code}, which has no class"
    assert cls.__name__ == code
    assert getattr(cloudfront_functions, code) is cls
    assert issubclass(cls, ServiceError)


@pytest.mark.parametrize(
    ("code", "status"),
    sorted({(code, status) for op, code, status in modeled_errors() if op == "CreateFunction"}),
)
def test_create_function_errors_are_raised_typed_with_their_details(
    stubbed: Stubbed, code: str, status: int
) -> None:
    cf, stubber = stubbed
    stubber.add_client_error(
        "create_function",
        service_error_code=code,
        service_message=f"the service says {code}",
        http_status_code=status,
        response_meta={"RequestId": "req-8f14e45f"},
    )
    with pytest.raises(service_error_class(code)) as caught:
        cf.create_function(name="my-function", code=CODE)
    error = caught.value
    assert (error.code, error.http_status, error.request_id) == (code, status, "req-8f14e45f")
    assert error.operation_name == "CreateFunction"
    assert error.message == f"the service says {code}"
    assert isinstance(error.__cause__, ClientError)
    assert str(error) == (
        f"CreateFunction: {code}: the service says {code} (HTTP {status}, request id req-8f14e45f)"
    )
    assert repr(error).startswith(f"{code}(code={code!r}, message=")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("Throttling", cloudfront_functions.Throttling),
        ("ThrottlingException", cloudfront_functions.Throttling),
        ("AccessDenied", cloudfront_functions.AccessDenied),
        ("ServiceUnavailable", cloudfront_functions.ServiceUnavailable),
        ("SomethingNewIn2030", ServiceError),
    ],
)
def test_generic_and_unknown_codes_map_to_service_errors(
    stubbed: Stubbed, code: str, expected: type[ServiceError]
) -> None:
    cf, stubber = stubbed
    stubber.add_client_error("create_function", service_error_code=code, http_status_code=400)
    with pytest.raises(ServiceError) as caught:
        cf.create_function(name="my-function", code=CODE)
    assert type(caught.value) is expected
    assert caught.value.code == code


def test_attempts_counts_botocores_retries() -> None:
    response: Any = {
        "Error": {"Code": "Throttling", "Message": "slow down"},
        "ResponseMetadata": {"HTTPStatusCode": 400, "RetryAttempts": 2},
    }
    error = ClientError(
        response,
        "CreateFunction",
    )
    translated = translate(error, "CreateFunction")
    assert isinstance(translated, ServiceError)
    assert translated.attempts == 3


def test_missing_credentials_raise_credentials_error_without_sending(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(key)
    client = boto3.Session().client(
        "cloudfront", endpoint_url="http://127.0.0.1:9", config=NO_RETRIES
    )
    sent = count_requests(client)
    with pytest.raises(CredentialsError) as caught:
        CloudFrontFunctions(client).create_function(name="f", code=CODE)
    assert caught.value.__cause__ is not None
    assert sent.count == 0


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_endpoint_raises_connect_error() -> None:
    client = boto3.client(
        "cloudfront", endpoint_url=f"http://127.0.0.1:{closed_port()}", config=NO_RETRIES
    )
    with pytest.raises(ConnectError) as caught:
        CloudFrontFunctions(client).create_function(name="f", code=CODE)
    assert isinstance(caught.value, TransportError)
    assert caught.value.__cause__ is not None


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A loopback server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_read_timeout_raises_read_timeout(silent_server: str) -> None:
    config = NO_RETRIES.merge(Config(read_timeout=0.2, connect_timeout=1))
    client = boto3.client("cloudfront", endpoint_url=silent_server, config=config)
    with pytest.raises(ReadTimeout) as caught:
        CloudFrontFunctions(client).create_function(name="f", code=CODE)
    assert caught.value.__cause__ is not None


def test_botocores_parameter_validation_is_a_request_validation_error() -> None:
    client = boto3.client("cloudfront", endpoint_url="http://127.0.0.1:9", config=NO_RETRIES)
    sent = count_requests(client)
    unvalidated = CreateFunctionRequest.model_construct(
        name="",
        function_config=FunctionConfig(runtime=Runtime.JS_2_0),
        function_code=b"x",
        tags=None,
    )
    with pytest.raises(RequestValidationError, match="Invalid length for parameter Name") as caught:
        CloudFrontFunctions(client).create_function(unvalidated, preflight=False)
    assert isinstance(caught.value.__cause__, ParamValidationError)
    assert caught.value.operation_name == "CreateFunction"
    assert sent.count == 0


def test_botocores_reported_values_are_redacted() -> None:
    error = ParamValidationError(
        report="Invalid type for parameter FunctionCode, value: SECRET_51f0, type: <class 'int'>"
    )
    translated = translate(error, "CreateFunction")
    assert "SECRET_51f0" not in str(translated)
    assert "FunctionCode" in str(translated)


def test_every_exception_class_is_a_cloudfront_functions_error() -> None:
    exported = [getattr(cloudfront_functions, name) for name in cloudfront_functions.__all__]
    classes = [
        value for value in exported if isinstance(value, type) and issubclass(value, BaseException)
    ]
    assert len(classes) >= 20
    assert all(issubclass(cls, CloudFrontFunctionsError) for cls in classes)


def test_an_answer_of_the_wrong_shape_is_our_error_naming_the_operation() -> None:
    from io import BytesIO

    from botocore.awsrequest import AWSResponse

    class Body(BytesIO):
        def stream(self, **kwargs: Any) -> Any:
            yield self.read()

    def answer(request: Any, **kwargs: Any) -> AWSResponse:
        xml = (
            b'<FunctionSummary xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">'
            b"<Name>fn</Name></FunctionSummary>"
        )
        headers: Any = {"ETag": "E1"}
        return AWSResponse(request.url, 200, headers, Body(xml))

    client = boto3.client("cloudfront", region_name="us-east-1")
    handler: Any = answer
    client.meta.events.register_first("before-send.cloudfront", handler)
    with pytest.raises(CloudFrontFunctionsError, match="not the shape") as caught:
        CloudFrontFunctions(client).describe_function("fn")
    assert type(caught.value) is CloudFrontFunctionsError
    assert caught.value.operation_name == "DescribeFunction"
    assert caught.value.__cause__ is not None


def _wrapped_operations() -> set[str]:
    """The operation of every request model the package sends, found by walking the
    package: a new operation is covered here without being listed anywhere."""
    import importlib
    import pkgutil

    found = set()
    for module_info in pkgutil.iter_modules(cloudfront_functions.__path__):
        module = importlib.import_module(f"cloudfront_functions.{module_info.name}")
        for value in vars(module).values():
            name = getattr(value, "operation_name", None) if isinstance(value, type) else None
            if isinstance(name, str) and callable(getattr(value, "parse", None)):
                found.add(name)
    return found


def test_every_modeled_error_of_every_wrapped_operation_is_a_decision() -> None:
    """Each code, on each service that has the operation, has its own class or is
    listed as deliberately generic (tests/test_distributions_errors.py: GENERIC)."""
    import botocore.session

    from cloudfront_functions._call import SERVICE_ERRORS

    from .test_distributions_errors import GENERIC

    session = botocore.session.get_session()
    models = [session.get_service_model(s) for s in ("cloudfront", "cloudfront-keyvaluestore")]
    operations = _wrapped_operations()
    assert {"CreateFunction", "ListKeyValueStores", "UpdateKeys"} <= operations
    undecided = set()
    for operation in operations:
        served = [model for model in models if operation in model.operation_names]
        assert served, f"{operation} is in no service model"
        for model in served:
            for error in model.operation_model(operation).error_shapes:
                code = getattr(error, "error_code", None) or error.name
                if code not in SERVICE_ERRORS and code not in GENERIC:
                    undecided.add(f"{model.service_name} {operation}: {code}")
    assert undecided == set()
