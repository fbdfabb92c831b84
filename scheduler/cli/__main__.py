"""`python3 -m scheduler.cli`: the same as the `jailsched` command."""

from scheduler.cli import main

main()
