"""PynamoDB models, one module per aggregate. `ALL_MODELS` is what provisioning and infra create."""
