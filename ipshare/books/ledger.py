"""A book's operations: create it, add periods, record entries, close a period, amend the agreement, verify.

Every operation is one transaction of :class:`~ipshare.books.database.Database` (:meth:`Database.writing`: one
writer at a time), so a refused change (a :class:`~ipshare.books.database.BookError`, one line) writes nothing and
a crash in the middle of a close leaves the period open and the book as it was. Rows are appended, never changed
(:mod:`ipshare.books.chain`; the database's own triggers refuse UPDATE and DELETE).

Closing a period runs :func:`ipshare.books.waterfall.distribute` under the agreement version in force at the
period's first day, on the balances the last closed period left, and freezes the result (a closing row with the
exact state, a distribution row per member). ``verify`` walks the hash chain and recomputes every closed period
from the entries and the stored scenario files; each problem is one line.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from ..errors import IpshareError
from ..exact import DEFAULT_TIES, Rounding, minor_unit
from ..model.currency import currency_minor_unit, currency_problem
from ..model.distribution import Split, waterfall_of
from .chain import GENESIS, Appender, chain_rows, head, row_hash
from .database import BookError, connect
from .entries import FIELDS
from .rates import book_rates, conversion_of, exact_text
from .schedule import Schedule, ScheduleError, rule_of, schedule_of
from .tables import (
    SCHEMA_VERSION,
    agreements,
    closings,
    conversions,
    distributions,
    entries,
    migrate,
    periods,
    schema_version,
)
from .waterfall import LINES, State, WaterfallError, distribute

__all__ = [
    "ENTRY_KINDS",
    "FIELDS",
    "Agreement",
    "open_book",
    "init_book",
    "add_period",
    "record",
    "close",
    "amend",
    "verify",
    "book_figures",
]

ENTRY_KINDS = ("receipt", "expense", "payment")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,31}$")
_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}


class Agreement:
    """One agreement version of a book: its scenario (loaded from the stored bytes), steps and schedules."""

    def __init__(self, row):
        from ..model import loads

        self.version = row["version"]
        self.effective = row["effective"]
        self.sha256 = row["sha256"]
        self.name = row["name"]
        self.scenario = loads(bytes(row["scenario"]), row["format"], name=row["name"])
        self.steps = waterfall_of(self.scenario.agreement)
        self.default_rule = rule_of(self.scenario)
        self.schedules = {rule: Schedule.from_data(data) for rule, data in json.loads(row["schedule"]).items()}
        self.members = tuple(self.scenario.members)
        self.sources = tuple(source.id for source in self.scenario.revenue)
        terms = getattr(self.scenario.agreement, "rounding", None)
        self.rounding = Rounding(minor_unit(self.scenario.currency, self.scenario.alliance.minor_unit),
                                 terms.ties if terms is not None else DEFAULT_TIES, self.members)

    def shares_of(self, source) -> bool:
        """Whether every split by rule of the waterfall gives shares of ``source``."""
        return all(schedule.of(source) is not None for schedule in self.schedules.values())


@lru_cache(maxsize=64)
def _agreement_cached(version, effective, sha256, name, fmt, scenario, schedule):
    return Agreement({"version": version, "effective": effective, "sha256": sha256, "name": name, "format": fmt,
                      "scenario": scenario, "schedule": schedule})


def _agreement(row) -> Agreement:
    return _agreement_cached(row["version"], row["effective"], row["sha256"], row["name"], row["format"],
                             bytes(row["scenario"]), row["schedule"])


def _schedules(scenario) -> dict:
    """The schedules every split by rule of the scenario's waterfall needs, frozen as JSON data."""
    rules = []
    for step in waterfall_of(scenario.agreement):
        if isinstance(step, Split) and step.shares is None:
            rules.append(rule_of(scenario, step.rule))
    try:
        return {rule: schedule_of(scenario, rule).to_data() for rule in dict.fromkeys(rules)}
    except ScheduleError as error:
        raise BookError(f"{scenario.path}: {error}") from None


def _read_scenario(path):
    from ..model import load

    path = Path(path)
    scenario = load(path)
    if scenario.game is not None or not scenario.revenue:
        raise BookError(f"{path}: the books distribute an alliance's revenue; this scenario has no revenue sources")
    fmt = _FORMATS.get(path.suffix.lower(), "yaml")
    return scenario, path.read_bytes(), fmt


def _check_schema(connection, shown):
    version = schema_version(connection)
    if version is None:
        raise BookError(f"{shown}: not an ipshare book (no ipshare_schema table)")
    if version != SCHEMA_VERSION:
        raise BookError(f"{shown}: a book of schema version {version}; this ipshare reads version {SCHEMA_VERSION}")


def open_book(target):
    """Open an existing book and check its schema version."""
    database = connect(target)
    with database.reading() as connection:
        version = schema_version(connection)
    if version is not None and 2 <= version < SCHEMA_VERSION:
        # The later steps only add tables: an older book is brought up to date, in one transaction.
        with database.writing() as connection:
            migrate(connection)
    with database.reading() as connection:
        _check_schema(connection, database.shown)
    return database


def init_book(target, scenario_path):
    """A new book for the scenario at ``scenario_path`` (its agreement is version 1, in force from the start)."""
    scenario, data, fmt = _read_scenario(scenario_path)
    schedules = _schedules(scenario)
    database = connect(target, create=True)
    try:
        with database.writing(creating=True) as connection:
            if schema_version(connection) is not None:
                raise BookError(f"{database.shown}: holds a book already")
            migrate(connection)
            appender = Appender(connection)
            appender.add(agreements, {
                "version": 1, "effective": None, "sha256": scenario.sha256, "name": Path(scenario_path).name,
                "format": fmt, "scenario": data, "schedule": json.dumps(schedules, sort_keys=True),
                "agreement": scenario.sha256,
            })
            appender.flush()
    except BaseException:
        database.dispose()
        if database.location.kind == "sqlite":
            _remove_new_file(database.location.path)
        raise
    return database


def _remove_new_file(path):
    try:
        Path(path).unlink()
    except OSError:
        pass


def _agreement_rows(connection):
    return [dict(row) for row in connection.execute(agreements.select().order_by(agreements.c.version)).mappings()]


def _in_force(rows, day) -> dict:
    """The agreement version in force on ``day``: the last one effective on or before it."""
    chosen = rows[0]
    for row in rows[1:]:
        if row["effective"] is not None and row["effective"] <= day:
            chosen = row
    return chosen


def _period_rows(connection):
    return [dict(row) for row in connection.execute(periods.select().order_by(periods.c.first_day)).mappings()]


def _closed(connection) -> dict:
    return {row["period"]: dict(row) for row in connection.execute(closings.select().order_by(closings.c.seq))
            .mappings()}


def _date(text, what):
    try:
        return datetime.date.fromisoformat(str(text)).isoformat()
    except ValueError:
        raise BookError(f"{what}: {text!r} is not a date (YYYY-MM-DD)") from None


def add_period(database, period_id, first, last):
    """A new accounting period ``period_id`` from ``first`` to ``last`` (ISO dates, inclusive)."""
    if not _ID.match(str(period_id)):
        raise BookError(f"period {period_id!r}: a period id is 1 to 32 letters, digits or . _ : / - (no spaces)")
    first, last = _date(first, "--from"), _date(last, "--to")
    if first > last:
        raise BookError(f"period {period_id}: it ends ({last}) before it begins ({first})")
    with database.writing() as connection:
        rows = _period_rows(connection)
        closed = _closed(connection)
        for row in rows:
            if row["id"] == period_id:
                raise BookError(f"period {period_id}: exists already ({row['first_day']} to {row['last_day']})")
            if first <= row["last_day"] and row["first_day"] <= last:
                raise BookError(f"period {period_id}: overlaps period {row['id']} ({row['first_day']} to "
                                f"{row['last_day']})")
            if row["id"] in closed and first < row["first_day"]:
                raise BookError(f"period {period_id}: begins before period {row['id']}, which is closed; a new "
                                "period comes after the closed ones")
        agreement = _in_force(_agreement_rows(connection), first)
        appender = Appender(connection)
        appender.add(periods, {"id": period_id, "first_day": first, "last_day": last,
                               "agreement": agreement["sha256"]})
        appender.flush()


_PLAIN_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


def _amount(value, digits, where, *, negative=False):
    text = str(value).strip()
    try:
        if not _PLAIN_DECIMAL.fullmatch(text):
            # Decimal() also reads "１００", "1_000" and "1e3": an amount is plain ASCII digits (docs/books.md)
            raise InvalidOperation
        amount = Decimal(text)
    except InvalidOperation:
        raise BookError(f"{where}amount: {text!r} is not a number") from None
    if not amount.is_finite():
        raise BookError(f"{where}amount: {text!r} is not a number")
    if amount <= 0 and not negative:
        raise BookError(f"{where}amount: must be positive, not {text}")
    if amount.as_tuple().exponent < -digits:
        raise BookError(f"{where}amount: {text} has more decimals than the currency's minor unit ({digits})")
    if abs(amount) >= Decimal(10) ** 18:
        raise BookError(f"{where}amount: {text} is too large")
    return f"{amount:.{digits}f}"


class _Context:
    """What checking entries needs, read once per transaction."""

    def __init__(self, connection):
        self.connection = connection
        self.agreement_rows = _agreement_rows(connection)
        self.periods = {row["id"]: row for row in _period_rows(connection)}
        self.closed = _closed(connection)
        # Every entry with a reference, and what it nets to with its corrections: ref -> [entry, source, member,
        # kind, net amount].
        self.refs = {}
        query = (entries.select().with_only_columns(entries.c.ref, entries.c.entry, entries.c.source,
                                                    entries.c.member, entries.c.kind, entries.c.amount,
                                                    entries.c.corrects)
                 .where((entries.c.ref.is_not(None)) | (entries.c.corrects.is_not(None))).order_by(entries.c.seq))
        for ref, kind, source, member, expense_kind, amount, corrects in connection.execute(query):
            if ref is not None:
                self.refs[ref] = [kind, source, member, expense_kind, Decimal(0)]
            target = self.refs.get(corrects if corrects is not None else ref)
            if target is not None:
                target[4] += Decimal(amount)
        self._balances = None
        self.payments = {}
        self._rates = None

    def rates(self):
        """The book's exchange rates (read once)."""
        if self._rates is None:
            self._rates = book_rates(self.connection, "the book's")
        return self._rates

    def agreement(self, period) -> Agreement:
        return _agreement(_in_force(self.agreement_rows, period["first_day"]))

    def balance(self, member) -> Decimal:
        """What ``member`` is owed now: the last closing less the payments recorded in open periods."""
        if self._balances is None:
            self._balances = {}
            if self.closed:
                last = list(self.closed.values())[-1]
                self._balances = {m: Decimal(v) for m, v in json.loads(last["state"])["balance"].items()}
            open_ids = [pid for pid in self.periods if pid not in self.closed]
            if open_ids:
                query = (entries.select().with_only_columns(entries.c.member, entries.c.amount)
                         .where(entries.c.entry == "payment", entries.c.period.in_(open_ids)))
                for member, amount in self.connection.execute(query):
                    self._balances[member] = self._balances.get(member, Decimal(0)) - Decimal(amount)
        return self._balances.get(member, Decimal(0))


def _entry_row(context, values, where=None):
    """An entry's row, checked: ``values`` maps :data:`FIELDS` to text or None; ``where(field)`` is the prefix of a
    message about ``field`` (a file's ``FILE:ROW:COLUMN: ``)."""
    def prefix(field):
        return where(field) if where is not None else ""

    def fail(field, message):
        raise BookError(f"{prefix(field)}{field}: {message}")

    kind = values.get("entry")
    if kind not in ENTRY_KINDS:
        fail("entry", f"{kind!r} is not an entry; use one of {', '.join(ENTRY_KINDS)}")
    period_id = values.get("period")
    if not period_id:
        fail("period", "missing; name the period the entry belongs to")
    period = context.periods.get(period_id)
    if period is None:
        fail("period", f"no period {period_id!r} in the book (add it with `ipshare books period`)")
    if period_id in context.closed:
        fail("period", f"period {period_id} is closed; record the entry in an open period")
    agreement = context.agreement(period)
    row = {"period": period_id, "entry": kind, "source": None, "member": None, "kind": None, "day": None,
           "ref": None, "corrects": None, "agreement": agreement.sha256}
    allowed = {"receipt": ("source",), "expense": ("member", "kind"), "payment": ("member",)}[kind]
    original = context.refs.get(str(values.get("corrects"))) if values.get("corrects") not in (None, "") else None
    for field, index in (("source", 1), ("member", 2), ("kind", 3)):
        given = values.get(field)
        if given in (None, "") and original is not None and original[0] == kind:
            given = original[index]  # a correction is of the corrected entry's source, member and kind
        if given in (None, ""):
            if field in allowed:
                fail(field, f"a {kind} needs a {field}")
            continue
        if field not in allowed:
            fail(field, f"a {kind} has no {field}")
        row[field] = str(given)
    if row["source"] is not None:
        if row["source"] not in agreement.sources:
            fail("source", f"unknown source {row['source']!r}; the agreement's sources are "
                           f"{', '.join(agreement.sources)}")
        if not agreement.shares_of(row["source"]):
            fail("source", f"the agreement's rule gives no shares of source {row['source']} (it is worth nothing "
                           "in the scenario), so its receipts cannot be split; amend the agreement")
    if row["member"] is not None and row["member"] not in agreement.members:
        fail("member", f"unknown member {row['member']!r}; the members are {', '.join(agreement.members)}")
    if row["kind"] is not None and not _ID.match(row["kind"]):
        fail("kind", f"{row['kind']!r}: a kind is a short word (letters, digits, . _ : / -)")
    if values.get("amount") in (None, ""):
        fail("amount", "missing")
    corrects = values.get("corrects")
    corrected = None
    if corrects not in (None, ""):
        corrected = context.refs.get(str(corrects))
        if corrected is None:
            fail("corrects", f"no entry with reference {corrects!r} to correct")
        if corrected[0] != kind:
            fail("corrects", f"entry {corrects} is a {corrected[0]}; its correction is a {corrected[0]} too")
        for field, index in (("source", 1), ("member", 2), ("kind", 3)):
            if row[field] is not None and row[field] != corrected[index]:
                fail(field, f"entry {corrects} has {field} {corrected[index]}; its correction has the same")
        row["corrects"] = str(corrects)
    currency = values.get("currency")
    book_currency = agreement.scenario.currency
    foreign = currency not in (None, "") and currency != book_currency
    if foreign:
        problem = currency_problem(currency)
        if problem:
            fail("currency", problem)
        if kind != "receipt":
            fail("currency", f"only receipts may be in another currency than the book's ({book_currency}); "
                             f"record the {kind} in {book_currency}")
        if book_currency is None:
            fail("currency", "the agreement names no currency (alliance.currency), so nothing can be converted to it")
        if values.get("date") in (None, ""):
            fail("date", f"a receipt in {currency} needs its date: it is converted at the rate of a day")
        original = _amount(values["amount"], currency_minor_unit(currency), prefix("amount"),
                           negative=corrected is not None)
        day = _date(values["date"], f"{prefix('date')}date")
        if not period["first_day"] <= day <= period["last_day"]:
            fail("date", f"{day} is outside period {period_id} ({period['first_day']} to {period['last_day']})")
        try:
            conversion, converted = conversion_of(
                context.rates(), Fraction(original), currency, book_currency, day, period["first_day"],
                period["last_day"], getattr(agreement.scenario.agreement, "conversion", None))
        except BookError as error:
            fail("currency", str(error))
        conversion["amount"] = original
        booked = agreement.rounding.amount(converted)
        if booked == 0:
            fail("amount", f"{original} {currency} is {exact_text(converted)} {book_currency}, nothing in the book's "
                           "minor unit")
        row["amount"] = f"{booked:.{agreement.rounding.digits}f}"
        row["_conversion"] = conversion
    else:
        row["amount"] = _amount(values["amount"], agreement.rounding.digits, prefix("amount"),
                                negative=corrected is not None)
    if corrected is not None:
        if Decimal(row["amount"]) == 0:
            fail("amount", "a correction of 0 changes nothing")
        if corrected[4] + Decimal(row["amount"]) < 0:
            fail("amount", f"entry {corrects} nets to {corrected[4]} with its corrections; a correction of "
                           f"{row['amount']} would make it negative")
        corrected[4] += Decimal(row["amount"])
    day = values.get("date")
    if day not in (None, ""):
        row["day"] = _date(day, f"{prefix('date')}date")
        if not period["first_day"] <= row["day"] <= period["last_day"]:
            fail("date", f"{row['day']} is outside period {period_id} ({period['first_day']} to "
                         f"{period['last_day']})")
    ref = values.get("ref")
    if ref not in (None, ""):
        ref = str(ref)
        if not _ID.match(ref):
            fail("ref", f"{ref!r}: a reference is 1 to 32 letters, digits or . _ : / - (no spaces)")
        if ref in context.refs:
            fail("ref", f"an entry with reference {ref} exists already")
        context.refs[ref] = [kind, row["source"], row["member"], row["kind"], Decimal(row["amount"])]
        row["ref"] = ref
    if kind == "payment":
        owed = context.balance(row["member"]) - context.payments.get(row["member"], Decimal(0))
        if Decimal(row["amount"]) > owed:
            fail("amount", f"{row['member']} is owed {owed} (closed periods less payments recorded since); a "
                           f"payment of {row['amount']} is more")
        context.payments[row["member"]] = context.payments.get(row["member"], Decimal(0)) + Decimal(row["amount"])
    return row


def record(database, rows) -> int:
    """Record entries in one transaction: all of them, or none when any is refused. Each row is a mapping of
    :data:`FIELDS`, or a pair (mapping, ``where``) as :func:`ipshare.books.entries.read_entries` gives. The count."""
    with database.writing() as connection:
        context = _Context(connection)
        appender = Appender(connection)
        count = 0
        for item in rows:
            values, where = item if isinstance(item, tuple) else (item, None)
            row = _entry_row(context, values, where)
            conversion = row.pop("_conversion", None)
            seq = appender.add(entries, row)
            if conversion is not None:
                appender.add(conversions, dict(conversion, entry=seq, agreement=row["agreement"]))
            count += 1
        appender.flush()
        return count


def _period_inputs(connection, period_id):
    receipts, expenses, payments = {}, [], {}
    query = (entries.select().with_only_columns(entries.c.entry, entries.c.source, entries.c.member, entries.c.kind,
                                                entries.c.amount)
             .where(entries.c.period == period_id).order_by(entries.c.seq))
    for kind, source, member, expense_kind, amount in connection.execute(query):
        value = Fraction(amount)
        if kind == "receipt":
            receipts[source] = receipts.get(source, Fraction(0)) + value
        elif kind == "expense":
            expenses.append((member, expense_kind, value))
        else:
            payments[member] = payments.get(member, Fraction(0)) + value
    return receipts, expenses, payments


def sharing_of(scenario, first_day, last_day):
    """The members in force in the period from ``first_day`` to ``last_day`` (ISO dates, inclusive), each with the
    part of the period it was a member (a Fraction); None when no member has ``joined`` or ``left`` dates."""
    if not any(member.joined or member.left for member in scenario.members.values()):
        return None
    from ..alliance.at_date import members_in_force

    start = datetime.date.fromisoformat(first_day)
    end = datetime.date.fromisoformat(last_day) + datetime.timedelta(days=1)
    length = (end - start).days
    return {member: Fraction(days, length) for member, days in members_in_force(scenario, start, end).items()}


def _compute(connection, period, agreement_rows, state):
    agreement = _agreement(_in_force(agreement_rows, period["first_day"]))
    receipts, expenses, payments = _period_inputs(connection, period["id"])
    if sum(receipts.values(), Fraction(0)) < 0:
        raise BookError(f"period {period['id']}: its receipts net to less than nothing (corrections of earlier "
                        "receipts); record the correction in a period with receipts to take it from")
    ordered = {source: receipts[source] for source in agreement.sources if source in receipts}
    try:
        new_state, figures = distribute(
            state, members=agreement.members, steps=agreement.steps, schedules=agreement.schedules,
            receipts=ordered, expenses=expenses, payments=payments, rounding=agreement.rounding,
            default_rule=agreement.default_rule,
            sharing=sharing_of(agreement.scenario, period["first_day"], period["last_day"]))
    except WaterfallError as error:
        raise BookError(f"period {period['id']}: {error}") from None
    return agreement, new_state, figures


def _state_text(state) -> str:
    return json.dumps(state.to_data(), sort_keys=True, separators=(",", ":"))


def _distribution_rows(period_id, agreement, figures):
    rows = []
    for member in agreement.members:
        line = figures.lines[member]
        row = {"period": period_id, "member": member, "agreement": agreement.sha256,
               "by_source": json.dumps({s: str(v) for s, v in figures.by_source[member].items()},
                                       separators=(",", ":"))}
        for key in ("opening", *LINES, "distributed", "paid", "closing"):
            row[key] = str(line[key])
        rows.append(row)
    return rows


def _last_state(closed) -> State:
    if not closed:
        return State()
    return State.from_data(json.loads(list(closed.values())[-1]["state"]))


def close(database, period_id, *, _before_flush=None):
    """Close period ``period_id``: compute its distribution and freeze it, in one transaction."""
    with database.writing() as connection:
        rows = _period_rows(connection)
        closed = _closed(connection)
        period = next((row for row in rows if row["id"] == period_id), None)
        if period is None:
            raise BookError(f"period {period_id!r}: no such period in the book")
        if period_id in closed:
            raise BookError(f"period {period_id}: is closed already")
        earlier = [row["id"] for row in rows if row["first_day"] < period["first_day"] and row["id"] not in closed]
        if earlier:
            raise BookError(f"period {period_id}: close period {earlier[0]} first (periods close in order)")
        agreement, state, figures = _compute(connection, period, _agreement_rows(connection), _last_state(closed))
        for member, line in figures.lines.items():
            if line["closing"] < 0:
                raise BookError(f"period {period_id}: {member} would be owed {line['closing']}; its payments exceed "
                                "what it was distributed")
        appender = Appender(connection)
        appender.add(closings, {"period": period_id, "version": agreement.version, "receipts": str(figures.receipts),
                                "state": _state_text(state), "agreement": agreement.sha256})
        for row in _distribution_rows(period_id, agreement, figures):
            appender.add(distributions, row)
        if _before_flush is not None:
            _before_flush(connection, appender)
        appender.flush()
        return figures


def amend(database, scenario_path, effective):
    """A new agreement version from the scenario at ``scenario_path``, in force from ``effective`` (ISO date)."""
    effective = _date(effective, "--effective")
    scenario, data, fmt = _read_scenario(scenario_path)
    schedules = _schedules(scenario)
    with database.writing() as connection:
        rows = _agreement_rows(connection)
        current = _agreement(rows[-1])
        if tuple(scenario.members) != current.members:
            raise BookError(f"{scenario_path}: the amended agreement has members {', '.join(scenario.members)}; the "
                            f"book's are {', '.join(current.members)} (members who join or leave: not yet)")
        if scenario.currency != current.scenario.currency:
            raise BookError(f"{scenario_path}: the amended agreement's currency ({scenario.currency}) is not the "
                            f"book's ({current.scenario.currency})")
        for row in rows[1:]:
            if row["effective"] >= effective:
                raise BookError(f"--effective: version {row['version']} is effective from {row['effective']}; an "
                                "amendment takes effect after the last one")
        closed = _closed(connection)
        for period in _period_rows(connection):
            if period["last_day"] >= effective and period["first_day"] <= effective and period["id"] in closed:
                raise BookError(f"--effective: period {period['id']} ({period['first_day']} to "
                                f"{period['last_day']}) is closed; an amendment takes effect after closed periods")
            if period["first_day"] >= effective and period["id"] in closed:
                raise BookError(f"--effective: period {period['id']} begins on or after {effective} and is closed")
        version = rows[-1]["version"] + 1
        appender = Appender(connection)
        appender.add(agreements, {
            "version": version, "effective": effective, "sha256": scenario.sha256,
            "name": Path(scenario_path).name, "format": fmt, "scenario": data,
            "schedule": json.dumps(schedules, sort_keys=True), "agreement": scenario.sha256,
        })
        appender.flush()
        return version


def verify(database) -> list[str]:
    """Every problem found in the book, one line each (an empty list: intact). Walks the hash chain, checks each
    row's agreement, the frozen schedules, and recomputes every closed period."""
    problems = []
    with database.reading() as connection:
        _check_schema(connection, database.shown)
        expected_seq, last = 1, GENESIS
        for table, row in chain_rows(connection):
            where = f"{table} row {row['seq']}"
            if row["seq"] != expected_seq:
                problems.append(f"{where}: expected row {expected_seq} of the chain here (rows removed or added)")
                expected_seq = row["seq"]
            if row["prev_hash"] != last:
                problems.append(f"{where}: its link to the row before is broken (a row before it was changed, "
                                "removed or added)")
            if row_hash(table, row) != row["row_hash"]:
                problems.append(f"{where}: its content does not match its hash (the row was changed)")
            if table == agreements.name and hashlib.sha256(bytes(row["scenario"])).hexdigest() != row["sha256"]:
                problems.append(f"{where}: the stored scenario's SHA-256 is not the one recorded")
            last = row["row_hash"]
            expected_seq += 1
        agreement_rows = _agreement_rows(connection)
        for row in agreement_rows:
            try:
                agreement = _agreement(row)
                again = json.dumps(_schedules(agreement.scenario), sort_keys=True)
            except IpshareError as error:
                problems.append(f"agreement version {row['version']}: cannot be read back: {error}")
                return problems
            if again != row["schedule"]:
                problems.append(f"agreement version {row['version']}: its frozen schedule is not what the engine "
                                "computes from its scenario")
        periods_by_id = {row["id"]: row for row in _period_rows(connection)}
        problems += _verify_conversions(connection, agreement_rows, periods_by_id)
        state = State()
        stored_rows = {}
        for row in connection.execute(distributions.select()).mappings():
            stored_rows.setdefault(row["period"], {})[row["member"]] = dict(row)
        for period_id, closing in _closed(connection).items():
            period = periods_by_id.get(period_id)
            if period is None:
                problems.append(f"period {period_id}: closed but not in the book")
                continue
            try:
                agreement, state_again, figures = _compute(connection, period, agreement_rows, state)
            except IpshareError as error:
                problems.append(f"period {period_id}: cannot be recomputed: {error}")
                break
            if closing["version"] != agreement.version or closing["agreement"] != agreement.sha256:
                problems.append(f"period {period_id}: closed under agreement version {closing['version']}, but "
                                f"version {agreement.version} is in force at its start")
            if closing["receipts"] != str(figures.receipts):
                problems.append(f"period {period_id}: receipts frozen as {closing['receipts']}, the entries sum to "
                                f"{figures.receipts}")
            if closing["state"] != _state_text(state_again):
                problems.append(f"period {period_id}: the balances frozen at its close are not what its entries "
                                "give")
            stored = stored_rows.get(period_id, {})
            for row in _distribution_rows(period_id, agreement, figures):
                frozen = stored.get(row["member"])
                if frozen is None:
                    problems.append(f"period {period_id}: no distribution row for {row['member']}")
                    continue
                for key, value in row.items():
                    if frozen[key] != value:
                        problems.append(f"period {period_id}: {row['member']}'s {key} is frozen as {frozen[key]}, "
                                        f"recomputed {value}")
            state = State.from_data(json.loads(closing["state"]))
    return problems


def _verify_conversions(connection, agreement_rows, periods_by_id) -> list[str]:
    """Convert every receipt in another currency again, with the rates the book had when it was recorded."""
    problems = []
    found = connection.execute(conversions.select().order_by(conversions.c.seq)).mappings().all()
    if not found:
        return problems
    booked = {row["seq"]: dict(row) for row in connection.execute(
        entries.select().where(entries.c.seq.in_([row["entry"] for row in found]))).mappings()}
    for row in found:
        where = f"the receipt in {row['currency']} (row {row['entry']})"
        entry = booked.get(row["entry"])
        period = periods_by_id.get(entry["period"]) if entry is not None else None
        if period is None:
            problems.append(f"{where}: its entry or period is missing")
            continue
        agreement = _agreement(_in_force(agreement_rows, period["first_day"]))
        try:
            again, converted = conversion_of(
                book_rates(connection, "the book's", before_seq=row["seq"]), Fraction(row["amount"]), row["currency"],
                agreement.scenario.currency, entry["day"], period["first_day"], period["last_day"],
                getattr(agreement.scenario.agreement, "conversion", None))
        except BookError as error:
            problems.append(f"{where}: cannot be converted again: {error}")
            continue
        for key, value in again.items():
            if row[key] != value:
                problems.append(f"{where}: its {key} is recorded as {row[key]}, converted again {value}")
        amount = f"{agreement.rounding.amount(converted):.{agreement.rounding.digits}f}"
        if entry["amount"] != amount:
            problems.append(f"{where}: booked as {entry['amount']} {agreement.scenario.currency}, converted again "
                            f"{amount}")
    return problems


def book_figures(database, *, period=None, member=None) -> dict:
    """The statement data of the book (DESIGN.md, "The alliance's books"; docs/output.md): one closed period, or
    every one in order under ``periods``; only ``member`` when given."""
    with database.reading() as connection:
        _check_schema(connection, database.shown)
        seq, seal = head(connection)
        agreement_rows = {row["version"]: row for row in _agreement_rows(connection)}
        closed = _closed(connection)
        periods_by_id = {row["id"]: row for row in _period_rows(connection)}
        first = _agreement(agreement_rows[1])
        if member is not None and member not in first.members:
            raise BookError(f"--member: unknown member {member!r}; the members are {', '.join(first.members)}")
        if period is not None:
            if period not in periods_by_id:
                raise BookError(f"--period: no period {period!r} in the book")
            if period not in closed:
                raise BookError(f"--period: period {period} is open; a statement shows closed periods")
            chosen = [period]
        else:
            chosen = list(closed)
        stored = {}
        query = distributions.select().where(distributions.c.period.in_(chosen)) if chosen else None
        if query is not None:
            for row in connection.execute(query).mappings():
                stored.setdefault(row["period"], {})[row["member"]] = dict(row)
        sources = {}
        if chosen:
            query = (entries.select().with_only_columns(entries.c.period, entries.c.source, entries.c.amount)
                     .where(entries.c.entry == "receipt", entries.c.period.in_(chosen)))
            for period_id, source, amount in connection.execute(query):
                mine = sources.setdefault(period_id, {})
                mine[source] = mine.get(source, Fraction(0)) + Fraction(amount)
        converted = {}
        if chosen:
            query = (conversions.join(entries, conversions.c.entry == entries.c.seq).select()
                     .with_only_columns(entries.c.period, entries.c.source, entries.c.day, entries.c.ref,
                                        entries.c.amount.label("booked"), conversions.c.currency,
                                        conversions.c.amount, conversions.c.rate, conversions.c.rule,
                                        conversions.c.rate_date, conversions.c.rate_from, conversions.c.rate_to,
                                        conversions.c.rate_count, conversions.c.source.label("rate_source"),
                                        conversions.c.converted)
                     .where(entries.c.period.in_(chosen)).order_by(conversions.c.seq))
            for found in connection.execute(query).mappings():
                line = {"source": found["source"], "date": found["day"], "ref": found["ref"],
                        "amount": found["amount"], "currency": found["currency"], "rate": found["rate"],
                        "rule": found["rule"], "rate_date": found["rate_date"], "rate_source": found["rate_source"],
                        "converted": found["converted"], "booked": found["booked"]}
                if found["rate_from"] is not None:
                    line["rate_period"] = {"from": found["rate_from"], "to": found["rate_to"],
                                           "rates": found["rate_count"]}
                converted.setdefault(found["period"], []).append(line)
        items = []
        for period_id in chosen:
            closing = closed[period_id]
            agreement = _agreement(agreement_rows[closing["version"]])
            digits = agreement.rounding.digits
            rows = stored.get(period_id, {})
            members = {}
            for name in agreement.members:
                if member is not None and name != member:
                    continue
                row = rows[name]
                members[name] = {key: row[key] for key in ("opening", *LINES, "distributed", "paid", "closing")}
                members[name]["sources"] = json.loads(row["by_source"])
            totals = {key: _sum([rows[m][key] for m in agreement.members], digits)
                      for key in ("opening", *LINES, "distributed", "paid", "closing")}
            receipts = sources.get(period_id, {})
            items.append({
                "period": period_id,
                "from": periods_by_id[period_id]["first_day"],
                "to": periods_by_id[period_id]["last_day"],
                "currency": agreement.scenario.currency,
                "receipts": closing["receipts"],
                "sources": {s: str(agreement.rounding.amount(receipts[s])) for s in agreement.sources
                            if s in receipts},
                "agreement": {"version": agreement.version, "sha256": agreement.sha256, "name": agreement.name,
                              "effective": agreement.effective},
                "members": members,
                "alliance": totals,
                "conversions": converted.get(period_id, []),
            })
        result = {"book": database.shown, "name": first.scenario.name, "currency": first.scenario.currency,
                  "head": {"rows": seq, "sha256": seal},
                  "names": {m: first.scenario.members[m].name for m in first.members}}
        if period is not None:
            result.update(items[0])
            result["currency"] = items[0]["currency"]
        else:
            result["periods"] = items
        return result


def _sum(values, digits):
    from ..exact import money_sum

    return f"{money_sum(Decimal(v) for v in values):.{digits}f}"

