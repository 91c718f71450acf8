"""The atlas table's widget: seven labelled dropdowns filter the table that
:mod:`course_lib.properties` computes, and a line says how many activations match."""

from __future__ import annotations

import pytest

from course_lib.activations import ATLAS
from course_lib.properties import select
from course_lib.widgets.atlas_table import AtlasTable


def test_the_widget_filters_and_keeps_a_short_text_form():
    table = AtlasTable()
    assert repr(table) == f"<atlas table: all, {len(ATLAS)} of {len(ATLAS)}>"
    table.dropdowns["can_die"].value = True
    table.dropdowns["smoothness"].value = "C¹"
    assert set(table.matches) == {p.name for p in select(can_die=True, smoothness="C¹")}
    assert "<th scope='col'>activation</th>" in table.output.value
    assert f"{len(table.matches)} of {len(ATLAS)}" in table.count.value
    table.dropdowns["family"].value = "shrink"
    assert table.matches == [] and "No activation" in table.output.value
    assert all(d.description for d in table.dropdowns.values())   # every control has a name
    with pytest.raises(ValueError):
        AtlasTable(family="gates")
