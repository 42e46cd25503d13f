"""The closure rule and what it tells referents."""

from __future__ import annotations

from datetime import date

from catalogue.records.closures import closed_on, closure_columns, notice, open_on_filter

DAY = date(2026, 12, 3)


def test_a_closure_includes_its_first_and_last_days_and_lasts_without_an_end() -> None:
    start, end = date(2026, 12, 1), date(2026, 12, 3)
    assert closed_on(start, end, start) and closed_on(start, end, end)
    assert not closed_on(start, end, date(2026, 11, 30))
    assert not closed_on(start, end, date(2026, 12, 4))
    assert closed_on(start, None, date(2099, 1, 1))
    assert not closed_on(None, None, DAY)


def test_the_notice_announces_a_month_ahead_and_a_reopening_for_two_weeks() -> None:
    assert notice(date(2026, 12, 20), date(2026, 12, 24), DAY) == (
        "Fermeture du 20 décembre 2026 au 24 décembre 2026 inclus"
    )
    assert notice(date(2027, 2, 1), None, DAY) is None  # too far ahead
    assert notice(date(2026, 12, 10), None, DAY) == "Fermeture à partir du 10 décembre 2026"
    assert notice(date(2026, 11, 1), date(2026, 12, 5), DAY) == (
        "Fermé jusqu'au 5 décembre 2026 inclus"
    )
    assert notice(date(2026, 11, 1), date(2026, 11, 30), DAY) == (
        "Rouvert depuis le 1er décembre 2026"
    )
    assert notice(date(2026, 10, 1), date(2026, 10, 31), DAY) is None


def test_unreadable_or_backward_dates_are_dropped_with_a_warning() -> None:
    assert closure_columns({"fermeture_debut": "2026-12-01"}) == (
        {"fermeture_debut": date(2026, 12, 1), "fermeture_fin": None},
        [],
    )
    dates, problems = closure_columns({"fermeture_debut": "demain", "fermeture_fin": "2026-12-01"})
    assert dates == {"fermeture_debut": None, "fermeture_fin": None}
    assert problems == [
        "date de fermeture illisible « demain » ignorée",
        "fin de fermeture sans début valable : fermeture ignorée",
    ]
    backward = {"fermeture_debut": "2026-12-05", "fermeture_fin": "2026-12-01"}
    assert closure_columns(backward)[0]["fermeture_debut"] is None


def test_the_index_filter_compares_day_numbers() -> None:
    assert open_on_filter(DAY) == (
        f"NOT (fermeture_debut <= {DAY.toordinal()} AND (fermeture_fin NOT EXISTS "
        f"OR fermeture_fin IS NULL OR fermeture_fin >= {DAY.toordinal()}))"
    )
