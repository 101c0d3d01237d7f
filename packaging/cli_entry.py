"""Frozen entry point of touchdesk-cli, the console program built beside the window."""

import sys

from touchdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
