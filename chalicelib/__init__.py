"""Everything the API Lambda ships: config, AWS access, auth, models, services, API and web."""
