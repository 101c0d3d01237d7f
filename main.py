"""Launch the TouchDesk window from a source checkout: python main.py [--db PATH] [--demo]."""

import sys

from touchdesk.app import main

if __name__ == "__main__":
    sys.exit(main())
