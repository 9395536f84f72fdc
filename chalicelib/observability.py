"""Structured logging and metrics (Powertools). Log ids, never personal data."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics

logger = Logger(service="kreisjobcenter")
metrics = Metrics(namespace="Kreisjobcenter", service="kreisjobcenter")
