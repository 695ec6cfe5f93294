"""The service's limits, in one place (checked against botocore's model in
tests/test_service_model_parity.py where the model states them)."""

from typing import Final

# Limits of the CloudFront 2020-05-31 service model (tests/test_service_model_parity.py).
MAX_NAME_LENGTH: Final = 64
MAX_CODE_BYTES: Final = 40_960
MAX_EVENT_BYTES: Final = 40_960
MAX_TAG_KEY_LENGTH: Final = 128
MAX_TAG_VALUE_LENGTH: Final = 256
MAX_ARN_LENGTH: Final = 85

# Quotas from the developer guide (not in the service model; the service enforces them).
CODE_SIZE_QUOTA: Final = 10_240  # bytes of function code per function, not adjustable
MAX_KEY_VALUE_STORES: Final = 1  # key value stores per function
FUNCTION_MEMORY_BYTES: Final = 2 * 1024 * 1024
