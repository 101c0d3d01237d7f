"""Quick open (Ctrl+K): type part of a name, company, email or phone and open that prospect."""
