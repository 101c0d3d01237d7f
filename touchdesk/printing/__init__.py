"""Painting envelopes, label sheets and lists onto any paged device (QtGui only)."""
