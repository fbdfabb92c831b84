"""jailsched: weekly jail schedules from a facility's handbook rules, solved with CP-SAT."""
