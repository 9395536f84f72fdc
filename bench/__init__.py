"""Benchmarks: measured figures for the README, never part of the pass/fail suite."""
