"""Supervision writes: records (`records`) and the per-staff facts behind the frequency rules (`staff`)."""
