"""Use cases: each public function runs in its own transaction and says what changed. No Qt."""
