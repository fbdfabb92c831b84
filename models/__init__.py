"""Pydantic models: facility configuration, the week's roster and requests, the schedule."""
