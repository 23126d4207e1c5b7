"""One screen per module: Home, the four panels, help and problem screens."""
