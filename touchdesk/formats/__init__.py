"""Reading and writing files other programs use: CSV, vCard, iCalendar. No Qt."""
