"""The Qt widgets: the only layer that imports QtWidgets. Views call services, never SQL."""
