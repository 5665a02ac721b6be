"""Everything that knows a platform or a process: settings, CLI, channels, workers, web server."""
