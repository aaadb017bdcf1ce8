"""Registry.transaction: several commands as one transaction, all or nothing."""

from __future__ import annotations

import pytest

from quotes.errors import InvalidInput
from quotes.registry.registry import Registry
from quotes.translations.renditions import record_rendition
from tests.helpers.ids import SequentialIds


def test_commands_in_a_transaction_are_kept_together(any_registry):
    quote = any_registry.add_quote("We will buy it", speaker="A. Speaker", lang="en")
    with any_registry.transaction() as joined:
        record_rendition(joined, quote.id, lang="tr", translator="T", text="Onu alacağız")
        record_rendition(joined, quote.id, lang="de", translator="T", text="Wir kaufen es")
        assert sorted(r.lang for r in joined.get_quote(quote.id).renditions) == ["de", "tr"]  # seen inside
    assert sorted(r.lang for r in any_registry.get_quote(quote.id).renditions) == ["de", "tr"]


def test_an_error_in_any_command_undoes_them_all(any_registry):
    quote = any_registry.add_quote("We will buy it", speaker="A. Speaker", lang="en")
    with pytest.raises(InvalidInput, match="a rendition is in another language"):
        with any_registry.transaction() as joined:
            record_rendition(joined, quote.id, lang="tr", translator="T", text="Onu alacağız")
            record_rendition(joined, quote.id, lang="en", translator="T", text="We shall buy it")
    assert any_registry.get_quote(quote.id).renditions == ()


def test_the_id_source_is_kept(tmp_path):
    registry = Registry(str(tmp_path / "q.db"), ids=SequentialIds())
    quote = registry.add_quote("We will buy it", speaker="A. Speaker", lang="en")
    with registry.transaction() as joined:
        assert record_rendition(joined, quote.id, lang="tr", translator="T", text="Onu alacağız").id == "r-000001"
    registry.close()
