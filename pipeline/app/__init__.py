"""What a command does: the batch, watch, manifest, roll-up job, templates check/new, input template."""
