"""TouchDesk's data files (icons, sample imports); installed as touchdesk.resources."""
