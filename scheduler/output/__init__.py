"""Writing files, in one place: the output folder checked before anything is solved and
every file replaced atomically (`folder`), the schedule's provenance (`provenance`), and the
report files written beside `schedule.json` (`files`). Solvers never write files."""
