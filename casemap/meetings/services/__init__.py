"""Writes for meetings. Each service names the acting user, runs in one transaction through the write guard, writes
the children's timelines and appends to the access log."""
