"""Calendar invites for next steps: steps read, worded, checked, built and exported as .ics."""
