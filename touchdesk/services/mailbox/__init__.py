"""The seller's own mailbox: connect, find the folders, and copy only the emails with prospects
into the follow-up cycle (connection, folders, addresses, parsing, record, sync)."""
