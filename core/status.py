"""The one set of status names: a stored run's status and a background job's state.

A run is COMPLETE (all its epochs, or ended by early stopping) or STOPPED (by
the user, at its last whole epoch). A job is QUEUED, RUNNING, then DONE,
STOPPED or FAILED.
"""
COMPLETE = "complete"
STOPPED = "stopped"
QUEUED = "queued"
RUNNING = "running"
DONE = "done"
FAILED = "failed"

ENDED = (DONE, STOPPED, FAILED)
