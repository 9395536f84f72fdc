"""The local stack: embedded AWS (moto's server), provisioning, the event pump and the runner."""
