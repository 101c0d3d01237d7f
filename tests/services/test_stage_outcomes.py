"""Each stage reads back with the outcome stored for it; a value no version wrote is refused
as the enum refuses it."""

from __future__ import annotations

import pytest

from touchdesk.domain.vocabulary import StageOutcome
from touchdesk.services.stages import list_stages
from touchdesk.store.db import database


def test_each_stage_reads_back_with_its_stored_outcome(store):
    assert [s.outcome for s in list_stages()] == [StageOutcome.OPEN] * 5 + [
        StageOutcome.WON,
        StageOutcome.LOST,
    ]
    database.execute_sql("UPDATE stage SET outcome = 'won' WHERE name = 'New'")
    database.execute_sql("UPDATE stage SET outcome = 'lost' WHERE name = 'Won'")
    assert [s.outcome for s in list_stages()][0] is StageOutcome.WON
    assert [s.outcome for s in list_stages()][5] is StageOutcome.LOST


def test_an_outcome_no_version_wrote_is_refused(store):
    database.execute_sql("UPDATE stage SET outcome = 'maybe' WHERE name = 'New'")
    with pytest.raises(ValueError, match="maybe"):
        list_stages()
