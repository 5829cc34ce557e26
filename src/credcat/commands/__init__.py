"""The command line and the commands that run whole workflows (serve, init, lock)."""
