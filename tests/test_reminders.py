"""remind, batch --ics and check --timeline."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import ACME, Invoke
from icalendar import Calendar


def events(ics: bytes) -> list[dict[str, object]]:
    calendar = Calendar.from_ical(ics)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    found = []
    for event in calendar.walk("VEVENT"):
        [alarm] = event.walk("VALARM")
        found.append(
            {
                "uid": str(event["UID"]),
                "start": event.decoded("DTSTART"),
                "end": event.decoded("DTEND"),
                "summary": str(event["SUMMARY"]),
                "description": str(event["DESCRIPTION"]),
                "trigger": alarm.decoded("TRIGGER"),
                "action": str(alarm["ACTION"]),
            }
        )
    return found


def test_remind_writes_the_deadline_and_the_expiry_with_alarms(invoke: Invoke) -> None:
    result = invoke(
        "remind", "cartier", "2025-03-01", "--as-of", "2025-06-01", "--remind-before", "14"
    )
    found = events(result.stdout_bytes)
    assert [(e["summary"], e["start"], e["end"]) for e in found] == [
        ("Register your Cartier watch", date(2027, 3, 1), date(2027, 3, 2)),
        ("Cartier warranty ends", date(2027, 3, 1), date(2027, 3, 2)),
    ]
    assert all(e["trigger"] == timedelta(days=-14) and e["action"] == "DISPLAY" for e in found)
    assert "extend its cover to 2033-03-01" in str(found[0]["description"])
    assert "https://int.cartier.com/" in str(found[0]["description"])


def test_uids_are_stable_per_watch_and_event(invoke: Invoke) -> None:
    first = events(invoke("remind", "cartier", "2025-03-01", "--as-of", "2025-06-01").stdout_bytes)
    later = events(
        invoke("remind", "卡地亚", "2025年3月1日", "--as-of", "2026-01-01").stdout_bytes
    )
    assert [e["uid"] for e in first] == [e["uid"] for e in later]
    other = events(invoke("remind", "cartier", "2025-03-02", "--as-of", "2025-06-01").stdout_bytes)
    assert {e["uid"] for e in other}.isdisjoint({e["uid"] for e in first})
    assert len({e["uid"] for e in first}) == 2


def test_past_events_are_left_out(invoke: Invoke) -> None:
    # Nothing ahead: no calendar at all (RFC 5545 wants a component), and one line saying so.
    nothing = invoke("remind", "rolex", "2016-01-01", "--as-of", "2025-06-01")
    assert nothing.stdout == ""
    assert nothing.stderr.count("\n") == 1 and "nothing to remind" in nothing.stderr
    registered = events(
        invoke(
            "remind", "cartier", "2025-03-01", "--registered", "--as-of", "2025-06-01"
        ).stdout_bytes
    )
    assert [(e["summary"], e["start"]) for e in registered] == [
        ("Cartier warranty ends", date(2033, 3, 1))
    ]


def test_remind_to_a_file_in_chinese(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "watch.ics"
    result = invoke(
        "remind",
        "积家",
        "2025-03-01",
        "--first-owner",
        "-o",
        str(path),
        "--as-of",
        "2025-06-01",
        "--lang",
        "zh",
    )
    assert result.stdout == "" and "已将 2 个提醒写入" in result.stderr
    found = events(path.read_bytes())
    assert found[0]["summary"] == "注册你的积家腕表"
    assert "请在 2027年3月1日 前向品牌注册这只表，可将保修延长至 2033年3月1日。" in str(
        found[0]["description"]
    )


def test_batch_ics_has_every_good_rows_reminders_with_ids_from_the_inventory(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "inventory.ics"
    text = (
        "sku,brand,purchase_date\nA1,cartier,2025-03-01\nA2,rolx,2020-01-01\nA3,rolex,2024-01-01\n"
    )
    invoke("batch", "-", "--ics", str(path), "--as-of", "2025-06-01", input=text, expect=1)
    found = events(path.read_bytes())
    # Each event names its watch by the inventory's SKU (issue 24).
    assert [e["summary"] for e in found] == [
        "Register your Cartier watch: SKU A1",
        "Cartier warranty ends: SKU A1",
        "Rolex warranty ends: SKU A3",
    ]
    again = tmp_path / "again.ics"
    moved = "sku,brand,purchase_date\nA3,rolex,2024-01-01\nA1,cartier,2025-03-01\n"
    invoke("batch", "-", "--ics", str(again), "--as-of", "2025-07-01", input=moved)
    assert {e["uid"] for e in events(again.read_bytes())} == {e["uid"] for e in found}


def test_timeline_marks_the_dates_in_plain_text(invoke: Invoke) -> None:
    out = invoke("check", "cartier", "2020-03-01", "--as-of", "2021-01-01", "--timeline").stdout
    bar = next(line for line in out.splitlines() if line.startswith("=="))
    assert set(bar) == {"=", "-"}
    assert bar.index("-") < len(bar) // 3
    lines = out.splitlines()[out.splitlines().index(bar) + 1 :]
    assert [line.strip() for line in lines] == [
        "^ purchased 2020-03-01",
        "^ today, 2021-01-01",
        "^ base warranty ends 2022-03-01",
        "^ register by 2022-03-01",
        "if registered now, cover to 2028-03-01 ^",
    ]
    assert lines[1].index("^") < lines[2].index("^")


def test_timeline_shows_an_earned_extension(invoke: Invoke) -> None:
    out = invoke(
        "check",
        "jlc",
        "2020-01-01",
        "--registered-on",
        "2020-01-01",
        "--first-owner",
        "--as-of",
        "2022-06-01",
        "--timeline",
        "--lang",
        "zh",
    ).stdout
    bar = next(line for line in out.splitlines() if line.startswith("=="))
    assert set(bar) == {"=", "#"}
    assert "延长保修于 2028年1月1日 结束" in out


def test_nothing_ahead_writes_no_file(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "watch.ics"
    invoke("remind", "rolex", "2016-01-01", "--as-of", "2025-06-01", "-o", str(path))
    assert not path.exists()


def test_one_reminder_is_singular(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "watch.ics"
    result = invoke(
        "remind", "cartier", "2025-03-01", "--registered", "--as-of", "2025-06-01", "-o", str(path)
    )
    assert result.stderr.startswith("1 reminder written to ")


@pytest.mark.parametrize(
    ("lang", "in_table", "on_timeline"),
    [
        (
            "en",
            "(deadline assumed: the source names none)",
            "register by 2022-01-01 (deadline assumed)",
        ),
        ("zh", "（截止日期为推定：来源未写明）", "请在 2022年1月1日 前注册（截止日期为推定）"),
    ],
)
def test_an_assumed_deadline_is_said_to_be_assumed_in_the_table_and_timeline(
    invoke: Invoke, lang: str, in_table: str, on_timeline: str
) -> None:
    # acme.toml's "other" brand has a registration extension whose source names no deadline.
    out = invoke(
        "check",
        "other",
        "2020-01-01",
        "--first-owner",
        "--as-of",
        "2020-02-01",
        "--rules",
        str(ACME),
        "--timeline",
        "--lang",
        lang,
        env={"COLUMNS": "200"},
    ).stdout
    table, _, timeline = out.partition("\n=")
    extension = next(line for line in table.splitlines() if "2023" in line and "2022" in line)
    assert in_table in extension
    assert on_timeline in timeline


# A registration that earns only where it is open to the holder (a first owner, when the
# inventory does not say): no certain promise, but the deadline must not be lost.
def test_a_deadline_that_holds_only_for_a_first_owner_is_still_reminded(invoke: Invoke) -> None:
    found = events(invoke("remind", "jlc", "2024-12-20", "--as-of", "2026-12-07").stdout_bytes)
    register = [e for e in found if e["summary"] == "Register your Jaeger-LeCoultre watch"]
    assert [e["start"] for e in register] == [date(2026, 12, 20)]
    description = str(register[0]["description"])
    assert "Where registering is open to this watch and its holder" in description
    assert "2032-12-20" in description


def test_batch_keeps_a_deadline_that_holds_only_for_a_first_owner(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "soon.ics"
    text = "sku,brand,purchase_date\nJ1,积家,2024-12-20\nR1,rolex,2024-12-20\n"
    result = invoke(
        "batch", "-", "--as-of", "2026-12-07", "--register-within", "30", "--ics", str(path),
        input=text,
    )  # fmt: skip
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == ["J1"]
    assert "Register your Jaeger-LeCoultre watch: SKU J1" in [
        e["summary"] for e in events(path.read_bytes())
    ]
