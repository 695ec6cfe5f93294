"""A fake CloudFront for your tests: every operation this package calls, in process.

moto implements only some of CloudFront's function operations (not UpdateFunction,
PublishFunction or TestFunction). `FakeCloudFront` implements all of them at the HTTP
level: it answers botocore's ``before-send`` event on a **real** boto3 client, so botocore
still serializes every request (XML, base64 blobs, ``If-Match`` headers) and parses every
response (XML, headers, error bodies) exactly as against AWS. The client needs no
credentials and no network.

    fake = FakeCloudFront()
    cf = CloudFrontFunctions(fake.attach(boto3.client("cloudfront", region_name="us-east-1")))

`FunctionsServer` serves a fake over HTTP on 127.0.0.1 (``cloudfront-functions serve``), so
any client (aws-cli, Terraform, an SDK) can use it with ``--endpoint-url``.

With pytest, the ``fake_cloudfront`` and ``fake_cloudfront_functions`` fixtures do this for
you (registered automatically when this package is installed; used only if requested).
"""

from . import _distributions as _distributions  # registers the handlers
from . import _functions as _functions  # registers the handlers
from . import _kvs as _kvs  # registers the handlers
from ._fake import FakeCloudFront
from ._routes import operation_of
from ._server import FunctionsServer
from ._state import FakeFunction, ServiceFault, StageCopy, TestOutcome

__all__ = [
    "FakeCloudFront",
    "FakeFunction",
    "FunctionsServer",
    "ServiceFault",
    "StageCopy",
    "TestOutcome",
    "operation_of",
]
