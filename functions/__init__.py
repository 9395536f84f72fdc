"""Event handlers (SQS, S3 events, schedules): thin Powertools handlers calling chalicelib services."""
