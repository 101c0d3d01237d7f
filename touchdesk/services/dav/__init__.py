"""Next steps in the seller's calendar and prospects in their address book, over CalDAV and
CardDAV: discovery, the sync's state, pushing, reading the phone's changes, questions."""
