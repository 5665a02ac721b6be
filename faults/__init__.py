"""Long fault runs against the real `chibo run` process: scripts that print figures."""
