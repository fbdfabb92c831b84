"""`jailsched whatif`: solve the week again with a changed facility (or sweep a setting over
values) and compare the key figures with the baseline, so an administrator sees what a
fifth booth or a broken washer would do before asking for it (issue 14).

`paths` checks the dotted settings, `scenarios` solves them on any executor, `compare`
turns weeks into figures and tables, `charts` draws sweeps, `page` writes the files and
`command` is the click command."""
