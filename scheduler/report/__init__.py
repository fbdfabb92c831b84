"""Reports: read an instance or a schedule and render it; reports never solve."""
