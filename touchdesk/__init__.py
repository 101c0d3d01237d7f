"""TouchDesk: version and application identity constants only."""

__version__ = "0.1.0"
APP_NAME = "TouchDesk"
APP_ID = "touchdesk"
ORGANIZATION = "TouchDesk"
