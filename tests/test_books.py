"""The alliance's books (issue 15; DESIGN.md "The alliance's books"; docs/books.md), on SQLite and PostgreSQL.

Every test taking ``book`` runs on a new SQLite file and, when ``IPSHARE_TEST_POSTGRES`` names a server
(``postgresql://user@host:port/database``: a fresh database is created per test next to it), on PostgreSQL too.
Without a server the PostgreSQL runs are skipped, except in CI (``IPSHARE_CI`` set), where they fail.

The worked examples are docs/books.md's, the figures worked by hand in the comments.
"""

import json
import os
import sqlite3
import threading
import time
import uuid
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipshare.books import ledger
from ipshare.books.database import BookError, connect
from ipshare.books.waterfall import LINES, State, distribute
from ipshare.exact import Rounding
from ipshare.model import load

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "scenarios" / "books"
COST_RECOVERY = EXAMPLES / "cost-recovery.yaml"
THROTTLED = EXAMPLES / "throttled-recovery.yaml"
TIERS = EXAMPLES / "tiers.yaml"
POSTGRES = os.environ.get("IPSHARE_TEST_POSTGRES")


def _postgres_database():
    """A fresh database on the test server: its URL and a function that drops it."""
    if not POSTGRES:
        if os.environ.get("IPSHARE_CI"):
            pytest.fail("IPSHARE_CI is set but IPSHARE_TEST_POSTGRES is not: CI runs the books on PostgreSQL")
        pytest.skip("no PostgreSQL server (set IPSHARE_TEST_POSTGRES=postgresql://user@host:port/database)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = make_url(POSTGRES).set(drivername="postgresql+psycopg")
    name = "ipshare_books_" + uuid.uuid4().hex[:12]
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    return admin_url.set(database=name, drivername="postgresql").render_as_string(hide_password=False), drop


@pytest.fixture(params=["sqlite", "postgresql"])
def book(request, tmp_path):
    """Where a new book goes: a SQLite path or a PostgreSQL URL (an empty database)."""
    if request.param == "sqlite":
        yield str(tmp_path / "alliance.book")
        return
    url, drop = _postgres_database()
    try:
        yield url
    finally:
        drop()


def raw_execute(target, statements):
    """Run SQL on the book behind ipshare's back (to tamper with it), triggers disabled."""
    if target.startswith("postgresql"):
        from sqlalchemy import create_engine, text

        engine = create_engine(target.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as connection:
            connection.execute(text("SET session_replication_role = replica"))  # no triggers
            for statement in statements:
                connection.execute(text(statement))
        engine.dispose()
        return
    connection = sqlite3.connect(target)
    names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    for name in names:
        connection.execute(f"DROP TRIGGER {name}")
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def receipt(period, source, amount, **extra):
    return dict(entry="receipt", period=period, source=source, amount=amount, **extra)


def expense(period, member, kind, amount, **extra):
    return dict(entry="expense", period=period, member=member, kind=kind, amount=amount, **extra)


def payment(period, member, amount, **extra):
    return dict(entry="payment", period=period, member=member, amount=amount, **extra)


def quarters(database, count, year=2026):
    bounds = [("01-01", "03-31"), ("04-01", "06-30"), ("07-01", "09-30"), ("10-01", "12-31")]
    for index in range(count):
        first, last = bounds[index % 4]
        y = year + index // 4
        ledger.add_period(database, f"{y}Q{index % 4 + 1}", f"{y}-{first}", f"{y}-{last}")


def figures(database, period):
    data = ledger.book_figures(database, period=period)
    return {member: {key: row[key] for key in ("recovered", "fee", "share", "distributed", "paid", "closing")}
            for member, row in data["members"].items()}


def cost_recovery_book(target):
    """docs/books.md, example 1: cost recovery first, a 10 % fee to JH, the rest by each licence's Shapley shares."""
    database = ledger.init_book(target, COST_RECOVERY)
    quarters(database, 2)
    ledger.record(database, [
        expense("2026Q1", "JH", "patent", "30000"), expense("2026Q1", "XU", "patent", "10000"),
        expense("2026Q1", "JH", "travel", "5000"),
        receipt("2026Q1", "L1", "30000", date="2026-02-14", ref="INV-1"), receipt("2026Q1", "L2", "20000"),
    ])
    ledger.close(database, "2026Q1")
    ledger.record(database, [receipt("2026Q2", "L1", "25000.01"), payment("2026Q2", "JH", "37300")])
    ledger.close(database, "2026Q2")
    return database


def test_cost_recovery_example(book):
    database = cost_recovery_book(book)
    # 2026Q1: receipts 50,000. Patent costs owed: JH 30,000, XU 10,000 (JH's travel is another kind): all repaid.
    # Left 10,000; fee 10 % = 1,000 to JH; left 9,000, attributed to the sources by their receipts: L1 3/5 =
    # 5,400 (Shapley shares of L1 alone 1/2 each: 2,700 each), L2 2/5 = 3,600 (JH alone: JH 1).
    assert figures(database, "2026Q1") == {
        "JH": {"recovered": "30000.00", "fee": "1000.00", "share": "6300.00", "distributed": "37300.00",
               "paid": "0.00", "closing": "37300.00"},
        "XU": {"recovered": "10000.00", "fee": "0.00", "share": "2700.00", "distributed": "12700.00",
               "paid": "0.00", "closing": "12700.00"},
    }
    # 2026Q2: receipts 25,000.01 from L1, nothing owed. Fee 2,500.001; share 22,500.009, 11,250.0045 each.
    # Cumulatively: receipts 75,000.01 = recovered 40,000 + fee 3,500.001 + share 31,500.009, rounded to the
    # cent by largest remainder: 40,000.00 + 3,500.00 + 31,500.01 (share has the larger remainder, .9 of a
    # cent). Shares: JH 17,550.0045, XU 13,950.0045, to 31,500.01: equal remainders, the cent to JH (listed
    # first): 17,550.01 and 13,950.00. So Q2: JH fee 2,500.00, share 11,250.01; XU share 11,250.00.
    assert figures(database, "2026Q2") == {
        "JH": {"recovered": "0.00", "fee": "2500.00", "share": "11250.01", "distributed": "13750.01",
               "paid": "37300.00", "closing": "13750.01"},
        "XU": {"recovered": "0.00", "fee": "0.00", "share": "11250.00", "distributed": "11250.00",
               "paid": "0.00", "closing": "23950.00"},
    }
    data = ledger.book_figures(database, period="2026Q2")
    assert data["receipts"] == "25000.01"
    assert data["sources"] == {"L1": "25000.01"}
    assert data["members"]["JH"]["opening"] == "37300.00"
    assert data["alliance"]["distributed"] == "25000.01"
    assert data["agreement"]["sha256"] == load(COST_RECOVERY).sha256
    assert ledger.verify(database) == []


def test_throttled_recovery_example(book):
    database = ledger.init_book(book, THROTTLED)
    quarters(database, 3)
    ledger.record(database, [expense("2026Q1", "JH", "patent", "30000"), expense("2026Q1", "XU", "patent", "10000"),
                             receipt("2026Q1", "L1", "100000")])
    ledger.record(database, [receipt("2026Q2", "L2", "200000")])
    ledger.record(database, [receipt("2026Q3", "L1", "150000")])
    for period in ("2026Q1", "2026Q2", "2026Q3"):
        ledger.close(database, period)
    got = {period: {m: (row["recovered"], row["share"]) for m, row in figures(database, period).items()}
           for period in ("2026Q1", "2026Q2", "2026Q3")}
    # Q1: recovery at most 10 % of 100,000 = 10,000 of the 40,000 owed, pro rata 3:1 (7,500 / 2,500); the rest
    # 90,000 60/40. Q2: 10 % of 200,000 = 20,000 of the 30,000 still owed (15,000 / 5,000); 180,000 60/40.
    # Q3: 10 % of 150,000 = 15,000, but only 10,000 is still owed (7,500 / 2,500); 140,000 60/40.
    assert got == {
        "2026Q1": {"JH": ("7500.00", "54000.00"), "XU": ("2500.00", "36000.00")},
        "2026Q2": {"JH": ("15000.00", "108000.00"), "XU": ("5000.00", "72000.00")},
        "2026Q3": {"JH": ("7500.00", "84000.00"), "XU": ("2500.00", "56000.00")},
    }


def test_tiers_example(book):
    database = ledger.init_book(book, TIERS)
    quarters(database, 2)
    ledger.record(database, [expense("2026Q1", "JH", "patent", "20000"), receipt("2026Q1", "L1", "420000")])
    ledger.close(database, "2026Q1")
    ledger.record(database, [receipt("2026Q2", "L1", "300000")])
    ledger.close(database, "2026Q2")
    # Q1: 20,000 repays JH's patent costs; 400,000 reaches the tiers (cumulative 0 -> 400,000): 50/50.
    # Q2: 300,000 moves the cumulative amount 400,000 -> 700,000: 100,000 below 500,000 at 50/50 (50,000 each)
    # and 200,000 above at 70/30 (140,000 / 60,000): JH 190,000, XU 110,000.
    q1, q2 = figures(database, "2026Q1"), figures(database, "2026Q2")
    assert (q1["JH"]["recovered"], q1["JH"]["share"], q1["XU"]["share"]) == ("20000.00", "200000.00", "200000.00")
    assert (q2["JH"]["share"], q2["XU"]["share"]) == ("190000.00", "110000.00")


def test_amendment_applies_from_its_date(book, tmp_path):
    database = ledger.init_book(book, COST_RECOVERY)
    quarters(database, 2)
    assert ledger.amend(database, THROTTLED, "2026-04-01") == 2
    ledger.record(database, [receipt("2026Q1", "L1", "1000"), receipt("2026Q2", "L1", "1000")])
    ledger.close(database, "2026Q1")
    ledger.close(database, "2026Q2")
    q1 = ledger.book_figures(database, period="2026Q1")
    q2 = ledger.book_figures(database, period="2026Q2")
    assert q1["agreement"]["version"] == 1 and q1["agreement"]["sha256"] == load(COST_RECOVERY).sha256
    assert q2["agreement"]["version"] == 2 and q2["agreement"]["sha256"] == load(THROTTLED).sha256
    # Q1: fee 100 to JH, 900 split 1/2 each on L1; Q2 (throttled agreement): 60/40 of 1,000.
    assert (q1["members"]["JH"]["distributed"], q1["members"]["XU"]["distributed"]) == ("550.00", "450.00")
    assert (q2["members"]["JH"]["distributed"], q2["members"]["XU"]["distributed"]) == ("600.00", "400.00")
    with pytest.raises(BookError, match="closed"):
        ledger.amend(database, TIERS, "2026-05-01")
    assert ledger.verify(database) == []


def test_statement_of_every_period_and_one_member(book):
    database = cost_recovery_book(book)
    data = ledger.book_figures(database, member="XU")
    assert [item["period"] for item in data["periods"]] == ["2026Q1", "2026Q2"]
    assert all(list(item["members"]) == ["XU"] for item in data["periods"])
    assert json.dumps(data) == json.dumps(ledger.book_figures(database, member="XU"))  # same book, same data


def test_tampering_is_detected(book):
    database = cost_recovery_book(book)
    database.dispose()
    raw_execute(book, ["UPDATE ipshare_entries SET amount = '30000.50' WHERE ref = 'INV-1'"])
    problems = ledger.verify(ledger.open_book(book))
    assert any("ipshare_entries row" in p and "does not match its hash" in p for p in problems), problems
    assert any("period 2026Q1" in p for p in problems), problems


def test_tampering_with_a_frozen_distribution_and_removing_a_row(book):
    database = cost_recovery_book(book)
    database.dispose()
    raw_execute(book, ["UPDATE ipshare_distributions SET share = '6400.00' WHERE period = '2026Q1' AND member = 'JH'",
                       "DELETE FROM ipshare_entries WHERE entry = 'payment'"])
    problems = ledger.verify(ledger.open_book(book))
    assert any("JH's share is frozen as 6400.00, recomputed 6300.00" in p for p in problems), problems
    assert any("rows removed or added" in p or "link to the row before" in p for p in problems), problems


def test_the_database_refuses_updates(book):
    database = cost_recovery_book(book)
    from sqlalchemy import update

    from ipshare.books.tables import entries

    with pytest.raises(BookError, match="append-only"):
        with database.writing() as connection:
            connection.execute(update(entries).values(amount="1.00"))
    assert ledger.verify(database) == []


def test_a_crash_in_the_middle_of_a_close_leaves_the_period_open(book):
    database = ledger.init_book(book, COST_RECOVERY)
    quarters(database, 1)
    ledger.record(database, [receipt("2026Q1", "L1", "1000")])

    def crash(connection, appender):
        rows = appender.pending
        appender.pending = rows[:2]  # the closing row and one distribution row reach the database ...
        appender.flush()
        raise RuntimeError("power cut")  # ... then the process dies

    with pytest.raises(RuntimeError):
        ledger.close(database, "2026Q1", _before_flush=crash)
    with pytest.raises(BookError, match="is open"):
        ledger.book_figures(database, period="2026Q1")
    assert ledger.verify(database) == []
    ledger.close(database, "2026Q1")
    assert ledger.verify(database) == []


def test_two_writers_cannot_both_close_a_period(book):
    database = ledger.init_book(book, COST_RECOVERY)
    quarters(database, 1)
    ledger.record(database, [receipt("2026Q1", "L1", "1000")])
    other = {}

    def second_writer():
        try:
            ledger.close(ledger.open_book(book), "2026Q1")
            other["result"] = "closed"
        except BookError as error:
            other["result"] = str(error)

    thread = threading.Thread(target=second_writer)

    def while_holding_the_lock(connection, appender):
        thread.start()
        time.sleep(0.5)  # the second writer is now waiting for the lock this close holds
        assert thread.is_alive()

    ledger.close(database, "2026Q1", _before_flush=while_holding_the_lock)
    thread.join(30)
    assert other["result"] == "period 2026Q1: is closed already"
    assert ledger.verify(database) == []


@pytest.mark.parametrize("values, message", [
    (expense("2026Q1", "ZZ", "patent", "10"), "member: unknown member 'ZZ'"),
    (receipt("2026Q1", "L9", "10"), "source: unknown source 'L9'"),
    (receipt("2026Q1", "L1", "-10"), "amount: must be positive"),
    (receipt("2026Q1", "L1", "ten"), "amount: 'ten' is not a number"),
    (receipt("2026Q1", "L1", "10.001"), "more decimals than the currency's minor unit"),
    (receipt("2026Q1", "L1", "10", date="2026-05-01"), "date: 2026-05-01 is outside period 2026Q1"),
    (receipt("2026Q9", "L1", "10"), "period: no period '2026Q9'"),
    (payment("2026Q1", "JH", "10"), "JH is owed 0"),
    (dict(entry="refund", period="2026Q1", amount="1"), "entry: 'refund' is not an entry"),
])
def test_bad_entries_are_refused_and_nothing_is_written(book, values, message):
    database = ledger.init_book(book, COST_RECOVERY)
    quarters(database, 1)
    with pytest.raises(BookError, match=message.replace("(", r"\(")):
        ledger.record(database, [receipt("2026Q1", "L1", "5"), values])
    with database.reading() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM ipshare_entries").scalar() == 0


def test_closed_periods_refuse_entries_and_a_second_close(book):
    database = cost_recovery_book(book)
    with pytest.raises(BookError, match="period 2026Q1 is closed"):
        ledger.record(database, [receipt("2026Q1", "L1", "1")])
    with pytest.raises(BookError, match="closed already"):
        ledger.close(database, "2026Q2")
    with pytest.raises(BookError, match="overlaps"):
        ledger.add_period(database, "X", "2026-03-01", "2026-04-30")


def test_periods_close_in_order(book):
    database = ledger.init_book(book, COST_RECOVERY)
    quarters(database, 2)
    with pytest.raises(BookError, match="close period 2026Q1 first"):
        ledger.close(database, "2026Q2")


def test_a_book_of_another_schema_version_is_refused(book):
    ledger.init_book(book, COST_RECOVERY).dispose()
    raw_execute(book, ["INSERT INTO ipshare_schema (step, name) VALUES (99, 'from the future')"])
    with pytest.raises(BookError, match="schema version 99"):
        ledger.open_book(book)


def test_an_unreachable_server_is_one_line():
    with pytest.raises(BookError, match="cannot reach the database") as caught:
        connect("postgresql://nobody@127.0.0.1:9/nothing")
    assert "\n" not in str(caught.value)


def test_init_needs_a_new_book(tmp_path):
    target = str(tmp_path / "b.book")
    ledger.init_book(target, COST_RECOVERY).dispose()
    with pytest.raises(BookError, match="exists already"):
        ledger.init_book(target, COST_RECOVERY)
    with pytest.raises(BookError, match="no such book"):
        ledger.open_book(str(tmp_path / "missing.book"))


# Properties over generated books, on the waterfall itself (no database: fast). Periods of receipts from the two
# licences, patent and other expenses, under each example's waterfall.

period_strategy = st.fixed_dictionaries({
    "L1": st.integers(0, 10**7), "L2": st.integers(0, 10**7),
    "expenses": st.lists(st.tuples(st.sampled_from(["JH", "XU"]), st.sampled_from(["patent", "travel"]),
                                   st.integers(1, 10**6)), max_size=3),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([COST_RECOVERY, THROTTLED, TIERS]), st.lists(period_strategy, min_size=1, max_size=8))
def test_periods_add_up_to_receipts_and_to_the_cumulative_figures(path, periods):
    agreement = _example_agreement(path)
    state, totals = State(), {}
    for period in periods:
        receipts = {s: Fraction(period[s], 100) for s in ("L1", "L2") if period[s]}
        expenses = [(m, k, Fraction(a, 100)) for m, k, a in period["expenses"]]
        state, result = distribute(state, members=agreement.members, steps=agreement.steps,
                                   schedules=agreement.schedules, receipts=receipts, expenses=expenses, payments={},
                                   rounding=Rounding(2, "listed-first", agreement.members),
                                   default_rule=agreement.default_rule)
        distributed = sum((row["distributed"] for row in result.lines.values()), Decimal(0))
        assert distributed == Decimal(sum(period[s] for s in ("L1", "L2"))) / 100  # to the cent
        for member, row in result.lines.items():
            assert row["distributed"] == row["recovered"] + row["fee"] + row["share"]
            for line in LINES:
                totals[(member, line)] = totals.get((member, line), Decimal(0)) + row[line]
    for (member, line), total in totals.items():
        assert total == state.rounded[line].get(member, Decimal(0))  # a member's periods sum to its cumulative


_AGREEMENTS = {}


def _example_agreement(path):
    if path not in _AGREEMENTS:
        from ipshare.books.ledger import _schedules

        scenario = load(path)
        row = {"version": 1, "effective": None, "sha256": scenario.sha256, "name": path.name, "format": "yaml",
               "scenario": path.read_bytes(), "schedule": json.dumps(_schedules(scenario), sort_keys=True)}
        _AGREEMENTS[path] = ledger.Agreement(row)
    return _AGREEMENTS[path]


@pytest.mark.parametrize("steps, message", [
    ("[{step: fee, member: JH, rate: 0.1}]", "ends with a split or tiers step"),
    ("[{step: split}, {step: fee, member: JH, rate: 0.1}]", "comes last"),
    ("[{step: split, shares: {JH: 0.5, XU: 0.4}}]", "the shares must sum to 1, they sum to 0.9"),
    ("[{step: split, shares: {JH: 1}, rule: shapley}]", "not both"),
    ("[{step: fee, member: ZZ, rate: 0.1}, {step: split}]", "ZZ"),
    ("[{step: recover, rate: 1.5}, {step: split}]", "rate"),
    ("[{step: bonus}]", "step"),
    ("[{step: tiers, tiers: [{upto: 100, shares: {JH: 1}}, {upto: 50, shares: {XU: 1}}, {shares: {JH: 1}}]}]",
     "upto"),
    ("[{step: tiers, tiers: [{shares: {JH: 1}}, {shares: {XU: 1}}]}]", "every tier but the last needs `upto`"),
    ("[]", "name at least one step"),
])
def test_a_bad_distribution_is_one_line_naming_the_field(steps, message):
    from ipshare.errors import ScenarioError
    from ipshare.model import loads

    text = COST_RECOVERY.read_text().split("  distribution:")[0] + f"  distribution: {steps}\n"
    with pytest.raises(ScenarioError, match=message.replace("(", r"\(")) as caught:
        loads(text, name="x.yaml")
    assert str(caught.value).startswith("x.yaml:") and "agreement.distribution" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_corrections_name_the_entry_they_correct(book):
    database = ledger.init_book(book, THROTTLED)
    quarters(database, 3)
    ledger.record(database, [receipt("2026Q1", "L1", "10000", ref="A")])
    ledger.close(database, "2026Q1")
    with pytest.raises(BookError, match="nets to 10000.00 with its corrections"):
        ledger.record(database, [receipt("2026Q2", None, "-10000.01", corrects="A")])
    with pytest.raises(BookError, match="source: entry A has source L1"):
        ledger.record(database, [receipt("2026Q2", "L2", "-1", corrects="A")])
    with pytest.raises(BookError, match="corrects: no entry with reference 'B'"):
        ledger.record(database, [receipt("2026Q2", "L1", "-1", corrects="B")])
    with pytest.raises(BookError, match="corrects: entry A is a receipt"):
        ledger.record(database, [expense("2026Q2", "JH", "patent", "-1", corrects="A")])
    # Q2: the receipt A was 1,000 too much; 5,000 from L2. Net receipts 4,000, 60/40: JH 2,400, XU 1,600.
    ledger.record(database, [receipt("2026Q2", None, "-1000", corrects="A"), receipt("2026Q2", "L2", "5000")])
    ledger.close(database, "2026Q2")
    q2 = figures(database, "2026Q2")
    assert (q2["JH"]["share"], q2["XU"]["share"]) == ("2400.00", "1600.00")
    assert ledger.book_figures(database, period="2026Q2")["sources"] == {"L1": "-1000.00", "L2": "5000.00"}
    ledger.record(database, [receipt("2026Q3", None, "-500", corrects="A")])
    with pytest.raises(BookError, match="net to less than nothing"):
        ledger.close(database, "2026Q3")
    assert ledger.verify(database) == []


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.sampled_from([COST_RECOVERY, THROTTLED, TIERS]), st.lists(period_strategy, min_size=1, max_size=4))
def test_generated_books_add_up_and_verify(tmp_path_factory, path, periods):
    """The same properties through the database: each period's distributed sums to its receipts, each member's
    periods to its cumulative figures, and the book verifies."""
    database = ledger.init_book(str(tmp_path_factory.mktemp("b") / "g.book"), path)
    quarters(database, len(periods))
    ids = [f"{2026 + i // 4}Q{i % 4 + 1}" for i in range(len(periods))]
    for period_id, period in zip(ids, periods, strict=True):
        rows = [receipt(period_id, s, f"{Decimal(period[s]) / 100:.2f}") for s in ("L1", "L2") if period[s]]
        rows += [expense(period_id, m, k, f"{Decimal(a) / 100:.2f}") for m, k, a in period["expenses"]]
        ledger.record(database, rows)
        ledger.close(database, period_id)
    data = ledger.book_figures(database)
    totals = {}
    for item in data["periods"]:
        assert sum(Decimal(row["distributed"]) for row in item["members"].values()) == Decimal(item["receipts"])
        for member, row in item["members"].items():
            totals[member] = totals.get(member, Decimal(0)) + Decimal(row["distributed"])
            assert Decimal(row["closing"]) == totals[member]  # no payments: the closing is the cumulative total
    assert ledger.verify(database) == []
    database.dispose()


def test_a_member_who_joins_mid_period_shares_for_its_part_of_it(book, tmp_path):
    """Issue 16's members_in_force: XU joins on 15 February 2026, so it is a member for 45 of 2026Q1's 90 days.
    Split 60/40 weighted by the part of the period: JH 0.6 × 1, XU 0.4 × 1/2 = 0.2, summed to 1 again: JH 3/4,
    XU 1/4 of the 1,000 left (no costs owed); in 2026Q2 both are members throughout: 60/40."""
    text = THROTTLED.read_text().replace("    type: university\n  XU:", "    type: university\n  XU:\n    joined: "
                                                                         "\"2026-02-15\"", 1)
    assert "joined" in text
    scenario = tmp_path / "joining.yaml"
    scenario.write_text(text)
    database = ledger.init_book(book, scenario)
    quarters(database, 2)
    ledger.record(database, [receipt("2026Q1", "L1", "1000"), receipt("2026Q2", "L1", "1000")])
    ledger.close(database, "2026Q1")
    ledger.close(database, "2026Q2")
    q1, q2 = figures(database, "2026Q1"), figures(database, "2026Q2")
    assert (q1["JH"]["share"], q1["XU"]["share"]) == ("750.00", "250.00")
    assert (q2["JH"]["share"], q2["XU"]["share"]) == ("600.00", "400.00")
    assert ledger.verify(database) == []


# Receipts in another currency (docs/books.md, "Receipts in other currencies"). The rates are
# scenarios/rates/usd-cny-2025-03.csv; usd-receipts.yaml converts at the receipt date's rate (7 days back at most)
# and splits 60/40 by shares.
USD_RECEIPTS = EXAMPLES / "usd-receipts.yaml"
RATES = ROOT / "scenarios" / "rates" / "usd-cny-2025-03.csv"


def usd_book(book):
    from ipshare.books.rates import record_rates

    database = ledger.init_book(book, USD_RECEIPTS)
    ledger.add_period(database, "2025Q1", "2025-01-01", "2025-03-31")
    assert record_rates(database, RATES)[:2] == (1, 10)
    return database


def test_a_receipt_in_usd_is_converted_and_split_in_cny(book):
    database = usd_book(book)
    ledger.record(database, [
        # 12,345.67 USD on Wednesday 12 March at that day's 7.1752: 88,582.651384 CNY exactly, booked 88,582.65.
        receipt("2025Q1", "L1", "12345.67", currency="USD", date="2025-03-12", ref="W1"),
        # 1,000 USD on Sunday 16 March: Friday 14 March's 7.1760, 7,176.00 CNY.
        receipt("2025Q1", "L2", "1000", currency="USD", date="2025-03-16", ref="W2"),
        receipt("2025Q1", "L2", "100.00", date="2025-03-20"),  # in CNY, the book's currency: as before
    ])
    ledger.close(database, "2025Q1")
    data = ledger.book_figures(database, period="2025Q1")
    assert data["sources"] == {"L1": "88582.65", "L2": "7276.00"}
    assert data["receipts"] == "95858.65"
    # 60/40 by source, each rounded as one column: L1 53,149.590 | 35,433.060 -> 53,149.59 and 35,433.06;
    # L2 4,365.60 and 2,910.40.
    assert data["members"]["JH"]["sources"] == {"L1": "53149.59", "L2": "4365.60"}
    assert data["members"]["XU"]["sources"] == {"L1": "35433.06", "L2": "2910.40"}
    assert data["alliance"]["distributed"] == "95858.65"
    first, second = data["conversions"]
    assert first == {"source": "L1", "date": "2025-03-12", "ref": "W1", "amount": "12345.67", "currency": "USD",
                     "rate": "7.1752", "rule": "receipt-date", "rate_date": "2025-03-12",
                     "rate_source": first["rate_source"], "converted": "88582.651384", "booked": "88582.65"}
    assert first["rate_source"].startswith("People's Bank of China")
    assert (second["rate"], second["rate_date"], second["converted"], second["booked"]) == (
        "7.176", "2025-03-14", "7176", "7176.00")
    assert ledger.verify(database) == []


def test_a_missing_rate_is_one_line_and_records_nothing(book):
    database = usd_book(book)
    rows = [receipt("2025Q1", "L1", "10", currency="USD", date="2025-03-12"),
            # 31 March: the latest rate is of 14 March, 17 days before (more than 7).
            receipt("2025Q1", "L1", "10", currency="USD", date="2025-03-31")]
    with pytest.raises(BookError, match="no USD/CNY rate for 2025-03-31") as caught:
        ledger.record(database, rows)
    assert "\n" not in str(caught.value)
    with pytest.raises(BookError, match="needs its date"):
        ledger.record(database, [receipt("2025Q1", "L1", "10", currency="USD")])
    with pytest.raises(BookError, match="the renminbi's ISO 4217 code is CNY"):
        ledger.record(database, [receipt("2025Q1", "L1", "10", currency="RMB", date="2025-03-12")])
    with pytest.raises(BookError, match="only receipts"):
        ledger.record(database, [expense("2025Q1", "JH", "patent", "10", currency="USD", date="2025-03-12")])
    ledger.close(database, "2025Q1")
    assert ledger.book_figures(database, period="2025Q1")["receipts"] == "0.00"


def test_a_book_without_rates_refuses_a_foreign_receipt(book):
    database = ledger.init_book(book, USD_RECEIPTS)
    ledger.add_period(database, "2025Q1", "2025-01-01", "2025-03-31")
    with pytest.raises(BookError, match="no exchange rates"):
        ledger.record(database, [receipt("2025Q1", "L1", "10", currency="USD", date="2025-03-12")])


def test_period_average_and_a_second_rate_table(book, tmp_path):
    from ipshare.books.rates import record_rates

    scenario = tmp_path / "average.yaml"
    scenario.write_text(USD_RECEIPTS.read_text().replace("rule: receipt-date, max_age_days: 7",
                                                         "rule: period-average"))
    database = ledger.init_book(book, scenario)
    ledger.add_period(database, "2025-03", "2025-03-01", "2025-03-31")
    record_rates(database, RATES)
    # The ten March rates sum to 71.7356; their mean is 7.17356; 1,000 USD is 7,173.56 CNY.
    ledger.record(database, [receipt("2025-03", "L1", "1000", currency="USD", date="2025-03-05")])
    # A second table may add days; one that changes a day the book has is refused.
    more = tmp_path / "more.csv"
    more.write_text("# source: a second table\ndate,from,to,rate\n2025-03-17,USD,CNY,7.1800\n")
    assert record_rates(database, more)[0] == 2
    changed = tmp_path / "changed.csv"
    changed.write_text("date,from,to,rate\n2025-03-12,USD,CNY,7.2\n")
    with pytest.raises(BookError, match="another rate for that day"):
        record_rates(database, changed)
    # Recorded after the second table: the mean of 11 rates, (71.7356 + 7.18) / 11 = 78.9156/11.
    ledger.record(database, [receipt("2025-03", "L2", "11", currency="USD", date="2025-03-20")])
    ledger.close(database, "2025-03")
    data = ledger.book_figures(database, period="2025-03")
    first, second = data["conversions"]
    assert (first["rate"], first["converted"], first["booked"]) == ("7.17356", "7173.56", "7173.56")
    assert first["rate_period"] == {"from": "2025-03-01", "to": "2025-04-01", "rates": 10}
    assert (second["rate"], second["converted"], second["booked"]) == ("197289/27500", "78.9156", "78.92")
    assert "a second table" in second["rate_source"]
    assert ledger.verify(database) == []


def test_tampering_with_a_conversion_is_detected(book):
    database = usd_book(book)
    ledger.record(database, [receipt("2025Q1", "L1", "12345.67", currency="USD", date="2025-03-12")])
    ledger.close(database, "2025Q1")
    database.dispose()
    raw_execute(book, ["UPDATE ipshare_conversions SET rate = '7.2752'"])
    problems = ledger.verify(ledger.open_book(book))
    assert any("its rate is recorded as 7.2752, converted again 7.1752" in p for p in problems)
    assert any("content does not match its hash" in p for p in problems)


def test_a_version_2_book_is_migrated_when_opened(tmp_path):
    from ipshare.books.tables import MIGRATIONS

    target = str(tmp_path / "old.book")
    database = connect(target, create=True)
    with database.writing(creating=True) as connection:
        from ipshare.books.tables import migrate

        migrate(connection, upto=2, steps=MIGRATIONS)
    database.dispose()
    opened = ledger.open_book(target)
    with opened.reading() as connection:
        from ipshare.books.tables import schema_version

        assert schema_version(connection) == 3
