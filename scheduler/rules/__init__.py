"""The rule catalogue."""
