"""The constructs the stage stack composes: data, messaging, identity, api, workers, monitoring."""
