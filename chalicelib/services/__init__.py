"""Domain logic per capability: plain Python, no Chalice imports."""
