"""Benchmarks: raw boto3 vs cloudfront-functions, side by side (`make bench`)."""
