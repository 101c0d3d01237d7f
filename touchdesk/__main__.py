"""python -m touchdesk launches the GUI."""

import sys

from touchdesk.app import main

sys.exit(main())
